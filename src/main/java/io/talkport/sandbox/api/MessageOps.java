package io.talkport.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConfig;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxException;
import io.talkport.sandbox.SandboxFile;
import io.talkport.sandbox.SandboxIds;
import io.talkport.sandbox.SandboxMessage;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages: import (all-or-nothing, senders must be participants, duplicates kept), send, list newest first, get.
 */
@ApplicationScoped
class MessageOps {

    private static final Set<String> IMPORT_FIELDS = Set.of("type", "text", "content", "sender", "timestamp",
            "createdAt", "readBy", "custom", "attachmentToken");
    private static final Set<String> SEND_FIELDS = Set.of("type", "text", "sender", "referencedMessageId", "custom",
            "idempotencyKey");

    private final SandboxConfig config;
    private final ConversationOps conversations;

    MessageOps(SandboxConfig config, ConversationOps conversations) {
        this.config = config;
        this.conversations = conversations;
    }

    /** A validated message before it gets its id and place. */
    private record Draft(SandboxMessage.Type type, String sender, String text, List<String> readBy, long createdAt,
                         Map<String, String> custom, SandboxFile attachment, String content) {
    }

    /**
     * A call is in the documented form ({@code timestamp}, {@code readBy}, at most
     * {@code talkjs.sandbox.import-max-batch} items) or in the newer form of TalkJS's transfer script
     * ({@code createdAt}, {@code SystemMessage}s, at most {@code talkjs.sandbox.import-newer-form-max-batch}); the first
     * item decides, and every item must be in the same form.
     */
    List<String> importMessages(SandboxApp app, String conversationId, JsonNode body) {
        SandboxConversation conversation = conversations.get(app, conversationId);
        boolean newer = body != null && body.isArray() && !body.isEmpty() && isNewerForm(body.get(0));
        int max = newer ? config.importNewerFormMaxBatch() : config.importMaxBatch();
        List<Draft> drafts = drafts(body, max, (item, i, errors) -> importDraft(app, item, i, newer, errors));
        return store(app, conversation, drafts, "import");
    }

    private static boolean isNewerForm(JsonNode item) {
        return item.isObject() && item.has("createdAt") && !item.has("timestamp");
    }

    List<String> send(SandboxApp app, String conversationId, JsonNode body) {
        SandboxConversation conversation = conversations.get(app, conversationId);
        List<Draft> drafts = drafts(body, config.sendMaxBatch(), this::sendDraft);
        return store(app, conversation, drafts, "rest");
    }

    List<SandboxMessage> list(SandboxApp app, String conversationId, String limitParam, String startingAfter) {
        int limit = SandboxJson.limit(limitParam, config.listDefaultLimit(), config.listMaxLimit());
        SandboxConversation conversation = conversations.get(app, conversationId);
        List<SandboxMessage> page = conversation.pageNewestFirst(
                startingAfter == null || startingAfter.isEmpty() ? null : startingAfter, limit);
        if (page == null) {
            throw SandboxException.badRequest("INVALID_STARTING_AFTER",
                    "startingAfter is not a message of this conversation");
        }
        return page;
    }

    SandboxMessage get(SandboxApp app, String conversationId, String messageId) {
        SandboxMessage message = conversations.get(app, conversationId).message(messageId);
        if (message == null) {
            throw SandboxException.notFound("MESSAGE_NOT_FOUND", "There is no message with this id");
        }
        return message;
    }

    private interface DraftParser {
        Draft parse(JsonNode item, int index, List<String> errors);
    }

