package io.talkport.bundle.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talkport.bundle.format.CarryOver;
import io.talkport.bundle.format.EmojiNames;
import io.talkport.bundle.format.JsonItems;
import io.talkport.bundle.format.Neutral;
import io.talkport.bundle.format.RecordSink;
import io.talkport.bundle.format.SourceArchive;
import io.talkport.bundle.format.SourceFiles;
import io.talkport.bundle.format.SourcePosition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a Slack export to neutral records. Users: {@code id}, name from {@code profile.real_name} (else
 * {@code real_name}, {@code name}), {@code profile.email}, {@code profile.image_192} → photoUrl, custom
 * {@code slackName}, {@code bot}, {@code deleted}. Conversations: the Slack id, participants from {@code members}
 * (members missing from users.json become placeholder users), subject "#name" for channels, custom {@code kind},
 * {@code topic}, {@code purpose}. Messages, streamed one day file at a time: {@code ts} (seconds.micro as a string)
 * → ms, text through {@link SlackMarkup}, id "conversation:ts", threads kept in custom ({@code threadTs} on the
 * root and every reply, {@code parentUser} on replies) and imported in time order in their conversation; system
 * subtypes (joins, topics...) are not importable and only counted; the first file whose bytes are in the
 * archive ({@link SlackFiles}) becomes the message's attachment, other files stay links in the text; reactions
 * ({@code [{name, users, count}]}) become the neutral {@code reactions} (emoji → users, {@link EmojiNames}), re-added
 * after the import; reactors Slack did not list ({@code count} above the users given) are counted as lost. Memory:
 * names of users and channels and the paths of downloaded files, not messages or file bytes.
 */
final class SlackReader {

    /** Subtypes that are messages people wrote; every other subtype is a system event. */
    private static final Set<String> IMPORTED = Set.of("bot_message", "me_message", "thread_broadcast", "file_share",
            "file_comment", "reply_broadcast");

    private record Conversation(String id, String folder, SourcePosition at) {
    }

    private final SourceArchive archive;
    private final JsonItems items;
    private final RecordSink sink;
    private final CarryOver report;
    private final Map<String, String> userNames = new HashMap<>();
    private final Set<String> users = new HashSet<>();
    private final Map<String, String> channelNames = new HashMap<>();
    private final List<Conversation> conversations = new ArrayList<>();
    private final SlackMarkup markup = new SlackMarkup(userNames, channelNames);
    private final SlackFiles downloads;

    SlackReader(SourceArchive archive, JsonItems items, RecordSink sink, CarryOver report) {
        this.archive = archive;
        this.downloads = new SlackFiles(archive);
        this.items = items;
        this.sink = sink;
        this.report = report;
    }

    void read() throws IOException {
        if (archive.has("users.json")) {
            items.array("users.json", this::user);
        }
        for (String list : SlackFormat.LISTS) {
            if (archive.has(list)) {
                items.array(list, (at, node) -> conversation(list, at, node));
            }
        }
        Set<String> folders = new HashSet<>();
        for (Conversation conversation : conversations) {
            folders.add(conversation.folder());
            for (String day : archive.names().subSet(conversation.folder() + "/", conversation.folder() + "0")) {
                if (day.endsWith(".json") && day.indexOf('/', conversation.folder().length() + 1) < 0) {
                    items.array(day, (at, node) -> message(conversation, at, node));
                }
            }
        }
        unlistedFolders(folders);
    }

    private void user(SourcePosition at, JsonNode node) {
        String id = Neutral.text(node, "id");
        if (id == null || !users.add(id)) {
            sink.error(at, id == null ? "MISSING_FIELD" : "DUPLICATE_ID", "id", id == null
                    ? "A Slack user needs an \"id\"." : "The user " + id + " is listed twice; the first is kept.");
            return;
        }
        JsonNode profile = node.path("profile");
        String name = Neutral.first(Neutral.text(profile, "real_name"), Neutral.text(node, "real_name"),
                Neutral.text(profile, "display_name"), Neutral.text(node, "name"), id);
        userNames.put(id, name);
        report.contains("user", 1);
        ObjectNode user = Neutral.object().put("id", id).put("name", name);
        Neutral.putIfPresent(user, "email", Neutral.text(profile, "email"));
        Neutral.putIfPresent(user, "photoUrl", Neutral.first(Neutral.text(profile, "image_192"),
                Neutral.text(profile, "image_72")));
        ObjectNode custom = user.putObject("custom");
        Neutral.putIfPresent(custom, "slackName", Neutral.text(node, "name"));
        if (node.path("is_bot").asBoolean(false)) {
            custom.put("bot", "true");
        }
        if (node.path("deleted").asBoolean(false)) {
            custom.put("deleted", "true");
        }
        sink.user(user, at);
    }

