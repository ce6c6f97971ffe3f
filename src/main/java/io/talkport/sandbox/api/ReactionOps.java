package io.talkport.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConfig;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Emoji reactions, as TalkJS's transfer script uses them: list who reacted with an emoji, add one user's reaction
 * (at the current time: reactions cannot be imported with their time), remove it. Adding and removing are idempotent.
 * Where TalkJS is silent the sandbox is strict: the user must be a participant, the emoji at most 64 characters, the
 * body empty or {@code {}} (docs/sandbox.md).
 */
@ApplicationScoped
class ReactionOps {

    private static final int MAX_EMOJI = 64;

    private final SandboxConfig config;
    private final ConversationOps conversations;
    private final MessageOps messages;

    ReactionOps(SandboxConfig config, ConversationOps conversations, MessageOps messages) {
        this.config = config;
        this.conversations = conversations;
        this.messages = messages;
    }

    /** The users who reacted with {@code emoji}, oldest reaction first, as {@code {userId}}. */
    List<Map<String, String>> list(SandboxApp app, String conversationId, String messageId, String emoji,
                                  String limitParam, String startingAfter) {
        int limit = SandboxJson.limit(limitParam, config.listDefaultLimit(), config.listMaxLimit());
        messages.get(app, conversationId, messageId);
        List<String> users = conversations.get(app, conversationId).reactions(messageId)
                .getOrDefault(emoji, List.of());
        int from = 0;
        if (startingAfter != null && !startingAfter.isEmpty()) {
            from = users.indexOf(startingAfter) + 1;
            if (from == 0) {
                throw SandboxException.badRequest("INVALID_STARTING_AFTER", "startingAfter is not a user who reacted");
            }
        }
        List<Map<String, String>> page = new ArrayList<>();
        for (int i = from; i < users.size() && page.size() < limit; i++) {
            page.add(Map.of("userId", users.get(i)));
        }
        return page;
    }

    void put(SandboxApp app, String conversationId, String messageId, String emoji, String userId, JsonNode body) {
        requireEmptyBody(body);
        requireEmoji(emoji);
        messages.get(app, conversationId, messageId);
        SandboxConversation conversation = conversations.get(app, conversationId);
        synchronized (conversation) {
            if (!conversation.isParticipant(userId)) {
                throw SandboxException.badRequest("NOT_A_PARTICIPANT",
                        "Only participants of the conversation can react to its messages");
            }
            if (!conversation.hasReaction(messageId, emoji, userId)) {
                app.store().addReaction(app.id(), conversationId, messageId, emoji, userId);
                conversation.addReaction(messageId, emoji, userId);
            }
        }
    }

    void delete(SandboxApp app, String conversationId, String messageId, String emoji, String userId) {
        messages.get(app, conversationId, messageId);
        SandboxConversation conversation = conversations.get(app, conversationId);
        synchronized (conversation) {
            if (conversation.hasReaction(messageId, emoji, userId)) {
                app.store().deleteReaction(app.id(), conversationId, messageId, emoji, userId);
                conversation.removeReaction(messageId, emoji, userId);
            }
        }
    }

    private static void requireEmptyBody(JsonNode body) {
        if (body != null && !(body.isObject() && body.isEmpty())) {
            throw SandboxException.badRequest("INVALID_BODY", "A reaction takes no body, or {}");
        }
    }

    private static void requireEmoji(String emoji) {
        if (emoji.isBlank() || emoji.codePointCount(0, emoji.length()) > MAX_EMOJI) {
            throw SandboxException.badRequest("INVALID_EMOJI", "The emoji must be 1 to " + MAX_EMOJI + " characters");
        }
    }
}
