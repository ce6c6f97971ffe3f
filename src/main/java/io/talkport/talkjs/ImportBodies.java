package io.talkport.talkjs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The JSON body of an import call in either form ({@link ImportFormat}); see talkjs-api.md §5.1 and §5.2. */
final class ImportBodies {

    private final ObjectMapper json;

    ImportBodies(ObjectMapper json) {
        this.json = json;
    }

    ArrayNode of(List<ImportMessage> messages, boolean content) {
        ArrayNode body = json.createArrayNode();
        messages.forEach(message -> body.add(content ? content(message) : documented(message)));
        return body;
    }

    /** {@code text, sender, timestamp, readBy, type, attachmentToken?, custom?}. */
    private ObjectNode documented(ImportMessage message) {
        ObjectNode node = json.createObjectNode();
        node.put("text", message.text());
        node.put("sender", message.sender());
        node.put("timestamp", message.timestamp());
        ArrayNode readBy = node.putArray("readBy");
        message.readBy().forEach(readBy::add);
        node.put("type", "UserMessage");
        if (message.attachmentToken() != null) {
            node.put("attachmentToken", message.attachmentToken());
        }
        custom(message, node);
        return node;
    }

    /**
     * {@code type, sender, createdAt, readBy?, custom?, content}: a text block, a file block with the file token, or
     * both when the message has text and an attachment (TalkJS documents one block per message; an app that refuses
     * two answers 400 and {@code auto} falls back to the documented form, which has both fields).
     */
    private ObjectNode content(ImportMessage message) {
        ObjectNode node = json.createObjectNode();
        node.put("type", "UserMessage");
        node.put("sender", message.sender());
        node.put("createdAt", message.timestamp());
        if (!message.readBy().isEmpty()) {
            ArrayNode readBy = node.putArray("readBy");
            message.readBy().forEach(readBy::add);
        }
        custom(message, node);
        ArrayNode blocks = node.putArray("content");
        if (!message.text().isEmpty() || message.attachmentToken() == null) {
            ObjectNode text = blocks.addObject().put("type", "text");
            text.putArray("children").add(message.text());
        }
        if (message.attachmentToken() != null) {
            blocks.addObject().put("type", "file").put("fileToken", message.attachmentToken());
        }
        return node;
    }

    private static void custom(ImportMessage message, ObjectNode node) {
        if (message.custom() != null) {
            ObjectNode custom = node.putObject("custom");
            message.custom().forEach(custom::put);
        }
    }
}
