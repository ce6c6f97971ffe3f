package io.talkport.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConfig;
import io.talkport.sandbox.SandboxException;
import io.talkport.sandbox.SandboxUser;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Users: single upsert with patch semantics, all-or-nothing batch upsert, read and list. */
@ApplicationScoped
class UserOps {

    private static final Set<String> FIELDS = Set.of("name", "email", "phone", "photoUrl", "headerPhotoUrl",
            "welcomeMessage", "role", "configuration", "locale", "availabilityText", "custom", "pushTokens", "id");

    private final SandboxConfig config;

    UserOps(SandboxConfig config) {
        this.config = config;
    }

    void upsert(SandboxApp app, String userId, JsonNode body) {
        SandboxJson.requireObject(body);
        List<String> errors = validate(userId, body, app.user(userId));
        if (!errors.isEmpty()) {
            throw new SandboxException(400, "INVALID_USER", errors);
        }
        apply(app, Map.of(userId, body));
    }

    /** Validates every entry first; any problem → 400 listing each offending user id, nothing applied. */
    int upsertBatch(SandboxApp app, JsonNode body) {
        SandboxJson.requireObject(body);
        if (body.size() > config.usersMaxBatch()) {
            throw SandboxException.badRequest("TOO_MANY_USERS",
                    "At most " + config.usersMaxBatch() + " users per batch; nothing was applied");
        }
        Map<String, String> invalid = new LinkedHashMap<>();
        body.fields().forEachRemaining(e -> {
            List<String> errors = e.getValue().isObject() ? validate(e.getKey(), e.getValue(), app.user(e.getKey()))
                    : List.of("The user must be a JSON object");
            if (!errors.isEmpty()) {
                invalid.put(e.getKey(), String.join("; ", errors));
            }
        });
        if (!invalid.isEmpty()) {
            throw new SandboxException(400, "INVALID_USERS", invalid);
        }
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        body.fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue()));
        apply(app, entries);
        return body.size();
    }

    SandboxUser get(SandboxApp app, String userId) {
        SandboxUser user = app.user(userId);
        if (user == null) {
            throw SandboxException.notFound("USER_NOT_FOUND", "There is no user with this id");
        }
        return user;
    }

    List<SandboxUser> list(SandboxApp app, String limitParam, String startingAfter) {
        int limit = SandboxJson.limit(limitParam, config.listDefaultLimit(), config.listMaxLimit());
        Map<SandboxUser.Key, String> tail = app.userOrder();
        if (startingAfter != null && !startingAfter.isEmpty()) {
            SandboxUser after = app.user(startingAfter);
            if (after == null) {
                throw SandboxException.badRequest("INVALID_STARTING_AFTER", "startingAfter is not a known user id");
            }
            tail = app.userOrder().tailMap(after.key(), false);
        }
        List<SandboxUser> page = new ArrayList<>(limit);
        for (String id : tail.values()) {
            SandboxUser user = app.user(id);
            if (user != null) {
                page.add(user);
            }
            if (page.size() == limit) {
                break;
            }
        }
        return page;
    }

    /**
     * {@code id} in the body is accepted when it equals the user's id (path or batch key): TalkJS's own published
     * Sendbird migration script sends {@code {"id": ..., "name": ...}} (talkjs/talkjs-examples,
     * rest-api/migrate-data-from-sendbird-to-talkjs); any other id is refused.
     */
    private List<String> validate(String userId, JsonNode body, SandboxUser existing) {
        List<String> errors = new ArrayList<>();
        SandboxJson.rejectUnknownFields(body, FIELDS, errors);
        JsonNode id = body.get("id");
        if (id != null && !(id.isTextual() && id.asText().equals(userId))) {
            errors.add("id must be omitted or equal the user id '" + userId + "'");
        }
        JsonNode name = body.get("name");
        if (name == null && existing == null && config.requireUserName()) {
            errors.add("name is required when creating a user");
        } else if (name != null && !name.isTextual()) {
            errors.add("name must be a string");
        }
        for (String field : List.of("email", "phone")) {
            JsonNode value = body.get(field);
            if (!(SandboxJson.isStringOrNull(value) || SandboxJson.isStringArray(value))) {
                errors.add(field + " must be a string, an array of strings or null");
            }
        }
        for (String field : List.of("photoUrl", "headerPhotoUrl", "welcomeMessage", "role", "configuration",
                "locale", "availabilityText")) {
            if (!SandboxJson.isStringOrNull(body.get(field))) {
                errors.add(field + " must be a string or null");
            }
        }
        JsonNode custom = body.get("custom");
        if (custom != null && !custom.isNull() && !SandboxJson.isCustomMap(custom, true)) {
            errors.add("custom must be an object with string values");
        }
        JsonNode pushTokens = body.get("pushTokens");
        if (pushTokens != null && !pushTokens.isNull() && !isPushTokens(pushTokens)) {
            errors.add("pushTokens must map \"fcm:<token>\" or \"apns:<token>\" to true or null");
        }
        return errors;
    }

    private static boolean isPushTokens(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            boolean keyOk = e.getKey().startsWith("fcm:") || e.getKey().startsWith("apns:");
            boolean valueOk = e.getValue().isNull() || (e.getValue().isBoolean() && e.getValue().asBoolean());
            if (!keyOk || !valueOk) {
                return false;
            }
        }
        return true;
    }

    /**
     * Merges, keeps the merged users in the store (one transaction), then shows them. User writes of one app take
     * turns (users are few next to messages), so the store and memory see them in the same order.
     */
    private void apply(SandboxApp app, Map<String, JsonNode> bodies) {
        synchronized (app.users()) {
            Map<String, SandboxUser> merged = new LinkedHashMap<>();
            bodies.forEach((id, body) -> {
                SandboxUser old = app.user(id);
                merged.put(id, merge(id, old, body, old == null ? app.nextCreatedAt() : old.createdAt()));
            });
            app.store().saveUsers(app.id(), merged.values());
            merged.values().forEach(user -> {
                if (app.users().put(user.id(), user) == null) {
                    app.userOrder().put(user.key(), user.id());
                }
            });
        }
    }

    private static SandboxUser merge(String id, SandboxUser old, JsonNode body, long createdAt) {
        String role = body.has("role") ? SandboxJson.textOrNull(body.get("role"))
                : body.has("configuration") ? SandboxJson.textOrNull(body.get("configuration"))
                : old == null ? null : old.role();
        return new SandboxUser(id,
                pick(body, "name", old == null ? null : old.name()),
                list(body, "email", old == null ? null : old.email()),
                list(body, "phone", old == null ? null : old.phone()),
                pick(body, "photoUrl", old == null ? null : old.photoUrl()),
                pick(body, "headerPhotoUrl", old == null ? null : old.headerPhotoUrl()),
                pick(body, "welcomeMessage", old == null ? null : old.welcomeMessage()),
                role,
                pick(body, "locale", old == null ? null : old.locale()),
                pick(body, "availabilityText", old == null ? null : old.availabilityText()),
                custom(body, old == null ? Map.of() : old.custom()),
                pushTokens(body, old == null ? null : old.pushTokens()),
                createdAt);
    }

    private static String pick(JsonNode body, String field, String old) {
        return body.has(field) ? SandboxJson.textOrNull(body.get(field)) : old;
    }

    private static List<String> list(JsonNode body, String field, List<String> old) {
        if (!body.has(field)) {
            return old;
        }
        JsonNode value = body.get(field);
        return value.isNull() ? null : value.isTextual() ? List.of(value.asText()) : SandboxJson.strings(value);
    }

    private static Map<String, String> custom(JsonNode body, Map<String, String> old) {
        JsonNode value = body.get("custom");
        if (value == null) {
            return old;
        }
        return value.isNull() ? Map.of() : SandboxJson.mergeCustom(old, value);
    }

    private static Map<String, Boolean> pushTokens(JsonNode body, Map<String, Boolean> old) {
        JsonNode value = body.get("pushTokens");
        if (value == null) {
            return old;
        }
        if (value.isNull()) {
            return null;
        }
        Map<String, Boolean> merged = new LinkedHashMap<>(old == null ? Map.of() : old);
        value.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                merged.remove(e.getKey());
            } else {
                merged.put(e.getKey(), Boolean.TRUE);
            }
        });
        return Map.copyOf(merged);
    }
}
