package io.talkport.bundle.mattermost;

import io.talkport.bundle.format.GeneratedZip;

import java.nio.file.Path;

/**
 * Writes a synthetic Mattermost bulk export of any size, streaming (memory flat), in the shapes of the real sample
 * (../shared/real-exports/mattermost): one {@code import.jsonl} with a version line, one team {@code acme},
 * {@code channels} open channels {@code ch0}... of 5 members (users c..c+4, listed in the users'
 * {@code teams[].channels[]}), {@code users} users, then the channels' posts, then {@code dms} direct channels of two
 * users and their direct posts. {@code messages} source messages are spread over channels and DMs in proportion to
 * their numbers, round-robin; every 5th post line carries 2 replies (nested, as Mattermost writes them), every 100th
 * is a {@code system_join_channel} post (not importable, no replies). Message n (counting replies) has
 * {@code create_at} 1553166000000 + 1000 n ms.
 */
public final class MattermostExportGenerator {

    private static final String TEAM = "acme";

    private MattermostExportGenerator() {
    }

    /** The numbers of a generated export, to assert or print. */
    public record Counts(int conversations, int importable, int systemEvents, int replies, int postLines) {
    }

    private static final class Tally {
        int written;
        int importable;
        int system;
        int replies;
        int lines;
    }

    public static Counts write(Path target, int users, int channels, int dms, int messages) {
        try (GeneratedZip zip = new GeneratedZip(target)) {
            zip.entry("import.jsonl").text("{\"type\":\"version\",\"version\":1}\n");
            zip.text("{\"type\":\"team\",\"team\":{\"name\":\"" + TEAM + "\",\"display_name\":\"Acme\",\"type\":\"O\","
                    + "\"description\":\"\",\"allow_open_invite\":true}}\n");
            for (int c = 0; c < channels; c++) {
                zip.text("{\"type\":\"channel\",\"channel\":{\"team\":\"" + TEAM + "\",\"name\":\"ch" + c + "\","
                        + "\"display_name\":\"Channel " + c + "\",\"type\":\"O\",\"header\":\"\",\"purpose\":\"About "
                        + c + "\"}}\n");
            }
            for (int u = 0; u < users; u++) {
                zip.text(user(u, users, channels));
            }
            int channelMessages = channels + dms == 0 ? 0 : (int) ((long) messages * channels / (channels + dms));
            Tally tally = new Tally();
            posts(zip, tally, channelMessages, channels, c -> "\"type\":\"post\",\"post\":{\"team\":\"" + TEAM
                    + "\",\"channel\":\"ch" + c + "\"", (c, p) -> "user" + (c + p % 5) % users);
            for (int d = 0; d < dms; d++) {
                zip.text("{\"type\":\"direct_channel\",\"direct_channel\":{\"members\":[\"user" + d % users
                        + "\",\"user" + (d + 1) % users + "\"],\"favorited_by\":null,\"header\":\"\"}}\n");
            }
            posts(zip, tally, messages, dms, d -> "\"type\":\"direct_post\",\"direct_post\":{\"channel_members\":"
                    + "[\"user" + d % users + "\",\"user" + (d + 1) % users + "\"]",
                    (d, p) -> "user" + (d + p % 2) % users);
            return new Counts(channels + dms, tally.importable, tally.system, tally.replies, tally.lines);
        }
    }

    private interface Head {
        String of(int conversation);
    }

    private interface Sender {
        String of(int conversation, int post);
    }

    /** Post lines round-robin over {@code conversations} until {@code upTo} messages are written in all. */
    private static void posts(GeneratedZip zip, Tally tally, int upTo, int conversations, Head head, Sender sender) {
        for (int p = 0; tally.written < upTo && conversations > 0; p++) {
            int conversation = p % conversations;
            String user = sender.of(conversation, p);
            if (p % 100 == 99) {
                zip.text("{" + head.of(conversation) + ",\"user\":\"" + user + "\",\"type\":\"system_join_channel\","
                        + "\"message\":\"" + user + " joined the channel.\",\"create_at\":" + createAt(tally.written++)
                        + ",\"reactions\":null,\"replies\":null}}\n");
                tally.system++;
                tally.lines++;
                continue;
            }
            int replies = p % 5 == 0 ? Math.min(2, upTo - tally.written - 1) : 0;
            StringBuilder line = new StringBuilder("{").append(head.of(conversation)).append(",\"user\":\"")
                    .append(user).append("\",\"message\":\"").append(text(tally.written)).append("\",\"create_at\":")
                    .append(createAt(tally.written++)).append(",\"reactions\":null,\"replies\":");
            if (replies == 0) {
                line.append("null");
            } else {
                line.append('[');
                for (int r = 0; r < replies; r++) {
                    line.append(r == 0 ? "" : ",").append("{\"user\":\"").append(sender.of(conversation, p + r + 1))
                            .append("\",\"message\":\"").append(text(tally.written)).append("\",\"create_at\":")
                            .append(createAt(tally.written++)).append('}');
                }
                line.append(']');
            }
            zip.text(line.append("}}\n").toString());
            tally.importable += 1 + replies;
            tally.replies += replies;
            tally.lines++;
        }
    }

    private static String text(int n) {
        return "Message " + n + " for @user" + n % 7 + ", see https://acme.example/" + n;
    }

    static long createAt(int n) {
        return 1_553_166_000_000L + 1000L * n;
    }

    /** User u is a member of channels u - 4 .. u (those that exist), as channel c has members c .. c + 4. */
    private static String user(int u, int users, int channels) {
        StringBuilder memberships = new StringBuilder();
        for (int m = 0; m < 5 && m < users; m++) {
            int c = Math.floorMod(u - m, users);
            if (c < channels) {
                memberships.append(memberships.length() == 0 ? "" : ",").append("{\"name\":\"ch").append(c)
                        .append("\",\"roles\":\"channel_user\",\"notify_props\":{\"desktop\":\"default\",\"mobile\":"
                        + "\"default\",\"mark_unread\":\"all\"},\"favorite\":false}");
            }
        }
        return "{\"type\":\"user\",\"user\":{\"username\":\"user" + u + "\",\"email\":\"user" + u + "@acme.example\","
                + "\"auth_service\":\"\",\"nickname\":\"\",\"first_name\":\"User\",\"last_name\":\"" + u + "\","
                + "\"position\":\"\",\"roles\":\"system_user\",\"locale\":\"en\",\"teams\":[{\"name\":\"" + TEAM + "\","
                + "\"roles\":\"team_user\",\"channels\":[" + memberships + "]}],\"notify_props\":{\"desktop\":"
                + "\"mention\",\"email\":\"true\",\"mobile\":\"mention\",\"channel\":\"true\",\"comments\":\"never\"}}}\n";
    }
}
