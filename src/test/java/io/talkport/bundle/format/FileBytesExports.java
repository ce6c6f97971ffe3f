package io.talkport.bundle.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Synthetic exports whose archives hold file bytes (what the real samples lack): a Slack export as slackdump writes
 * it with files downloaded, in both of its layouts, and a Mattermost bulk export with its {@code data/} folder.
 * Every file has its own bytes (distinct sizes and contents), so each staged attachment and upload is told apart.
 */
public final class FileBytesExports {

    /** Slack: the only content of message 1 (standard layout, channel folder). */
    public static final byte[] PHOTO = file("\u0089PNG photo", 1_000);
    /** Slack: message 2's file (slackdump's __uploads layout; a .json file, not a day file). */
    public static final byte[] NOTES = file("notes", 2_345);
    /** Slack: message 4's first file; its second, {@link #SECOND}, stays a link. */
    public static final byte[] FIRST = file("first", 3_003);
    public static final byte[] SECOND = file("second", 404);
    /** Slack: the DM's file (standard layout, the DM's folder is its id). */
    public static final byte[] SCAN = file("%PDF-1.4 scan", 5_120);

    /** Mattermost: a post's file, a reply's (its only content), a direct post's first and second file. */
    public static final byte[] REPORT = file("%PDF-1.4 report", 6_001);
    public static final byte[] REPLY = file("\u0089PNG reply", 777);
    public static final byte[] DM = file("dm text", 1_234);
    public static final byte[] DM_SECOND = file("dm second", 321);

    private static final String SLACK_URL = "https://acme.slack.com/files/";
    private static final String MM_DIR = "20240501/teams/t1/channels/ch1/users/u1/";

    private FileBytesExports() {
    }

