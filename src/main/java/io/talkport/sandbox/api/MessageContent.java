package io.talkport.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The text and file token of an import item: either the documented {@code text} field or the newer {@code content}
 * blocks ({@code {type:"text", children}}, {@code {type:"file", fileToken}}).
 */
record MessageContent(String text, String fileToken) {

    static MessageContent parse(JsonNode item, List<String> errors) {
        JsonNode text = item.get("text");
        JsonNode content = item.get("content");
        if (text != null && content != null) {
            errors.add("send either text or content, not both");
            return new MessageContent(null, null);
        }
        if (text != null) {
            if (!text.isTextual()) {
                errors.add("text must be a string");
            }
            return new MessageContent(text.asText(), null);
        }
        if (content == null || !content.isArray() || content.isEmpty()) {
            errors.add("text (a string) or content (an array of blocks) is required");
            return new MessageContent(null, null);
        }
        StringBuilder out = new StringBuilder();
        String fileToken = null;
        for (JsonNode block : content) {
            String type = block.path("type").asText("");
            if ("text".equals(type) && block.path("children").isArray()) {
                appendText(block.get("children"), out);
            } else if ("file".equals(type) && block.path("fileToken").isTextual() && fileToken == null) {
                fileToken = block.get("fileToken").asText();
            } else {
                errors.add("content blocks must be {type:\"text\", children} or one {type:\"file\", fileToken}");
                break;
            }
        }
        return new MessageContent(out.toString(), fileToken);
    }

    private static void appendText(JsonNode children, StringBuilder out) {
        for (JsonNode child : children) {
            if (child.isTextual()) {
                out.append(child.asText());
            } else if (child.path("text").isTextual()) {
                out.append(child.get("text").asText());
            } else if (child.path("children").isArray()) {
                appendText(child.get("children"), out);
            }
        }
    }
}
