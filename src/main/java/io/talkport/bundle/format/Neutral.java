package io.talkport.bundle.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small helpers for formats building neutral records (docs/bundle-format.md) from source JSON. */
public final class Neutral {

    /** Below this a time is in seconds, at or above it in milliseconds: 10^11 s is the year 5138, 10^11 ms 1973. */
    public static final long SECONDS_BELOW = 100_000_000_000L;

    private Neutral() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A string or number field as text, or null when absent, null, empty or of another type. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !(value.isTextual() || value.isNumber())) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }

    /** Puts {@code value} unless it is null or blank. */
    public static void putIfPresent(ObjectNode target, String field, String value) {
        if (value != null && !value.isBlank()) {
            target.put(field, value);
        }
    }

    /** A TalkJS custom value (strings only): strings as they are, anything else as its JSON text. */
    public static String customValue(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }

    /**
     * Milliseconds since 1970 from a number or numeric string in seconds or milliseconds (told apart by size, see
     * {@link #SECONDS_BELOW}); null when absent or not a number.
     */
    public static Long millis(JsonNode value) {
        if (value == null || !(value.isNumber() || value.isTextual())) {
            return null;
        }
        try {
            double number = value.isNumber() ? value.doubleValue() : Double.parseDouble(value.textValue());
            return number < SECONDS_BELOW ? Math.round(number * 1000) : (long) number;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** True when {@link #millis} would read the value as seconds. */
    public static boolean isSeconds(JsonNode value) {
        Long ms = millis(value);
        return ms != null && value.isNumber() && value.doubleValue() < SECONDS_BELOW;
    }

    /** The first value that is neither null nor blank, or null. */
    public static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /**
     * Adds one reactor to a message's neutral {@code reactions} ({@code {"emoji": [user ids]}}, docs/bundle-format.md,
     * "Reactions"), creating the emoji's array on first use.
     */
    public static void addReaction(ObjectNode reactions, String emoji, JsonNode userId) {
        JsonNode users = reactions.get(emoji);
        (users instanceof ArrayNode array ? array : reactions.putArray(emoji)).add(userId);
    }

    /** "file #3" for a report example. */
    public static String where(SourcePosition at) {
        return at.file() + " #" + at.line();
    }
}
