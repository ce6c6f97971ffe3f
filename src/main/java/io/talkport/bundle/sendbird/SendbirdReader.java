package io.talkport.bundle.sendbird;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talkport.bundle.format.CarryOver;
import io.talkport.bundle.format.JsonItems;
import io.talkport.bundle.format.Neutral;
import io.talkport.bundle.format.RecordSink;
import io.talkport.bundle.format.SourcePosition;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Maps one Sendbird export to neutral records:
 * <ul>
 *   <li>user: {@code user_id} → id, {@code nickname} → name (the id when empty), {@code profile_url} → photoUrl,
 *       {@code metadata} → custom (non-string values as their JSON text), {@code metadata.email}/{@code emailId} →
 *       email;</li>
 *   <li>group channel: {@code channel_url} → id, {@code name} → subject, {@code cover_url} → photoUrl,
 *       {@code members[].user_id} → participants, {@code data}/{@code custom_type} → custom; members missing from
 *       the user export become placeholder users (name and picture from the channel, custom.placeholder "true");</li>
 *   <li>message: {@code type} "MESG" only (FILE keeps its URL as text, ADMM and others are reported),
 *       {@code is_removed} messages are not imported, {@code message_id} → id (a string: it exceeds 32 bits),
 *       {@code created_at} (ms; seconds are detected and converted) → timestamp, {@code channel_url} →
 *       conversationId, {@code user.user_id} → sender, {@code data}/{@code custom_type}/{@code parent_message_id} →
 *       custom, {@code read_receipt} of the channel (member → ms) → readBy.</li>
 * </ul>
 */
final class SendbirdReader {

    private final JsonItems items;
    private final RecordSink sink;
    private final CarryOver report;
    private final Set<String> users = new HashSet<>();
    /** Per channel with read receipts: member → time read up to (ms). */
    private final Map<String, Map<String, Long>> receipts = new HashMap<>();

    SendbirdReader(JsonItems items, RecordSink sink, CarryOver report) {
        this.items = items;
        this.sink = sink;
        this.report = report;
    }

    void read(SendbirdFormat.DataFiles files) throws IOException {
        for (SendbirdFormat.DataFile file : files.users()) {
            items.array(file.name(), file.key(), this::user);
        }
        for (SendbirdFormat.DataFile file : files.channels()) {
            items.array(file.name(), file.key(), this::channel);
        }
        for (SendbirdFormat.DataFile file : files.messages()) {
            items.array(file.name(), file.key(), this::message);
        }
    }

    private void user(SourcePosition at, JsonNode node) {
        String id = Neutral.text(node, "user_id");
        if (id == null) {
            sink.error(at, "MISSING_FIELD", "user_id", "A Sendbird user needs a \"user_id\".");
            return;
        }
        if (!users.add(id)) {
            sink.error(at, "DUPLICATE_ID", "user_id", "The user " + id + " is listed twice; the first is kept.");
            return;
        }
        report.contains("user", 1);
        ObjectNode user = Neutral.object().put("id", id);
        String name = Neutral.text(node, "nickname");
        if (name == null || name.isBlank()) {
            report.changed("NAME_FROM_ID", "Users without a nickname are named by their user id.", id);
            name = id;
        }
        user.put("name", name);
        Neutral.putIfPresent(user, "photoUrl", Neutral.text(node, "profile_url"));
        metadata(node.get("metadata"), user, at);
        sink.user(user, at);
    }

