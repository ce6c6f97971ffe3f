package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Per-item rules of users.jsonl; turns an item into the TalkJS user object. */
final class UserRules {

    private static final String[] OPTIONAL_STRINGS = {"photoUrl", "role", "locale", "welcomeMessage"};

    private UserRules() {
    }

    /** The staged user, or null when the item has no usable id (then it is only an issue). */
    static StagedUser check(JsonNode item, ItemCheck check) {
        String id = check.requiredId(item, "id");
        check.itemId(id);
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        String name = check.requiredString(item, "name");
        payload.put("name", name);
        putArray(payload, "email", check.stringOrArray(item, "email"));
        putArray(payload, "phone", check.stringOrArray(item, "phone"));
        for (String field : OPTIONAL_STRINGS) {
            String value = check.optionalString(item, field);
            if (value != null) {
                payload.put(field, value);
            }
        }
        ObjectNode custom = check.custom(item);
        if (custom != null) {
            payload.set("custom", custom);
        }
        return id == null ? null : new StagedUser(check.line(), id, payload, !check.failed());
    }

    private static void putArray(ObjectNode payload, String field, ArrayNode values) {
        if (values != null) {
            payload.set(field, values);
        }
    }
}
