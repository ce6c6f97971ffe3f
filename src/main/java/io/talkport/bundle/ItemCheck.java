package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Locale;
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
        String text = requiredRaw(item, field);
        noteReplacements(field, text);
        return text;
    }

    private String requiredRaw(JsonNode item, String field) {
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
        String id = requiredRaw(item, field);
        if (id != null) {
            checkId(field, id);
        }
        return id;
    }

    /**
     * Reports an id that cannot be stored as it is: a control character, or an unpaired UTF-16 surrogate (JSON
     * allows {@code "\ud800"}, UTF-8 and PostgreSQL do not: it would become U+FFFD, and ids that differ only there,
     * {@code x\ud800} and {@code x\udbff}, would collapse into one). Checked before ids are compared or stored.
     *
     * @return true when the id is usable
     */
    boolean checkId(String field, String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                error("INVALID_VALUE", field, String.format(Locale.ROOT, "\"%s\" contains the control "
                        + "character U+%04X at position %d; ids must be printable.", field, (int) c, i + 1));
                return false;
            }
        }
        int lone = TextChecks.unpairedSurrogate(id);
        if (lone >= 0) {
            error("INVALID_ID", field, String.format(Locale.ROOT, "\"%s\" contains the unpaired UTF-16 surrogate "
                    + "\\u%04x at position %d, which no UTF-8 text can hold; ids that differ only there would become "
                    + "the same id. Fix the id in the export (a surrogate must be followed or preceded by its pair).",
                    field, (int) id.charAt(lone), lone + 1));
            return false;
        }
        return true;
    }

    String optionalString(JsonNode item, String field) {
        JsonNode value = item.get(field);
        String text = value == null || value.isNull() ? null : string(value, field);
        noteReplacements(field, text);
        return text;
    }

    /** An optional string used as an id (message id): no replacement warning, since ids are checked instead. */
    String optionalIdString(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || value.isNull() ? null : string(value, field);
    }

    /**
     * Warns when staging will replace characters of a value with U+FFFD: a NUL (PostgreSQL text cannot hold it) or an
     * unpaired UTF-16 surrogate (UTF-8 cannot encode it). The item is imported; the value arrives changed.
     */
    void noteReplacements(String field, String text) {
        if (!TextChecks.needsReplacement(text)) {
            return;
        }
        int nul = text.indexOf('\0');
        int lone = TextChecks.unpairedSurrogate(text);
        int at = nul < 0 ? lone : lone < 0 ? nul : Math.min(nul, lone);
        String what = at == nul ? "a NUL character (U+0000)" : String.format(Locale.ROOT,
                "an unpaired UTF-16 surrogate (\\u%04x)", (int) text.charAt(at));
        warning("CHARACTERS_REPLACED", field, "\"" + field + "\" holds " + what + " at position " + (at + 1)
                + (TextChecks.count(text) > 1 ? " and " + (TextChecks.count(text) - 1) + " more such characters" : "")
                + "; TalkJS will show each as the replacement character U+FFFD (\uFFFD). Remove them from the export "
                + "to keep the text as written.");
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
        if (!field.equals("readBy")) {
            value.forEach(element -> noteReplacements(field, element.textValue()));
        }
        return (ArrayNode) value;
    }

    /**
     * The "custom" object, with string values only, as TalkJS requires. A value that is not a string is repaired
     * rather than refused: numbers and booleans become their JSON text ({@code 42} → {@code "42"}), arrays and
     * objects their compact JSON ({@code {"a":1}} → {@code "{\"a\":1}"}), each with a CUSTOM_STRINGIFIED warning; a
     * null value is left out (TalkJS reads a missing key and null alike). Null when absent or not an object.
     */
    ObjectNode custom(JsonNode item) {
        JsonNode value = item.get("custom");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            wrongType("custom", "an object", value);
            return null;
        }
        ObjectNode repaired = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode v = entry.getValue();
            if (v.isTextual()) {
                noteReplacements("custom." + entry.getKey(), v.textValue());
                continue;
            }
            repaired = repaired != null ? repaired : ((ObjectNode) value).deepCopy();
            if (v.isNull()) {
                repaired.remove(entry.getKey());
                continue;
            }
            String text = v.isValueNode() ? v.asText() : v.toString();
            repaired.put(entry.getKey(), text);
            warning("CUSTOM_STRINGIFIED", "custom." + entry.getKey(), "TalkJS custom data holds strings only: "
                    + describe(v) + " was turned into the string \"" + abbreviate(text) + "\". Give a string in the "
                    + "export to choose the text yourself.");
        }
        return repaired != null ? repaired : (ObjectNode) value;
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
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
