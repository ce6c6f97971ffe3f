package io.talkport.sandbox;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where a sandbox app's data is kept beyond memory (PostgreSQL in the running app, see
 * {@code io.talkport.sandbox.store.PostgresSandboxStore}). The in-memory structures of {@link SandboxApp} serve the
 * reads; every change is written here first, in one transaction per call, and applied in memory only once it is
 * committed: a call answered 200 survives a restart, a failed write leaves memory as it was.
 */
public interface SandboxStore {

    /** Keeps nothing: plain unit tests. */
    SandboxStore NONE = new SandboxStore() {
    };

    default void saveUsers(String appId, Collection<SandboxUser> users) {
    }

    /** The conversation's fields and, in the same transaction, new or changed participants. */
    default void saveConversation(String appId, SandboxConversation.Attributes attributes,
                                  Map<String, SandboxConversation.Participation> participants) {
    }

    /** Inserts or overwrites these participants, keeping the join order of those already there. */
    default void saveParticipants(String appId, String conversationId,
                                  Map<String, SandboxConversation.Participation> participants) {
    }

    default void deleteParticipant(String appId, String conversationId, String userId) {
    }

    default void deleteConversation(String appId, String conversationId) {
    }

    /** One batch, one transaction: an import call's messages are all kept or none. */
    default void addMessages(String appId, List<SandboxMessage> messages) {
    }

    default void addReaction(String appId, String conversationId, String messageId, String emoji, String userId) {
    }

    default void deleteReaction(String appId, String conversationId, String messageId, String emoji,
                                String userId) {
    }

    default void saveFile(SandboxFile file) {
    }

    /** "Reset all data": every row of the app. */
    default void deleteAppData(String appId) {
    }

    /** Fills an empty app with what was kept (at start). */
    default void loadInto(SandboxApp app) {
    }
}
