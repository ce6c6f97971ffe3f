package io.talkport.bundle.slack;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a synthetic Slack export of any size, streaming (memory flat): {@code users} users, {@code channels} public
 * channels of 5 members, {@code dms} DMs, and {@code messages} messages spread round-robin over the conversations,
 * {@code perDay} per day file (so many small files, as real exports), with a mention, a link, a thread reply every
 * 10th message and a channel_join every 100th (not importable). Message k has ts 1600000000 + k seconds and
 * ".000100" microseconds, so every day file is in time order.
 */
public final class SlackExportGenerator {

    private SlackExportGenerator() {
    }

    /** The numbers of a generated export, to assert or print. */
    public record Counts(int conversations, int importable, int systemEvents, int dayFiles) {
    }

    public static Counts write(Path target, int users, int channels, int dms, int messages, int perDay) {
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(target), 1 << 16))) {
            entry(zip, "users.json", out -> {
                for (int u = 0; u < users; u++) {
                    write(out, (u == 0 ? "[" : ",") + "{\"id\":\"U" + u + "\",\"name\":\"user" + u + "\",\"profile\":"
                            + "{\"real_name\":\"User " + u + "\",\"email\":\"user" + u + "@acme.example\"}}");
                }
                write(out, users == 0 ? "[]" : "]");
            });
            entry(zip, "channels.json", out -> list(out, channels, c -> "{\"id\":\"C" + c + "\",\"name\":\"ch" + c
                    + "\",\"members\":" + members(c, users) + "}"));
            entry(zip, "dms.json", out -> list(out, dms, d -> "{\"id\":\"D" + d + "\",\"members\":[\"U" + (d % users)
                    + "\",\"U" + ((d + 1) % users) + "\"]}"));
            return days(zip, users, channels, dms, messages, perDay);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private interface Element {
        String of(int index);
    }

    private static void entry(ZipOutputStream zip, String name, Body body) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        body.write(zip);
        zip.closeEntry();
    }

    private static void list(OutputStream out, int n, Element element) throws IOException {
        write(out, "[");
        for (int i = 0; i < n; i++) {
            write(out, (i == 0 ? "" : ",") + element.of(i));
        }
        write(out, "]");
    }

    private static String members(int channel, int users) {
        StringBuilder members = new StringBuilder("[");
        for (int m = 0; m < 5; m++) {
            members.append(m == 0 ? "" : ",").append("\"U").append((channel + m) % users).append('"');
        }
        return members.append(']').toString();
    }

    /** Messages of conversation i are k = i, i + n, i + 2n... (n conversations); perDay of them per day file. */
    private static Counts days(ZipOutputStream zip, int users, int channels, int dms, int messages, int perDay)
            throws IOException {
        int conversations = channels + dms;
        int importable = 0;
        int system = 0;
        int files = 0;
        for (int i = 0; i < conversations; i++) {
            String folder = i < channels ? "ch" + i : "D" + (i - channels);
            int inDay = 0;
            LocalDate day = LocalDate.of(2020, 9, 13);
            for (int k = i; k < messages; k += conversations) {
                if (inDay == 0) {
                    zip.putNextEntry(new ZipEntry(folder + "/" + day + ".json"));
                    write(zip, "[");
                    files++;
                }
                String sender = i < channels ? "U" + ((i + k) % 5 + i) % users : "U" + ((i - channels) + k % 2) % users;
                if (k % 100 == 99) {
                    write(zip, (inDay == 0 ? "" : ",") + "{\"type\":\"message\",\"subtype\":\"channel_join\",\"user\":\""
                            + sender + "\",\"text\":\"<@" + sender + "> has joined\",\"ts\":\"" + (1_600_000_000L + k)
                            + ".000100\"}");
                    system++;
                } else {
                    String thread = k % 10 == 5 ? ",\"thread_ts\":\"" + (1_600_000_000L + k - 5) + ".000100\","
                            + "\"parent_user_id\":\"U0\"" : "";
                    write(zip, (inDay == 0 ? "" : ",") + "{\"type\":\"message\",\"user\":\"" + sender + "\",\"text\":"
                            + "\"Message " + k + " for <@U" + (k % users) + "> see <https://acme.example/" + k
                            + "|page " + k + ">\",\"ts\":\"" + (1_600_000_000L + k) + ".000100\"" + thread + "}");
                    importable++;
                }
                if (++inDay == perDay || k + conversations >= messages) {
                    write(zip, "]");
                    zip.closeEntry();
                    inDay = 0;
                    day = day.plusDays(1);
                }
            }
        }
        return new Counts(conversations, importable, system, files);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