    /** {@code length} bytes starting with {@code head}, the rest a repeating pattern. */
    static byte[] file(String head, int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) (head.length() + 'a'));
        byte[] start = head.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(start, 0, bytes, 0, start.length);
        return bytes;
    }

    /**
     * A Slack export: channel general (C1) with 5 messages and DM D1 with 1. Files: F1AAA (bytes in
     * general/attachments, the message's only content), F2BBB (bytes in __uploads), F3CCC (no bytes), F4DDD and
     * F5EEE on one message (both with bytes: the first is attached, the second stays a link), F6FFF (0 bytes),
     * F7GGG (bytes in D1/attachments). So 4 attached, 2 not in the archive, 1 extra kept as a link.
     */
    public static MappedArchive slack() {
        return new MappedArchive()
                .file("users.json", "[{\"id\":\"U1\",\"name\":\"ann\",\"profile\":{\"real_name\":\"Ann\"}},"
                        + "{\"id\":\"U2\",\"name\":\"bo\",\"profile\":{\"real_name\":\"Bo\"}}]")
                .file("channels.json", "[{\"id\":\"C1\",\"name\":\"general\",\"members\":[\"U1\",\"U2\"]}]")
                .file("dms.json", "[{\"id\":\"D1\",\"members\":[\"U1\",\"U2\"]}]")
                .file("general/2024-05-01.json", "[" + String.join(",",
                        slackMessage("U1", "1714550400.000100", "", slackFile("F1AAA", "photo.png")),
                        slackMessage("U2", "1714550400.000200", "notes attached", slackFile("F2BBB", "notes.json")),
                        slackMessage("U1", "1714550400.000300", "lost one", slackFile("F3CCC", "gone.pdf")),
                        slackMessage("U2", "1714550400.000400", "two files", slackFile("F4DDD", "a.png") + ","
                                + slackFile("F5EEE", "b.png")),
                        slackMessage("U1", "1714550400.000500", "", slackFile("F6FFF", "empty.txt"))) + "]")
                .file("D1/2024-05-02.json", "[" + slackMessage("U2", "1714636800.000100", "dm file",
                        slackFile("F7GGG", "scan.pdf")) + "]")
                .file("general/attachments/F1AAA-photo.png", PHOTO)
                .file("__uploads/F2BBB/notes.json", NOTES)
                .file("__uploads/F4DDD/a.png", FIRST)
                .file("__uploads/F5EEE/b.png", SECOND)
                .file("__uploads/F6FFF/empty.txt", new byte[0])
                .file("D1/attachments/F7GGG-scan.pdf", SCAN);
    }

    /** The permalink the Slack export gives a file. */
    public static String slackUrl(String id, String name) {
        return SLACK_URL + "U1/" + id + "/" + name;
    }

    private static String slackMessage(String user, String ts, String text, String files) {
        return "{\"type\":\"message\",\"user\":\"" + user + "\",\"text\":\"" + text + "\",\"ts\":\"" + ts
                + "\",\"files\":[" + files + "]}";
    }

    private static String slackFile(String id, String name) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"permalink\":\"" + slackUrl(id, name) + "\"}";
    }

    /**
     * A Mattermost bulk export (export.jsonl + data/): a channel post with a file and a reply whose only content is
     * its file; a post whose file is missing; a direct post with two files. So 3 attached, 1 not in the archive, 1
     * extra kept as a link.
     */
    public static MappedArchive mattermost() {
        String reply = "\"replies\":[" + post("bo", "", 1714550401000L, "p2/reply.png") + "]";
        String lines = String.join("\n",
                "{\"type\":\"version\",\"version\":1}",
                "{\"type\":\"team\",\"team\":{\"name\":\"t1\",\"display_name\":\"T1\",\"type\":\"O\"}}",
                "{\"type\":\"channel\",\"channel\":{\"team\":\"t1\",\"name\":\"ch1\",\"display_name\":\"Ch1\","
                        + "\"type\":\"O\"}}",
                mattermostUser("ann"), mattermostUser("bo"),
                "{\"type\":\"post\",\"post\":" + inChannel(post("ann", "the report", 1714550400000L, "p1/report.pdf"),
                        reply) + "}",
                "{\"type\":\"post\",\"post\":" + inChannel(post("bo", "missing", 1714550402000L, "p3/nothere.png"),
                        null) + "}",
                "{\"type\":\"direct_channel\",\"direct_channel\":{\"members\":[\"ann\",\"bo\"]}}",
                "{\"type\":\"direct_post\",\"direct_post\":" + post("ann", "", 1714550403000L, "p4/dm.txt",
                        "p4/second.txt").replace("{", "{\"channel_members\":[\"ann\",\"bo\"],") + "}");
        return new MappedArchive().file("export.jsonl", lines + "\n")
                .file("data/" + MM_DIR + "p1/report.pdf", REPORT)
                .file("data/" + MM_DIR + "p2/reply.png", REPLY)
                .file("data/" + MM_DIR + "p4/dm.txt", DM)
                .file("data/" + MM_DIR + "p4/second.txt", DM_SECOND);
    }

    /** The archive path of a Mattermost file of {@link #mattermost()}. */
    public static String mattermostPath(String file) {
        return "data/" + MM_DIR + file;
    }

    private static String mattermostUser(String name) {
        return "{\"type\":\"user\",\"user\":{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.com\","
                + "\"teams\":[{\"name\":\"t1\",\"channels\":[{\"name\":\"ch1\"}]}]}}";
    }

    /** A post or reply object: {"user", "message", "create_at", "attachments": [{"path"}...]}. */
    private static String post(String user, String message, long createAt, String... files) {
        return "{\"user\":\"" + user + "\",\"message\":\"" + message + "\",\"create_at\":" + createAt + ","
                + attachments(files) + "}";
    }

    /** The post in channel t1.ch1, with more fields (replies) when given. */
    private static String inChannel(String post, String more) {
        return "{\"team\":\"t1\",\"channel\":\"ch1\"," + post.substring(1, post.length() - 1)
                + (more == null ? "" : "," + more) + "}";
    }

    private static String attachments(String... files) {
        StringBuilder json = new StringBuilder("\"attachments\":[");
        for (int i = 0; i < files.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"path\":\"").append(MM_DIR).append(files[i]).append("\"}");
        }
        return json.append(']').toString();
    }
}
