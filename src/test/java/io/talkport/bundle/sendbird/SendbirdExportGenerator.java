package io.talkport.bundle.sendbird;

import io.talkport.bundle.format.GeneratedZip;

import java.nio.file.Path;

/**
 * Writes a synthetic Sendbird Platform API export of any size, streaming (memory flat), in the shapes of the real
 * sample (../shared/real-exports/sendbird/exported-data): {@code active_users.json} ({@code {"active_users": [...]}}
 * with metadata.emailId), {@code group_channels.json} ({@code created_at} in seconds, {@code members} with
 * name/image, a {@code read_receipt} per channel: its first member has read everything, its second the first half
 * of the export's time span, its third nothing), and {@code messages/messages-000001.json}... holding
 * {@code {"messages": [...]}} of {@code perFile} messages each. Message k is in channel k % channels, written by
 * one of its 3 members, {@code created_at} = 1674850000000 + 1000 k ms, {@code message_id} = 4889309712 + k (beyond
 * 32 bits); every 100th (k % 100 == 99) is an admin message (ADMM) and every 100th (k % 100 == 49) is removed
 * (neither is importable), every 200th (k % 200 == 7) is a FILE message, every 10th (k % 10 == 5) a thread reply
 * ({@code parent_message_id}) and every 20th (k % 20 == 3) carries {@code data}.
 */
public final class SendbirdExportGenerator {

    /** Time of message 0, ms. */
    static final long FIRST_CREATED_AT = 1_674_850_000_000L;

    private SendbirdExportGenerator() {
    }

    /** The numbers of a generated export, to assert or print. */
    public record Counts(int conversations, int importable, int notImported, int fileMessages, int messageFiles) {
    }

    public static Counts write(Path target, int users, int channels, int messages, int perFile) {
        try (GeneratedZip zip = new GeneratedZip(target)) {
            zip.entry("active_users.json").text("{\"active_users\":[");
            for (int u = 0; u < users; u++) {
                zip.element("{\"has_ever_logged_in\":true,\"user_id\":\"" + userId(u) + "\",\"is_active\":true,"
                        + "\"profile_url\":\"https://acme.example/p/" + u + ".jpg\",\"metadata\":{\"emailId\":\"user" + u
                        + "@acme.example\"},\"last_seen_at\":\"1970-01-01 00:59:59+0100\",\"nickname\":\"User " + u
                        + "\",\"access_token\":\"\",\"session_tokens\":[]}");
            }
            zip.text("]}");
            zip.entry("group_channels.json").text("{\"group_channels\":[");
            long halfway = createdAt(messages / 2);
            for (int c = 0; c < channels; c++) {
                zip.element("{\"name\":\"Channel " + c + "\",\"channel_url\":\"" + channelUrl(c) + "\",\"cover_url\":"
                        + "\"https://acme.example/c/" + c + ".jpg\",\"created_at\":1674850000,\"custom_type\":\"\","
                        + "\"is_distinct\":true,\"data\":\"\",\"member_count\":3,\"members\":[" + member(c, 0, users)
                        + "," + member(c, 1, users) + "," + member(c, 2, users) + "],\"read_receipt\":{\""
                        + userId(memberOf(c, 0, users)) + "\":" + createdAt(messages) + ",\""
                        + userId(memberOf(c, 1, users)) + "\":" + halfway + "}}");
            }
            zip.text("]}");
            return messages(zip, users, channels, messages, perFile);
        }
    }

    private static Counts messages(GeneratedZip zip, int users, int channels, int messages, int perFile) {
        int importable = 0;
        int files = 0;
        int fileMessages = 0;
        for (int k = 0; k < messages; k++) {
            if (k % perFile == 0) {
                if (k > 0) {
                    zip.text("]}");
                }
                zip.entry(String.format("messages/messages-%06d.json", ++files)).text("{\"messages\":[");
            }
            int sender = memberOf(k % channels, k % 3, users);
            boolean admin = k % 100 == 99;
            boolean removed = k % 100 == 49;
            boolean file = k % 200 == 7;
            String type = admin ? "ADMM" : file ? "FILE" : "MESG";
            zip.element("{\"type\":\"" + type + "\",\"message_id\":" + (4_889_309_712L + k) + ",\"message\":\""
                    + (file ? "" : "Message " + k + " for User " + (k % users) + ", see https://acme.example/" + k)
                    + "\",\"custom_type\":\"\",\"created_at\":" + createdAt(k) + ",\"channel_url\":\""
                    + channelUrl(k % channels) + "\",\"updated_at\":0,\"mentioned_users\":[],\"mention_type\":\"users\","
                    + "\"is_removed\":" + removed + ",\"data\":\"" + (k % 20 == 3 ? "{\\\"priority\\\":\\\"high\\\"}" : "")
                    + "\",\"file\":" + (file ? "{\"name\":\"report-" + k + ".pdf\",\"url\":\"https://file.sendbird.com/"
                    + k + ".pdf\",\"type\":\"application/pdf\",\"size\":1024}" : "{}")
                    + (k % 10 == 5 ? ",\"parent_message_id\":" + (4_889_309_712L + k - 5) : "")
                    + ",\"user\":{\"user_id\":\"" + userId(sender) + "\",\"profile_url\":\"\",\"nickname\":\"User "
                    + sender + "\",\"metadata\":{}},\"message_survival_seconds\":-1,\"silent\":false,"
                    + "\"translations\":{}}");
            if (!admin && !removed) {
                importable++;
                fileMessages += file ? 1 : 0;
            }
        }
        if (messages > 0) {
            zip.text("]}");
        }
        return new Counts(channels, importable, messages - importable, fileMessages, files);
    }

    static long createdAt(int k) {
        return FIRST_CREATED_AT + 1000L * k;
    }

    static String userId(int u) {
        return String.valueOf(500_000 + u);
    }

    static String channelUrl(int c) {
        return "sendbird_group_channel_" + c + "_53183fc50174e861b9a7d5c6684636dc";
    }

    /** Member m (0, 1, 2) of channel c: users c, c + 1, c + 2 (modulo the number of users). */
    static int memberOf(int c, int m, int users) {
        return (c + m) % users;
    }

    private static String member(int c, int m, int users) {
        int u = memberOf(c, m, users);
        return "{\"name\":\"User " + u + "\",\"user_id\":\"" + userId(u) + "\",\"is_active\":true,\"image\":"
                + "\"https://acme.example/p/" + u + ".jpg\",\"is_bot\":false}";
    }
}
