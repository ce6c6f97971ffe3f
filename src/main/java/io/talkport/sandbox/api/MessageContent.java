package io.talkport.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * The body of an import item: the documented {@code text} field, or the newer {@code content} blocks as TalkJS's
 * transfer script sends them ({@code {type:"text", children}}, {@code {type:"file", fileToken}},
 * {@code {type:"location", latitude, longitude}}). {@code content} is the blocks as they will be kept (JSON), null for
 * plain text; {@code text} is their plain text. TalkJS documents one block per message (Message_Content page); the
 * sandbox refuses more (but for a text block followed by a file block, its own reading of a documented-form message
 * with an attachment), and text nodes of a type it does not know (docs/sandbox.md).
 */
record MessageContent(String text, String fileToken, String content) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Rich text node types of TalkJS's text blocks, as far as its Message_Content docs list them. */
    static final Set<String> NODE_TYPES = Set.of("bold", "italic", "strikethrough", "codeSpan", "link", "autoLink",
            "actionLink", "actionButton", "bulletList", "bulletPoint", "mention", "customEmoji");
    private static final int MAX_DEPTH = 20;

    static MessageContent parse(JsonNode item, List<String> errors) {
        JsonNode text = item.get("text");
        JsonNode content = item.get("content");
        if (text != null && content != null) {
            errors.add("send either text or content, not both");
            return new MessageContent(null, null, null);
        }
        if (text != null) {
            if (!text.isTextual()) {
                errors.add("text must be a string");
            }
            return new MessageContent(text.asText(), null, null);
        }
        if (isTextAndFile(content)) {
            MessageContent textBlock = block(content.get(0), errors);
            MessageContent fileBlock = block(content.get(1), errors);
            return new MessageContent(textBlock.text(), fileBlock.fileToken(), content.toString());
        }
        if (content == null || !content.isArray() || content.size() != 1 || !content.get(0).isObject()) {
            errors.add("text (a string) or content (an array of one block) is required");
            return new MessageContent(null, null, null);
        }
        return block(content.get(0), errors);
    }

    /**
     * A text block followed by a file block: how the sandbox reads back a documented-form message with both text and
     * an attachment, so TalkJS's transfer script can copy it from one sandbox app to another.
     */
    private static boolean isTextAndFile(JsonNode content) {
        return content != null && content.isArray() && content.size() == 2
                && "text".equals(content.get(0).path("type").asText())
                && "file".equals(content.get(1).path("type").asText());
    }

    private static MessageContent block(JsonNode block, List<String> errors) {
        ArrayNode kept = MAPPER.createArrayNode();
        String type = block.path("type").asText("");
        switch (type) {
            case "text" -> {
                StringBuilder out = new StringBuilder();
                if (!onlyFields(block, Set.of("type", "children")) || !block.path("children").isArray()
                        || !textNodes(block.get("children"), out, 0)) {
                    errors.add("a text block is {type:\"text\", children:[strings or text nodes of a known type]}");
                    return new MessageContent(null, null, null);
                }
                kept.add(block);
                return new MessageContent(out.toString(), null, kept.toString());
            }
            case "file" -> {
                if (!onlyFields(block, Set.of("type", "fileToken")) || !block.path("fileToken").isTextual()) {
                    errors.add("a file block is {type:\"file\", fileToken}");
                    return new MessageContent(null, null, null);
                }
                kept.add(block);
                return new MessageContent("", block.get("fileToken").asText(), kept.toString());
            }
            case "location" -> {
                if (!onlyFields(block, Set.of("type", "latitude", "longitude"))
                        || !coordinate(block.get("latitude"), 90) || !coordinate(block.get("longitude"), 180)) {
                    errors.add("a location block is {type:\"location\", latitude (-90..90), longitude (-180..180)}");
                    return new MessageContent(null, null, null);
                }
                kept.add(block);
                return new MessageContent("", null, kept.toString());
            }
            default -> {
                errors.add("content blocks are of type text, file or location");
                return new MessageContent(null, null, null);
            }
        }
    }

    private static boolean onlyFields(JsonNode block, Set<String> allowed) {
        var names = block.fieldNames();
        while (names.hasNext()) {
            if (!allowed.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private static boolean coordinate(JsonNode value, double max) {
        return value != null && value.isNumber() && Math.abs(value.asDouble()) <= max;
    }

    /** Checks the nodes and appends their text; false when a node is not a string or a known text node. */
    private static boolean textNodes(JsonNode children, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        for (JsonNode child : children) {
            if (child.isTextual()) {
                out.append(child.asText());
            } else if (child.isObject() && NODE_TYPES.contains(child.path("type").asText(""))) {
                JsonNode nested = child.get("children");
                if (nested != null && !(nested.isArray() && textNodes(nested, out, depth + 1))) {
                    return false;
                }
                if (nested == null && child.path("text").isTextual()) {
                    out.append(child.get("text").asText());
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /** The kept blocks of a stored message as JSON (for reading back), or null. */
    static ArrayNode blocks(String content) {
        if (content == null) {
            return null;
        }
        try {
            return (ArrayNode) MAPPER.readTree(content);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A kept message's content is not valid JSON", e);
        }
    }

    /** A location block's {@code [latitude, longitude]}, or null. */
    static List<Double> location(ArrayNode blocks) {
        if (blocks == null) {
            return null;
        }
        for (JsonNode block : blocks) {
            if ("location".equals(block.path("type").asText())) {
                return List.of(block.get("latitude").asDouble(), block.get("longitude").asDouble());
            }
        }
        return null;
    }

    static ObjectNode textBlock(String text) {
        ObjectNode block = MAPPER.createObjectNode();
        block.put("type", "text");
        block.putArray("children").add(text);
        return block;
    }
}
