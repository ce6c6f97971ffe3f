package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/** Field checks for one item (one line); every problem is reported, and {@link #failed()} tells if any was an error. */
final class ItemCheck {

    private final String file;
    private final int line;
    private final IssueReporter reporter;
    private String itemId;
    private boolean failed;

    ItemCheck(String file, int line, IssueReporter reporter) {
        this.file = file;
        this.line = line;
        this.reporter = reporter;
    }

    void itemId(String id) {
        this.itemId = id;
    }

    boolean failed() {
        return failed;
    }

    int line() {
        return line;
    }

    void error(String code, String field, String message) {
        failed = true;
        reporter.report(new Issue(Severity.ERROR, code, file, line, field, itemId, message));
    }

    void warning(String code, String field, String message) {
        reporter.report(new Issue(Severity.WARNING, code, file, line, field, itemId, message));
    }

    /** A required non-empty string, or null after reporting MISSING_FIELD / WRONG_TYPE / INVALID_VALUE. */
    String requiredString(JsonNode item, String field) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            error("MISSING_FIELD", field, "Add the required field \"" + field + "\".");
            return null;
        }
        String text = string(value, field);
        if (text != null && text.isBlank()) {
            error("INVALID_VALUE", field, "\"" + field + "\" must not be empty.");
            return null;
        }
        return text;
    }

    /**
     * A required id: a non-empty string without control characters (TalkJS ids go into URL paths and pages). An id
     * with one is reported but still returned, so that items referring to it can name the cause.
     */
    String requiredId(JsonNode item, String field) {
        String id = requiredString(item, field);
        if (id != null) {
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                if (Character.isISOControl(c)) {
                    error("INVALID_VALUE", field, String.format(java.util.Locale.ROOT, "\"%s\" contains the control "
                            + "character U+%04X at position %d; ids must be printable.", field, (int) c, i + 1));
                    break;
                }
            }
        }
        return id;
    }

    String optionalString(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || value.isNull() ? null : string(value, field);
    }

    private String string(JsonNode value, String field) {
        if (!value.isTextual()) {
            wrongType(field, "a string", value);
            return null;
        }
        return value.textValue();
    }

    /** A string or an array of strings, as an array (null when absent or wrong). */
    ArrayNode stringOrArray(JsonNode item, String field) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return JsonNodeFactory.instance.arrayNode().add(value.textValue());
        }
        return stringArray(value, field, "a string or an array of strings");
    }

    ArrayNode optionalStringArray(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || value.isNull() ? null : stringArray(value, field, "an array of strings");
    }

    private ArrayNode stringArray(JsonNode value, String field, String expected) {
        if (!value.isArray()) {
            wrongType(field, expected, value);
            return null;
        }
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                wrongType(field, expected, element);
                return null;
            }
        }
        return (ArrayNode) value;
    }

    /** The "custom" object with string values only (null when absent or wrong). */
    ObjectNode custom(JsonNode item) {
        JsonNode value = item.get("custom");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            wrongType("custom", "an object", value);
            return null;
        }
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                ok = false;
                error("CUSTOM_NOT_STRING", "custom." + entry.getKey(), "TalkJS custom data holds strings only: "
                        + "turn the value of \"" + entry.getKey() + "\" into a string (e.g. \"42\" or \"true\").");
            }
        }
        return ok ? (ObjectNode) value : null;
    }

    void wrongType(String field, String expected, JsonNode actual) {
        error("WRONG_TYPE", field, "\"" + field + "\" must be " + expected + ", not " + describe(actual) + ".");
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
