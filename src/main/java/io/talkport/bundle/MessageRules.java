package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.time.Instant;
import java.util.Map;

/**
 * Per-item rules of messages.jsonl. Rules that need other items (unknown conversation, sender not a participant,
 * duplicates) run later in SQL ({@link CrossChecks}).
 */
final class MessageRules {

    private final Map<String, Long> attachmentSizes;
    private final long maxAttachmentBytes;
    private final long latestTimestamp;
    private final TimestampUnit unit;
    private final boolean unitDeclared;
    /** Where attachment paths must point: {@code "attachments/"} in a Talkport bundle, "" (any file) for formats. */
    private final String attachmentFolder;

    /**
     * @param attachmentSizes declared size of every file in the archive, by its path relative to the bundle root
     * @param latestTimestamp the latest acceptable timestamp (now plus the tolerated clock skew), ms
     */
    MessageRules(Map<String, Long> attachmentSizes, long maxAttachmentBytes, long latestTimestamp) {
        this(attachmentSizes, maxAttachmentBytes, latestTimestamp, null);
    }

    /** @param unit the unit manifest.json declares for timestamps, or null when it declares none (milliseconds) */
    MessageRules(Map<String, Long> attachmentSizes, long maxAttachmentBytes, long latestTimestamp,
                 TimestampUnit unit) {
        this(attachmentSizes, maxAttachmentBytes, latestTimestamp, unit, "attachments/");
    }

    /**
     * The rules for the records of a source format (Slack, Mattermost...): an {@code attachment} may be any file of
     * the archive, since the format found it in its own layout ({@code __uploads/F1/p.png}, {@code data/...}).
     *
     * @param fileSizes declared size of every file in the archive, by its path relative to the archive's root
     */
    static MessageRules forSourceFormat(Map<String, Long> fileSizes, long maxAttachmentBytes, long latestTimestamp) {
        return new MessageRules(fileSizes, maxAttachmentBytes, latestTimestamp, null, "");
    }

    private MessageRules(Map<String, Long> attachmentSizes, long maxAttachmentBytes, long latestTimestamp,
                         TimestampUnit unit, String attachmentFolder) {
        this.attachmentFolder = attachmentFolder;
        this.attachmentSizes = attachmentSizes;
        this.maxAttachmentBytes = maxAttachmentBytes;
        this.latestTimestamp = latestTimestamp;
        this.unit = unit == null ? TimestampUnit.MILLISECONDS : unit;
        this.unitDeclared = unit != null;
    }

    /**
     * The staged message, or null when it lacks conversation, sender or timestamp (then it is only an issue) or is
     * marked {@code "deleted": true} (not imported; a DELETED_MESSAGE warning counts it).
     */
    StagedMessage check(JsonNode item, ItemCheck check) {
        String sourceId = check.optionalIdString(item, "id");
        check.itemId(sourceId);
        if (sourceId != null) {
            check.checkId("id", sourceId);
        }
        if (deleted(item, check)) {
            return null;
        }
        String conversationId = check.requiredId(item, "conversationId");
        String sender = check.requiredId(item, "sender");
        Long timestamp = timestamp(item.get("timestamp"), check);
        type(check.optionalString(item, "type"), check);
        String attachment = attachment(check.optionalString(item, "attachment"), check);
        String token = token(check.optionalString(item, "attachmentToken"), attachment, check);
        String text = check.optionalString(item, "text");
        if (!item.hasNonNull("text") && !item.hasNonNull("attachment") && !item.hasNonNull("attachmentToken")) {
            check.error("MISSING_FIELD", "text", "Add \"text\", or an \"attachment\" for a file message.");
        } else if (text != null && text.isBlank() && !item.hasNonNull("attachment")
                && !item.hasNonNull("attachmentToken")) {
            check.error("EMPTY_TEXT", "text", "The text is empty" + (text.isEmpty() ? "" : " (only white space)")
                    + " and the message has no attachment: TalkJS would show an empty bubble. Give the text, an "
                    + "\"attachment\", or mark the message \"deleted\": true if it was retracted.");
        }
        ArrayNode readBy = check.optionalStringArray(item, "readBy");
        if (readBy != null) {
            readBy.forEach(reader -> check.checkId("readBy", reader.textValue()));
        }
        var custom = MessageExtras.carry(item, check.custom(item), check);
        if (conversationId == null || sender == null || timestamp == null) {
            return null;
        }
        var reactions = MessageReactions.read(item, check);
        return new StagedMessage(check.line(), sourceId, conversationId, sender, timestamp, text,
                readBy == null ? JsonNodeFactory.instance.arrayNode() : readBy, custom, attachment, token,
                !check.failed(), reactions);
    }