    private void metadata(JsonNode metadata, ObjectNode user, SourcePosition at) {
        if (metadata == null || !metadata.isObject() || metadata.isEmpty()) {
            return;
        }
        ObjectNode custom = user.putObject("custom");
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isTextual()) {
                report.changed("METADATA_AS_TEXT", "Metadata values that are not strings are kept as their JSON text "
                        + "(TalkJS custom data holds strings only).", Neutral.where(at) + " " + field.getKey());
            }
            custom.put(field.getKey(), Neutral.customValue(field.getValue()));
            if (field.getKey().equalsIgnoreCase("email") || field.getKey().equalsIgnoreCase("emailId")) {
                Neutral.putIfPresent(user, "email", field.getValue().asText());
            }
        }
    }

    private void channel(SourcePosition at, JsonNode node) {
        String id = Neutral.text(node, "channel_url");
        if (id == null) {
            sink.error(at, "MISSING_FIELD", "channel_url", "A Sendbird channel needs a \"channel_url\".");
            return;
        }
        report.contains("group channel", 1);
        ObjectNode conversation = Neutral.object().put("id", id);
        Neutral.putIfPresent(conversation, "subject", Neutral.text(node, "name"));
        Neutral.putIfPresent(conversation, "photoUrl", Neutral.text(node, "cover_url"));
        ArrayNode participants = conversation.putArray("participants");
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode member : node.path("members")) {
            String userId = Neutral.text(member, "user_id");
            if (userId != null && seen.add(userId)) {
                participants.add(userId);
                placeholder(userId, Neutral.text(member, "name"), Neutral.text(member, "image"), at);
            }
        }
        ObjectNode custom = Neutral.object();
        Neutral.putIfPresent(custom, "customType", Neutral.text(node, "custom_type"));
        Neutral.putIfPresent(custom, "data", Neutral.text(node, "data"));
        if (!custom.isEmpty()) {
            conversation.set("custom", custom);
        }
        readReceipts(id, node.get("read_receipt"));
        sink.conversation(conversation, at);
    }

    private void readReceipts(String channel, JsonNode readReceipt) {
        if (readReceipt == null || !readReceipt.isObject() || readReceipt.isEmpty()) {
            return;
        }
        Map<String, Long> readUpTo = new java.util.TreeMap<>();
        readReceipt.fields().forEachRemaining(e -> {
            Long ms = Neutral.millis(e.getValue());
            if (ms != null) {
                readUpTo.put(e.getKey(), ms);
            }
        });
        receipts.put(channel, readUpTo);
    }

    /** A user that the user export lacks (a member who left, a deleted user), made from what the source knows. */
    private void placeholder(String userId, String name, String photoUrl, SourcePosition at) {
        if (!users.add(userId)) {
            return;
        }
        report.changed("PLACEHOLDER_USER", "Members and senders missing from the user export were created as users "
                + "from their name and picture in the channel or message (custom.placeholder = \"true\").", userId);
        ObjectNode user = Neutral.object().put("id", userId).put("name", name == null ? userId : name);
        Neutral.putIfPresent(user, "photoUrl", photoUrl);
        user.putObject("custom").put("placeholder", "true");
        sink.user(user, at);
    }

    private void message(SourcePosition at, JsonNode node) {
        String type = Neutral.text(node, "type");
        String example = Neutral.where(at);
        if (node.path("is_removed").asBoolean(false)) {
            report.lost("REMOVED_MESSAGE", "Messages deleted in Sendbird (is_removed) are not imported.", example);
            return;
        }
        if ("ADMM".equals(type)) {
            report.lost("ADMIN_MESSAGE", "Admin messages (type ADMM) are system messages; TalkJS imports user "
                    + "messages only.", example);
            return;
        }
        if (type != null && !"MESG".equals(type) && !"FILE".equals(type)) {
            report.lost("UNSUPPORTED_TYPE", "Messages of types other than MESG and FILE are not imported.",
                    example + " " + type);
            return;
        }
        JsonNode sender = node.path("user");
        String senderId = Neutral.text(sender, "user_id");
        if (senderId != null) {
            placeholder(senderId, Neutral.text(sender, "nickname"), Neutral.text(sender, "profile_url"), at);
        }
        ObjectNode message = Neutral.object();
        Neutral.putIfPresent(message, "id", Neutral.text(node, "message_id"));
        Neutral.putIfPresent(message, "conversationId", Neutral.text(node, "channel_url"));
        Neutral.putIfPresent(message, "sender", senderId);
        timestamp(node.get("created_at"), message, example);
        message.put("text", "FILE".equals(type) ? fileText(node.path("file"), example) : node.path("message").asText(""));
        custom(node, message, example);
        readBy(message, senderId);
        report.contains("message", 1);
        sink.message(message, at);
    }

    private void timestamp(JsonNode createdAt, ObjectNode message, String example) {
        Long ms = Neutral.millis(createdAt);
        if (ms == null) {
            if (createdAt != null) {
                message.set("timestamp", createdAt); // the rules report its type
            }
            return;
        }
        if (Neutral.isSeconds(createdAt)) {
            report.changed("SECONDS_TO_MS", "Message times given in seconds were converted to milliseconds.", example);
        }
        message.put("timestamp", ms);
    }

    private String fileText(JsonNode file, String example) {
        String name = Neutral.text(file, "name");
        String url = Neutral.text(file, "url");
        report.lost("FILE_NOT_IN_ARCHIVE", "File messages keep a link to the file on Sendbird's servers as their "
                + "text: the export holds no file bytes to upload.", example + (name == null ? "" : " " + name));
        return (name == null ? "File" : name) + (url == null ? "" : ": " + url);
    }

    private void custom(JsonNode node, ObjectNode message, String example) {
        ObjectNode custom = Neutral.object();
        Neutral.putIfPresent(custom, "customType", Neutral.text(node, "custom_type"));
        Neutral.putIfPresent(custom, "data", Neutral.text(node, "data"));
        String parent = Neutral.text(node, "parent_message_id");
        if (parent != null && !"0".equals(parent)) {
            custom.put("parentMessageId", parent);
        }
        if (node.path("updated_at").asLong(0) > 0) {
            report.changed("EDITED", "Edited messages are imported with their last text; when they were edited is "
                    + "lost.", example);
        }
        if (!custom.isEmpty()) {
            message.set("custom", custom);
        }
    }

    private void readBy(ObjectNode message, String senderId) {
        Map<String, Long> readUpTo = receipts.get(message.path("conversationId").asText());
        if (readUpTo == null || !message.has("timestamp")) {
            return;
        }
        long ts = message.get("timestamp").asLong();
        ArrayNode readers = message.putArray("readBy");
        readUpTo.forEach((user, upTo) -> {
            if (upTo >= ts && !user.equals(senderId)) {
                readers.add(user);
            }
        });
    }
}
