package io.talkport.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A messages.jsonl item ready for staged_message. */
record StagedMessage(int line, String sourceId, String conversationId, String sender, long timestamp, String text,
        ArrayNode readBy, ObjectNode custom, String attachmentPath, String attachmentToken, boolean valid) {
}
