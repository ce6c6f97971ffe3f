package io.talkport.bundle.mattermost;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a Mattermost bulk export to neutral records. Users: {@code username} → id, first + last name (else
 * nickname, username) → name, {@code email}, {@code locale}, custom {@code roles}. Channels: id "team.name" (names
 * hold no dots), {@code display_name} → subject, participants from the users' {@code teams[].channels[]}, custom
 * {@code type} (O open, P private), {@code purpose}, {@code header}. Direct channels: id "dm:" + the sorted user
 * names joined by ",". Posts and direct posts: {@code user} → sender, {@code create_at} (ms) → timestamp,
 * {@code message} → text; {@code replies} become messages of the same conversation with custom.rootCreateAt;
 * posts of a {@code system_*} type are counted; reactions ({@code [{user, emoji_name, create_at}]}) become the neutral
 * {@code reactions} (emoji → users, {@link EmojiNames}), re-added after the import without their {@code create_at};
 * the first attachment whose file is in the archive ({@link #file}) becomes the message's attachment, the others keep
 * their file name in the text.
 * Channels are emitted once the users (who carry the memberships) are read, that is before the first post.
 */
final class MattermostReader {

    private record Channel(ObjectNode node, Set<String> members, SourcePosition at) {
    }

    private final SourceArchive archive;
    private final JsonItems items;
    private final RecordSink sink;
    private final CarryOver report;
    private final Set<String> users = new HashSet<>();
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Set<String> directChannels = new HashSet<>();
    private boolean channelsEmitted;
    private String exportFolder = "";

    MattermostReader(SourceArchive archive, JsonItems items, RecordSink sink, CarryOver report) {
        this.archive = archive;
        this.items = items;
        this.sink = sink;
        this.report = report;
    }

    void read(String file) throws IOException {
        exportFolder = file.substring(0, file.lastIndexOf('/') + 1);
        items.lines(file, this::line);
        emitChannels();
    }

    private void line(SourcePosition at, JsonNode node) {
        String type = Neutral.text(node, "type");
        JsonNode body = type == null ? null : node.get(type);
        if (type == null || body == null || !body.isObject()) {
            if (!"version".equals(type)) {
                sink.error(at, "WRONG_TYPE", "type", "Each line must be {\"type\": t, t: {...}} with t one of "
                        + "team, channel, user, post, direct_channel, direct_post.");
            }
            return;
        }
        switch (type) {
            case "channel" -> channel(at, body);
            case "user" -> user(at, body);
            case "post" -> post(at, body);
            case "direct_channel" -> directChannel(at, members(body.path("members")));
            case "direct_post" -> directPost(at, body);
            case "team" -> report.contains("team", 1);
            default -> report.lost("UNSUPPORTED_LINE", "Lines of other types (custom emoji, schemes...) are not "
                    + "imported.", Neutral.where(at) + " " + type);
        }
    }

    private void channel(SourcePosition at, JsonNode body) {
        String team = Neutral.text(body, "team");
        String name = Neutral.text(body, "name");
        if (team == null || name == null) {
            sink.error(at, "MISSING_FIELD", team == null ? "channel.team" : "channel.name",
                    "A channel line needs \"team\" and \"name\".");
            return;
        }
        String id = team + "." + name;
        ObjectNode node = Neutral.object().put("id", id);
        Neutral.putIfPresent(node, "subject", Neutral.text(body, "display_name"));
        ObjectNode custom = node.putObject("custom");
        Neutral.putIfPresent(custom, "type", Neutral.text(body, "type"));
        Neutral.putIfPresent(custom, "purpose", Neutral.text(body, "purpose"));
        Neutral.putIfPresent(custom, "header", Neutral.text(body, "header"));
        report.contains("P".equals(Neutral.text(body, "type")) ? "private channel" : "channel", 1);
        channels.put(id, new Channel(node, new LinkedHashSet<>(), at));
    }

    private void user(SourcePosition at, JsonNode body) {
        String id = Neutral.text(body, "username");
        if (id == null || !users.add(id)) {
            sink.error(at, id == null ? "MISSING_FIELD" : "DUPLICATE_ID", "user.username", id == null
                    ? "A user line needs \"username\"." : "The user " + id + " is listed twice; the first is kept.");
            return;
        }
        report.contains("user", 1);
        String fullName = (body.path("first_name").asText("") + " " + body.path("last_name").asText("")).trim();
        ObjectNode user = Neutral.object().put("id", id).put("name", Neutral.first(fullName,
                Neutral.text(body, "nickname"), id));
        Neutral.putIfPresent(user, "email", Neutral.text(body, "email"));
        Neutral.putIfPresent(user, "locale", Neutral.text(body, "locale"));
        ObjectNode custom = user.putObject("custom");
        Neutral.putIfPresent(custom, "roles", Neutral.text(body, "roles"));
        for (JsonNode team : body.path("teams")) {
            for (JsonNode channel : team.path("channels")) {
                Channel known = channels.get(Neutral.text(team, "name") + "." + Neutral.text(channel, "name"));
                if (known != null) {
                    known.members().add(id);
                }
            }
        }
        sink.user(user, at);
    }

    private void emitChannels() {
        if (channelsEmitted) {
            return;
        }
        channelsEmitted = true;
        for (Channel channel : channels.values()) {
            ArrayNode participants = channel.node().putArray("participants");
            channel.members().forEach(participants::add);
            sink.conversation(channel.node(), channel.at());
        }
    }

    private void post(SourcePosition at, JsonNode body) {
        emitChannels();
        String id = Neutral.text(body, "team") + "." + Neutral.text(body, "channel");
        if (!channels.containsKey(id)) {
            sink.error(at, "UNKNOWN_CONVERSATION", "post.channel", "The post is in channel " + id + ", which no "
                    + "channel line defines.");
            return;
        }
        message(at, id, body, null);
    }

    private void directChannel(SourcePosition at, List<String> members) {
        String id = "dm:" + String.join(",", new TreeSet<>(members));
        if (members.isEmpty() || !directChannels.add(id)) {
            return;
        }
        emitChannels();
        report.contains(members.size() > 2 ? "group DM" : "DM", 1);
        ObjectNode node = Neutral.object().put("id", id);
        ArrayNode participants = node.putArray("participants");
        members.forEach(member -> {
            participants.add(member);
            placeholder(member, at);
        });
        node.putObject("custom").put("type", members.size() > 2 ? "G" : "D");
        sink.conversation(node, at);
    }

    private void directPost(SourcePosition at, JsonNode body) {
        List<String> members = members(body.path("channel_members"));
        if (members.isEmpty()) {
            sink.error(at, "MISSING_FIELD", "direct_post.channel_members", "A direct post needs its channel_members.");
            return;
        }
        directChannel(at, members);
        message(at, "dm:" + String.join(",", new TreeSet<>(members)), body, null);
    }

    private void message(SourcePosition at, String conversationId, JsonNode post, Long rootCreateAt) {
        String example = Neutral.where(at);
        String type = Neutral.text(post, "type");
        if (type != null && type.startsWith("system_")) {
            report.lost("SYSTEM_EVENT", "System posts (joins, leaves, header changes...) cannot be imported into "
                    + "TalkJS; they are counted only.", example + " " + type);
            return;
        }
        String sender = Neutral.text(post, "user");
        if (sender != null) {
            placeholder(sender, at);
        }
        ObjectNode message = Neutral.object().put("conversationId", conversationId);
        Neutral.putIfPresent(message, "sender", sender);
        JsonNode createAt = post.get("create_at");
        if (createAt != null) {
            message.set("timestamp", createAt);
        }
        content(message, post, example);
        if (rootCreateAt != null) {
            message.putObject("custom").put("rootCreateAt", rootCreateAt.toString());
            report.changed("THREAD_REPLY", "Replies are imported in their conversation in time order; their thread is "
                    + "kept in custom.rootCreateAt (the root post's create_at).", example);
        }
        if (post.path("edit_at").asLong(0) > 0) {
            report.changed("EDITED", "Edited posts are imported with their last text; when they were edited is lost.",
                    example);
        }
        reactions(message, post.path("reactions"), example);
        report.contains("message", 1);
        sink.message(message, at);
        for (JsonNode reply : post.path("replies")) {
            message(at, conversationId, reply, createAt == null ? null : createAt.asLong());
        }
    }

    /** Mattermost's {@code [{user, emoji_name}]} as the neutral {@code {"emoji": [users]}} (docs/bundle-format.md). */
    private void reactions(ObjectNode message, JsonNode reactions, String example) {
        ObjectNode neutral = Neutral.object();
        for (JsonNode reaction : reactions) {
            String emoji = EmojiNames.toTalkJs(Neutral.text(reaction, "emoji_name"));
            JsonNode user = reaction.get("user");
            if (emoji != null && user != null && user.isTextual()) {
                Neutral.addReaction(neutral, emoji, user);
            } else {
                report.lost("REACTION_USER_UNKNOWN", "Reactions without their user or emoji cannot be re-added.",
                        example);
            }
        }
        if (!neutral.isEmpty()) {
            message.set("reactions", neutral);
        }
    }

    /**
     * The text and the attachment: the first attachment whose file is in the archive becomes the message's
     * attachment, every other one a line "[file] name". A post whose only content is its attached file has no text,
     * as in the Talkport bundle.
     */
    private void content(ObjectNode message, JsonNode post, String example) {
        SourceFiles content = new SourceFiles(report, archive, example, post.path("message").asText(""));
        for (JsonNode entry : post.path("attachments")) {
            String path = Neutral.text(entry, "path");
            content.file(file(path), path, "[file] " + (path == null ? "(no path)"
                    : path.substring(path.lastIndexOf('/') + 1)));
        }
        content.putInto(message);
    }

    /**
     * The archive path of an attachment's bytes, or null when the archive lacks them (or they are empty). The
     * export gives paths relative to its data directory: {@code mmctl export create --attachments} zips the files
     * under {@code data/} beside the JSONL file, so {@code data/<path>} is looked up first, then {@code <path>}
     * itself (both beside the JSONL file).
     */
    private String file(String path) {
        if (path == null) {
            return null;
        }
        String relative = path.startsWith("./") ? path.substring(2) : path;
        for (String candidate : List.of(exportFolder + "data/" + relative, exportFolder + relative)) {
            if (archive.size(candidate) > 0) {
                return candidate;
            }
        }
        return null;
    }

    private void placeholder(String id, SourcePosition at) {
        if (users.add(id)) {
            report.changed("PLACEHOLDER_USER", "Members and senders without a user line were created as users named "
                    + "by their user name (custom.placeholder = \"true\").", id);
            ObjectNode user = Neutral.object().put("id", id).put("name", id);
            user.putObject("custom").put("placeholder", "true");
            sink.user(user, at);
        }
    }

    private static List<String> members(JsonNode array) {
        List<String> members = new ArrayList<>();
        for (JsonNode member : array) {
            if (member.isTextual() && !members.contains(member.textValue())) {
                members.add(member.textValue());
            }
        }
        return members;
    }
}