    private void conversation(String list, SourcePosition at, JsonNode node) {
        String id = Neutral.text(node, "id");
        boolean dm = list.equals("dms.json");
        String name = Neutral.text(node, "name");
        if (id == null || (!dm && name == null)) {
            sink.error(at, "MISSING_FIELD", id == null ? "id" : "name", "A Slack conversation in " + list
                    + " needs an \"id\"" + (dm ? "" : " and a \"name\" (its folder)") + ".");
            return;
        }
        String kind = switch (list) {
            case "channels.json" -> "channel";
            case "groups.json" -> "private channel";
            case "mpims.json" -> "group DM";
            default -> "DM";
        };
        report.contains(kind, 1);
        if (name != null) {
            channelNames.put(id, name);
        }
        ObjectNode conversation = Neutral.object().put("id", id);
        if (list.equals("channels.json") || list.equals("groups.json")) {
            conversation.put("subject", "#" + name);
        }
        conversation.set("participants", participants(node.path("members"), at));
        ObjectNode custom = conversation.putObject("custom").put("kind", kind);
        Neutral.putIfPresent(custom, "slackName", name);
        Neutral.putIfPresent(custom, "topic", Neutral.text(node.path("topic"), "value"));
        Neutral.putIfPresent(custom, "purpose", Neutral.text(node.path("purpose"), "value"));
        conversations.add(new Conversation(id, dm ? id : name, at));
        sink.conversation(conversation, at);
    }