    private Long timestamp(JsonNode value, ItemCheck check) {
        if (value == null || value.isNull()) {
            check.error("MISSING_FIELD", "timestamp", "Add \"timestamp\": milliseconds since 1970-01-01 UTC.");
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            check.wrongType("timestamp", "an integer (milliseconds since 1970-01-01 UTC)", value);
            return null;
        }
        long raw = value.longValue();
        if (!unitDeclared && raw >= TimestampUnit.SECONDS_FROM && raw < TimestampUnit.SECONDS_BELOW) {
            check.error("TIMESTAMP_UNIT", "timestamp", "The timestamp " + raw + " looks like seconds since 1970 ("
                    + Instant.ofEpochSecond(raw) + "); read as milliseconds it would be " + Instant.ofEpochMilli(raw)
                    + ". Give milliseconds, or declare \"timestampUnit\": \"s\" in manifest.json.");
            return raw;
        }
        if (!unitDeclared && raw > TimestampUnit.MICROSECONDS_ABOVE) {
            check.error("TIMESTAMP_UNIT", "timestamp", "The timestamp " + raw + " looks like microseconds since 1970 ("
                    + Instant.ofEpochMilli(raw / 1000) + "). Give milliseconds, or declare \"timestampUnit\": \"us\" "
                    + "in manifest.json.");
            return raw;
        }
        long ts;
        try {
            ts = unit.toMillis(raw);
        } catch (ArithmeticException e) {
            check.error("INVALID_TIMESTAMP", "timestamp", "The timestamp " + raw + " in " + unit.label()
                    + " is too large to be a date.");
            return raw;
        }
        if (ts <= 0) {
            check.error("INVALID_TIMESTAMP", "timestamp", "The timestamp " + raw
                    + " is not a date after 1970: give milliseconds since 1970-01-01 UTC.");
        } else if (ts > latestTimestamp) {
            check.error("FUTURE_TIMESTAMP", "timestamp", "The timestamp " + raw + " lies in the future ("
                    + Instant.ofEpochMilli(ts) + "). Timestamps are in " + (unitDeclared ? unit.label() + ", as "
                    + "manifest.json declares" : "milliseconds") + " since 1970-01-01 UTC.");
        }
        return ts;
    }

    /** True (and a DELETED_MESSAGE warning) when the message is marked deleted: such messages are not imported. */
    private static boolean deleted(JsonNode item, ItemCheck check) {
        JsonNode deleted = item.get("deleted");
        if (deleted == null || deleted.isNull()) {
            return false;
        }
        if (!deleted.isBoolean()) {
            check.wrongType("deleted", "true or false", deleted);
            return false;
        }
        if (deleted.booleanValue()) {
            check.warning("DELETED_MESSAGE", "deleted", "This message was deleted in the source and is not imported, "
                    + "so its text cannot reappear in TalkJS.");
        }
        return deleted.booleanValue();
    }

    private static void type(String type, ItemCheck check) {
        if (type != null && !"UserMessage".equals(type)) {
            check.error("UNSUPPORTED_MESSAGE_TYPE", "type", "Messages of type \"" + type + "\" cannot be imported "
                    + "into TalkJS; only \"UserMessage\" can. Remove the line or turn it into a user message.");
        }
    }

    private String attachment(String path, ItemCheck check) {
        if (path == null) {
            return null;
        }
        String normalized = path.startsWith("./") ? path.substring(2) : path;
        if (!normalized.startsWith(attachmentFolder) || normalized.contains("..") || normalized.contains("\\")) {
            check.error("ATTACHMENT_OUTSIDE_FOLDER", "attachment", "The attachment \"" + path
                    + "\" must be a file under attachments/, e.g. \"attachments/photo.png\".");
            return null;
        }
        Long size = attachmentSizes.get(normalized);
        if (size == null) {
            check.error("ATTACHMENT_MISSING", "attachment", "The file \"" + normalized
                    + "\" is not in the archive: add it or remove \"attachment\" from this message.");
        } else if (size == 0) {
            check.error("ATTACHMENT_EMPTY", "attachment", "The file \"" + normalized + "\" is empty (0 bytes).");
        } else if (size > maxAttachmentBytes) {
            check.error("ATTACHMENT_TOO_LARGE", "attachment", "The file \"" + normalized + "\" has " + size
                    + " bytes; the limit is " + maxAttachmentBytes + " bytes.");
        }
        return normalized;
    }

    private static String token(String token, String attachment, ItemCheck check) {
        if (token == null) {
            return null;
        }
        if (attachment != null) {
            check.error("ATTACHMENT_AND_TOKEN", "attachmentToken",
                    "Give either \"attachment\" (a file in the archive) or \"attachmentToken\", not both.");
        } else {
            check.warning("ATTACHMENT_TOKEN", "attachmentToken", "An attachment token only works in the TalkJS app "
                    + "that issued it; if you import into another app, ship the file under attachments/ instead.");
        }
        return token;
    }
}
