package io.talkport.talkjs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message read back from TalkJS, for verification and reconciliation.
 *
 * @param senderId null for system messages
 * @param attachmentUrl null unless the message carries a file
 * @param attachmentSize null unless the message carries a file
 * @param reactions emoji → how many reacted, as the listing shows it ({@code {emoji: {"count": n}}}; -1 when it gives
 *                  no count), or null when the listing carries no {@code reactions} (../shared/talkjs-api.md 7.2)
 */
public record TalkJsMessage(String id, String conversationId, String type, String senderId, String text,
        long createdAt, List<String> readBy, String origin, Map<String, String> custom, String attachmentUrl,
        Long attachmentSize, Map<String, Integer> reactions) {

    /** Parses one element of a message list, tolerating missing fields. */
    static TalkJsMessage fromJson(JsonNode node) {
        List<String> readBy = new ArrayList<>();
        node.path("readBy").forEach(reader -> readBy.add(reader.asText()));
        Map<String, String> custom = new LinkedHashMap<>();
        node.path("custom").fields().forEachRemaining(e -> custom.put(e.getKey(), e.getValue().asText()));
        JsonNode attachment = node.path("attachment");
        boolean hasAttachment = attachment.isObject();
        return new TalkJsMessage(text(node, "id"), text(node, "conversationId"), text(node, "type"),
                text(node, "senderId"), text(node, "text"), node.path("createdAt").asLong(), List.copyOf(readBy),
                text(node, "origin"), Map.copyOf(custom), hasAttachment ? text(attachment, "url") : null,
                hasAttachment && attachment.hasNonNull("size") ? attachment.get("size").asLong() : null,
                reactions(node.get("reactions")));
    }

    private static Map<String, Integer> reactions(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().path("count").asInt(-1)));
        return Map.copyOf(counts);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Message texts are customer data: keep them out of logs that print records. */
    @Override
    public String toString() {
        return "TalkJsMessage[id=" + id + ", senderId=" + senderId + ", createdAt=" + createdAt + ", origin="
                + origin + ", attachment=" + (attachmentUrl != null) + "]";
    }
}