    private static List<Draft> drafts(JsonNode body, int max, DraftParser parser) {
        if (body == null || !body.isArray()) {
            throw SandboxException.badRequest("INVALID_BODY", "The body must be a JSON array of messages");
        }
        if (body.isEmpty() || body.size() > max) {
            throw SandboxException.badRequest("INVALID_BATCH_SIZE",
                    "Send between 1 and " + max + " messages per request; nothing was stored");
        }
        List<String> errors = new ArrayList<>();
        List<Draft> drafts = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            if (!item.isObject()) {
                errors.add("[" + i + "] must be a JSON object");
                continue;
            }
            drafts.add(parser.parse(item, i, errors));
        }
        if (!errors.isEmpty()) {
            throw new SandboxException(400, "INVALID_MESSAGES", errors);
        }
        return drafts;
    }

    private Draft importDraft(SandboxApp app, JsonNode item, int i, boolean newer, List<String> errors) {
        List<String> mine = new ArrayList<>();
        SandboxJson.rejectUnknownFields(item, IMPORT_FIELDS, mine);
        if (isNewerForm(item) != newer) {
            mine.add(newer ? "every message of a call in the newer form needs createdAt (not timestamp)"
                    : "every message of a call in the documented form needs timestamp (not createdAt)");
        }
        SandboxMessage.Type type = type(item, newer || config.importSystemMessages(), mine);
        String sender = sender(item, type, mine);
        MessageContent content = MessageContent.parse(item, mine);
        Long createdAt = timestamp(item, mine);
        List<String> readBy = readBy(app, item, mine);
        Map<String, String> custom = custom(item, mine);
        SandboxFile attachment = attachment(app, item, content, mine);
        mine.forEach(e -> errors.add("[" + i + "] " + e));
        if (!mine.isEmpty()) {
            return null;
        }
        List<String> readers = readBy.stream().filter(u -> !u.equals(sender)).distinct().toList();
        return new Draft(type, sender, content.text(), readers, createdAt, custom, attachment, content.content());
    }

    private Draft sendDraft(JsonNode item, int i, List<String> errors) {
        List<String> mine = new ArrayList<>();
        SandboxJson.rejectUnknownFields(item, SEND_FIELDS, mine);
        SandboxMessage.Type type = type(item, true, mine);
        String sender = sender(item, type, mine);
        JsonNode text = item.get("text");
        if (text == null || !text.isTextual()) {
            mine.add("text must be a string");
        }
        Map<String, String> custom = custom(item, mine);
        mine.forEach(e -> errors.add("[" + i + "] " + e));
        return mine.isEmpty() ? new Draft(type, sender, text.asText(), List.of(), System.currentTimeMillis(),
                custom, null, null) : null;
    }

    private static SandboxMessage.Type type(JsonNode item, boolean systemAllowed, List<String> errors) {
        JsonNode type = item.get("type");
        if (type != null && type.isTextual() && "UserMessage".equals(type.asText())) {
            return SandboxMessage.Type.UserMessage;
        }
        if (type != null && type.isTextual() && "SystemMessage".equals(type.asText()) && systemAllowed) {
            return SandboxMessage.Type.SystemMessage;
        }
        errors.add(systemAllowed ? "type must be \"UserMessage\" or \"SystemMessage\""
                : "type must be \"UserMessage\"");
        return null;
    }

    private static String sender(JsonNode item, SandboxMessage.Type type, List<String> errors) {
        JsonNode sender = item.get("sender");
        if (type == SandboxMessage.Type.SystemMessage) {
            if (sender != null && !sender.isNull()) {
                errors.add("system messages have no sender");
            }
            return null;
        }
        if (sender == null || !sender.isTextual()) {
            errors.add("sender must be a user id");
            return null;
        }
        return sender.asText();
    }

    private static Long timestamp(JsonNode item, List<String> errors) {
        JsonNode timestamp = item.has("timestamp") ? item.get("timestamp") : item.get("createdAt");
        if (item.has("timestamp") && item.has("createdAt")) {
            errors.add("send either timestamp or createdAt, not both");
        }
        if (timestamp == null || !timestamp.isIntegralNumber() || !timestamp.canConvertToLong()) {
            errors.add("timestamp must be an integer number of milliseconds");
            return null;
        }
        return timestamp.asLong();
    }

    /**
     * {@code readBy} is required in the documented form ({@code timestamp}; R6 in /work/shared/talkjs-api.md) and
     * optional in the newer form ({@code createdAt}), which TalkJS's transfer script sends without it
     * (talkjs/talkjs-examples, rest-api/transfer-data).
     */
    private List<String> readBy(SandboxApp app, JsonNode item, List<String> errors) {
        JsonNode readBy = item.get("readBy");
        if (readBy == null && item.has("createdAt") && !item.has("timestamp")) {
            return List.of();
        }
        if (!SandboxJson.isStringArray(readBy)) {
            errors.add("readBy must be an array of user ids");
            return List.of();
        }
        List<String> ids = SandboxJson.strings(readBy);
        ids.stream().filter(u -> app.user(u) == null).forEach(u -> errors.add("readBy '" + u + "' is not a known user"));
        return ids;
    }

    private static Map<String, String> custom(JsonNode item, List<String> errors) {
        JsonNode custom = item.get("custom");
        if (custom == null) {
            return Map.of();
        }
        if (!SandboxJson.isCustomMap(custom, false)) {
            errors.add("custom must be an object with string values");
            return Map.of();
        }
        return SandboxJson.mergeCustom(Map.of(), custom);
    }

    private static SandboxFile attachment(SandboxApp app, JsonNode item, MessageContent content, List<String> errors) {
        JsonNode token = item.get("attachmentToken");
        if (token != null && !token.isTextual()) {
            errors.add("attachmentToken must be a string");
            return null;
        }
        String value = token != null ? token.asText() : content.fileToken();
        if (token != null && content.fileToken() != null) {
            errors.add("send either attachmentToken or a file block, not both");
        }
        if (value == null) {
            return null;
        }
        SandboxFile file = app.files().get(value);
        if (file == null) {
            errors.add("attachmentToken is not a file uploaded to this app");
        }
        return file;
    }

    /** Checks senders under the conversation's lock, then stores the whole batch; returns ids in request order. */
    private List<String> store(SandboxApp app, SandboxConversation conversation, List<Draft> drafts, String origin) {
        synchronized (conversation) {
            if (conversation.isDeleted()) {
                throw SandboxException.notFound("CONVERSATION_NOT_FOUND", "There is no conversation with this id");
            }
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                String sender = drafts.get(i).sender();
                if (sender != null && !conversation.isParticipant(sender)) {
                    errors.add("[" + i + "] sender '" + sender + "' is not a participant of the conversation");
                }
            }
            if (!errors.isEmpty()) {
                throw new SandboxException(400, "SENDER_NOT_PARTICIPANT", errors);
            }
            List<SandboxMessage> messages = new ArrayList<>(drafts.size());
            for (Draft d : drafts) {
                messages.add(new SandboxMessage(SandboxIds.messageId(), conversation.id(), d.type(), d.sender(),
                        d.text(), d.readBy(), origin, d.custom(), d.createdAt(), app.nextInsertionSeq(),
                        d.attachment(), d.content()));
            }
            app.store().addMessages(app.id(), messages);
            conversation.addMessages(messages);
            app.messagesAdded(messages.size());
            return messages.stream().map(SandboxMessage::id).toList();
        }
    }
}
