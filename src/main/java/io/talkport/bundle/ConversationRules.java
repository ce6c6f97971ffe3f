package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-item rules of conversations.jsonl. Whether participants exist is checked later, in SQL. */
final class ConversationRules {

    private ConversationRules() {
    }

    /** TalkJS's participant limit on its Basic plan (../shared/talkjs-api.md, "Participant limits per plan"). */
    static final int DEFAULT_MAX_PARTICIPANTS = 100;

    static StagedConversation check(JsonNode item, ItemCheck check) {
        return check(item, check, DEFAULT_MAX_PARTICIPANTS);
    }

    /** @param maxParticipants {@code talkjs.max-participants}: more participants are an error (TalkJS refuses them) */
    static StagedConversation check(JsonNode item, ItemCheck check, int maxParticipants) {
        String id = check.requiredId(item, "id");
        check.itemId(id);
        List<StagedConversation.Participant> participants = participants(item.get("participants"), check);
        if (participants.size() > maxParticipants) {
            check.error("TOO_MANY_PARTICIPANTS", "participants", "The conversation has " + participants.size()
                    + " participants; the TalkJS app takes at most " + maxParticipants + " (talkjs.max-participants: "
                    + "100 on TalkJS's Basic plan, 300 on Growth). Split the conversation, or raise the setting if your "
                    + "plan allows more.");
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        for (String field : new String[] {"subject", "photoUrl"}) {
            String value = check.optionalString(item, field);
            if (value != null) {
                payload.put(field, value);
            }
        }
        JsonNode welcome = check.optionalStringArray(item, "welcomeMessages");
        if (welcome != null) {
            payload.set("welcomeMessages", welcome);
        }
        ObjectNode custom = check.custom(item);
        if (custom != null) {
            payload.set("custom", custom);
        }
        return id == null ? null : new StagedConversation(check.line(), id, payload, participants, !check.failed());
    }

    private static List<StagedConversation.Participant> participants(JsonNode value, ItemCheck check) {
        if (value == null || value.isNull()) {
            check.error("MISSING_FIELD", "participants", "Add \"participants\": an array of user ids.");
            return List.of();
        }
        Map<String, StagedConversation.Participant> byId = new LinkedHashMap<>();
        if (value.isArray()) {
            for (JsonNode userId : value) {
                if (!userId.isTextual() || userId.textValue().isBlank()) {
                    check.wrongType("participants", "an array of user ids (strings)", userId);
                    continue;
                }
                if (!check.checkId("participants", userId.textValue())) {
                    continue;
                }
                byId.putIfAbsent(userId.textValue(), new StagedConversation.Participant(userId.textValue(), "ReadWrite", true));
            }
        } else if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!check.checkId("participants", entry.getKey())) {
                    continue;
                }
                byId.put(entry.getKey(), settings(entry.getKey(), entry.getValue(), check));
            }
        } else {
            check.wrongType("participants", "an array of user ids or an object of user id to settings", value);
            return List.of();
        }
        if (byId.isEmpty()) {
            check.error("INVALID_VALUE", "participants", "A conversation needs at least one participant.");
        }
        return new ArrayList<>(byId.values());
    }

    private static StagedConversation.Participant settings(String userId, JsonNode value, ItemCheck check) {
        String field = "participants." + userId;
        String access = "ReadWrite";
        boolean notify = true;
        if (value.isObject()) {
            JsonNode accessNode = value.get("access");
            if (accessNode != null && !accessNode.isNull()) {
                if ("ReadWrite".equals(accessNode.asText()) || "Read".equals(accessNode.asText())) {
                    access = accessNode.asText();
                } else {
                    check.error("INVALID_VALUE", field + ".access", "\"access\" must be \"ReadWrite\" or \"Read\".");
                }
            }
            JsonNode notifyNode = value.get("notify");
            if (notifyNode != null && !notifyNode.isNull()) {
                if (notifyNode.isBoolean()) {
                    notify = notifyNode.booleanValue();
                } else {
                    check.wrongType(field + ".notify", "true or false", notifyNode);
                }
            }
        } else if (!value.isNull() && !value.isBoolean()) {
            check.wrongType(field, "an object like {\"access\": \"ReadWrite\", \"notify\": true}", value);
        }
        return new StagedConversation.Participant(userId, access, notify);
    }
}
