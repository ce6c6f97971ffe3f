package io.talkport.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talkport.sandbox.SandboxException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Body parsing and the type checks shared by the endpoints; every failure is a 400 with a fixed message. */
final class SandboxJson {

    private SandboxJson() {
    }

    /** Parses a body that must be JSON with {@code Content-Type: application/json}; null when it is empty. */
    static JsonNode parse(ObjectMapper mapper, String contentType, byte[] body, boolean required) {
        boolean empty = body == null || body.length == 0;
        if (empty) {
            if (required) {
                throw SandboxException.badRequest("MISSING_BODY", "This call needs a JSON body");
            }
            return null;
        }
        if (!isJson(contentType)) {
            throw SandboxException.badRequest("UNSUPPORTED_CONTENT_TYPE",
                    "Requests with a body must send Content-Type: application/json");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw SandboxException.badRequest("INVALID_JSON", "The body is not valid JSON");
            }
            return node;
        } catch (IOException e) {
            throw SandboxException.badRequest("INVALID_JSON", "The body is not valid JSON");
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String base = contentType.split(";", 2)[0].trim();
        return base.equalsIgnoreCase("application/json");
    }

    static JsonNode requireObject(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw SandboxException.badRequest("INVALID_BODY", "The body must be a JSON object");
        }
        return node;
    }

    /** Adds "Unknown field" errors for names outside {@code allowed}. */
    static void rejectUnknownFields(JsonNode object, Set<String> allowed, List<String> errors) {
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                errors.add("Unknown field '" + name + "'");
            }
        });
    }

    static boolean isStringOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isTextual();
    }

    static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    static boolean isStringArray(JsonNode node) {
        if (node == null || !node.isArray()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>(array.size());
        array.forEach(item -> out.add(item.asText()));
        return Collections.unmodifiableList(out);
    }

    /** A custom map: object whose values are strings, or null when {@code allowNullValues} (null deletes a key). */
    static boolean isCustomMap(JsonNode node, boolean allowNullValues) {
        if (node == null || !node.isObject()) {
            return false;
        }
        for (JsonNode value : node) {
            if (!(value.isTextual() || (allowNullValues && value.isNull()))) {
                return false;
            }
        }
        return true;
    }

    /** Merges a custom patch (null value deletes) into {@code base}. */
    static Map<String, String> mergeCustom(Map<String, String> base, JsonNode patch) {
        Map<String, String> merged = new LinkedHashMap<>(base == null ? Map.of() : base);
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                merged.remove(e.getKey());
            } else {
                merged.put(e.getKey(), e.getValue().asText());
            }
        });
        return merged.isEmpty() ? Map.of() : Collections.unmodifiableMap(merged);
    }

    /** Page size from the query: absent → default, outside 1..max → 400. */
    static int limit(String raw, int defaultLimit, int max) {
        if (raw == null || raw.isEmpty()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw SandboxException.badRequest("INVALID_LIMIT", "limit must be an integer from 1 to " + max);
    }
}