    private ArrayNode participants(JsonNode members, SourcePosition at) {
        ArrayNode participants = Neutral.object().arrayNode();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode member : members) {
            if (member.isTextual() && seen.add(member.textValue())) {
                participants.add(member.textValue());
                placeholder(member.textValue(), null, at);
            }
        }
        return participants;
    }

    /** A user that users.json lacks (deleted from the workspace, a bot), named by what the source knows. */
    private void placeholder(String id, String name, SourcePosition at) {
        if (!users.add(id)) {
            return;
        }
        report.changed("PLACEHOLDER_USER", "Members and senders missing from users.json were created as users named "
                + "by their Slack id or bot name (custom.placeholder = \"true\").", id);
        userNames.putIfAbsent(id, name == null ? id : name);
        ObjectNode user = Neutral.object().put("id", id).put("name", name == null ? id : name);
        user.putObject("custom").put("placeholder", "true");
        sink.user(user, at);
    }

    private void message(Conversation conversation, SourcePosition at, JsonNode node) {
        String example = Neutral.where(at);
        if (!node.isObject()) {
            sink.error(at, "WRONG_TYPE", null, "Each element of a Slack day file must be a message object.");
            return;
        }
        String subtype = Neutral.text(node, "subtype");
        if (subtype != null && !IMPORTED.contains(subtype)) {
            report.lost("SYSTEM_EVENT", "System events (joins, leaves, topic and purpose changes, pins...) cannot be "
                    + "imported into TalkJS; they are counted only.", example + " " + subtype);
            return;
        }
        ObjectNode message = Neutral.object();
        String ts = Neutral.text(node, "ts");
        Neutral.putIfPresent(message, "id", ts == null ? null : conversation.id() + ":" + ts);
        message.put("conversationId", conversation.id());
        Neutral.putIfPresent(message, "sender", sender(node, at));
        Long ms = SlackTimes.millis(ts);
        if (ms == null) {
            sink.error(at, ts == null ? "MISSING_FIELD" : "WRONG_TYPE", "ts", "A Slack message needs \"ts\": seconds "
                    + "since 1970 with microseconds, as a string like \"1498401043.277604\".");
            return;
        }
        message.put("timestamp", ms);
        content(message, node, conversation, example);
        ObjectNode custom = custom(node, ts, example);
        if (!custom.isEmpty()) {
            message.set("custom", custom);
        }
        reactions(message, node.path("reactions"), example);
        report.contains("message", 1);
        sink.message(message, at);
    }

    private String sender(JsonNode node, SourcePosition at) {
        String user = Neutral.text(node, "user");
        String bot = Neutral.text(node, "bot_id");
        if (user != null) {
            placeholder(user, null, at);
            return user;
        }
        if (bot != null) {
            report.changed("BOT_SENDER", "Bot messages come from a user per bot (id = the bot id, name = the bot's "
                    + "user name).", Neutral.where(at) + " " + bot);
            placeholder(bot, Neutral.first(Neutral.text(node, "username"), Neutral.text(node.path("bot_profile"), "name")), at);
            return bot;
        }
        return null;
    }

    private String text(JsonNode node, String example) {
        String source = node.path("text").asText("");
        if (source.isBlank()) {
            source = attachmentFallback(node.path("attachments"));
        }
        String text = markup.toText(source);
        if (!text.equals(source)) {
            report.changed("MARKUP", "Slack markup (mentions, channel links, <url|label>, &amp;) became readable "
                    + "text.", example);
        }
        return text;
    }

    private static String attachmentFallback(JsonNode attachments) {
        List<String> parts = new ArrayList<>();
        for (JsonNode attachment : attachments) {
            String fallback = Neutral.first(Neutral.text(attachment, "fallback"), Neutral.text(attachment, "text"));
            if (fallback != null) {
                parts.add(fallback);
            }
        }
        return String.join("\n", parts);
    }

    /**
     * The text and the attachment: the first file whose bytes are in the archive becomes the attachment, every other
     * file a line "[file] name: permalink" (unless the text already links it, as legacy file_share texts do). A
     * message whose only content is its attached file has no text, as in the Talkport bundle.
     */
    private void content(ObjectNode message, JsonNode node, Conversation conversation, String example) {
        List<JsonNode> files = files(node);
        if (files.isEmpty()) {
            message.put("text", text(node, example)); // what SourceFiles puts for a message without files
            return;
        }
        String sourceText = node.path("text").asText("");
        SourceFiles content = new SourceFiles(report, archive, example, text(node, example));
        for (JsonNode file : files) {
            String name = Neutral.first(Neutral.text(file, "name"), Neutral.text(file, "title"), "file");
            String id = Neutral.text(file, "id");
            String url = Neutral.first(Neutral.text(file, "permalink"), Neutral.text(file, "url_private"));
            String link = url != null && sourceText.contains(url) ? null
                    : "[file] " + name + (url == null ? "" : ": " + url);
            content.file(id == null ? null : downloads.path(id, conversation.folder()), name, link);
        }
        content.putInto(message);
    }

    /** The files of a message: {@code files}, and the single {@code file} of legacy file_share messages. */
    private static List<JsonNode> files(JsonNode node) {
        if (node.path("files").isEmpty() && !node.path("file").isObject()) {
            return List.of(); // most messages
        }
        List<JsonNode> files = new ArrayList<>();
        node.path("files").forEach(files::add);
        if (node.path("file").isObject()) {
            files.add(node.get("file"));
        }
        return files;
    }

    private ObjectNode custom(JsonNode node, String ts, String example) {
        ObjectNode custom = Neutral.object();
        String threadTs = Neutral.text(node, "thread_ts");
        if (threadTs != null) {
            custom.put("threadTs", threadTs);
            if (!threadTs.equals(ts)) {
                Neutral.putIfPresent(custom, "parentUser", Neutral.text(node, "parent_user_id"));
                report.changed("THREAD_REPLY", "Thread replies are imported in their conversation in time order; "
                        + "their thread is kept in custom.threadTs (and custom.parentUser).", example);
            }
        }
        Neutral.putIfPresent(custom, "subtype", Neutral.text(node, "subtype"));
        if (node.path("edited").isObject()) {
            report.changed("EDITED", "Edited messages are imported with their last text; when they were edited is "
                    + "lost.", example);
        }
        return custom;
    }

    /** Slack's {@code [{name, users, count}]} as the neutral {@code {"emoji": [users]}} (docs/bundle-format.md). */
    private void reactions(ObjectNode message, JsonNode reactions, String example) {
        if (reactions.isEmpty()) {
            return; // absent or [] (most messages): nothing to add
        }
        ObjectNode neutral = Neutral.object();
        for (JsonNode reaction : reactions) {
            String emoji = EmojiNames.toTalkJs(Neutral.text(reaction, "name"));
            JsonNode users = reaction.path("users");
            int unknown = Math.max(0, reaction.path("count").asInt(users.size()) - users.size());
            for (int i = 0; i < unknown; i++) {
                report.lost("REACTION_USER_UNKNOWN", "Reactions whose user the export does not name (Slack lists a "
                        + "count above the users it gives) cannot be re-added.", example + " " + emoji);
            }
            if (emoji != null) {
                users.forEach(user -> Neutral.addReaction(neutral, emoji, user));
            }
        }
        if (!neutral.isEmpty()) {
            message.set("reactions", neutral);
        }
    }

    private void unlistedFolders(Set<String> listed) {
        Set<String> reported = new HashSet<>();
        for (String name : archive.names()) {
            int slash = name.indexOf('/');
            // day files only: downloaded files (folder/attachments/..., __uploads/...) are not conversations
            if (slash > 0 && name.endsWith(".json") && name.indexOf('/', slash + 1) < 0
                    && !listed.contains(name.substring(0, slash))
                    && reported.add(name.substring(0, slash))) {
                sink.warning(new SourcePosition(name, 1), "UNLISTED_FOLDER", null, "The folder "
                        + name.substring(0, slash) + " is not a conversation of channels.json, groups.json, "
                        + "mpims.json or dms.json; its messages are not imported.");
                report.lost("UNLISTED_FOLDER", "Folders that no conversation list names are not imported.",
                        name.substring(0, slash));
            }
        }
    }
}
