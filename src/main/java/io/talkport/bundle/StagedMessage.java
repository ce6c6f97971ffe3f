package io.talkport.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A messages.jsonl item ready for staged_message.
 *
 * @param reactions one per user and emoji, in the order given ({@link MessageReactions}); staged into staged_reaction
 */
record StagedMessage(int line, String sourceId, String conversationId, String sender, long timestamp, String text,
        ArrayNode readBy, ObjectNode custom, String attachmentPath, String attachmentToken, boolean valid,
        List<Reaction> reactions) {

    /** One user's reaction with one emoji. */
    record Reaction(String emoji, String userId) {
    }

    /** A message without reactions. */
    StagedMessage(int line, String sourceId, String conversationId, String sender, long timestamp, String text,
            ArrayNode readBy, ObjectNode custom, String attachmentPath, String attachmentToken, boolean valid) {
        this(line, sourceId, conversationId, sender, timestamp, text, readBy, custom, attachmentPath, attachmentToken,
                valid, List.of());
    }
}
