package io.talkport.testsupport;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A large generated bundle (see {@link BundleBuilder#generated}), streamed to disk line by line. */
public final class GeneratedBundle {

    private static final String[] WORDS = ("the a meeting tomorrow invoice shipped thanks sure okay call later "
            + "customer order delayed price update please review draft attached photo great idea lunch friday "
            + "deploy fixed broken ticket urgent weekend report numbers quarter budget coffee schedule moved "
            + "agenda notes follow up asap yes no maybe sounds good see you soon hello hi hey cheers").split(" ");
    private static final int ATTACHMENT_FILES = 50;
    public static final long FIRST_TIMESTAMP = 1_600_000_000_000L;

    private final int users;
    private final int conversations;
    private final int messages;
    private final int attachmentEvery;

    GeneratedBundle(int users, int conversations, int messages, int attachmentEvery) {
        this.users = users;
        this.conversations = conversations;
        this.messages = messages;
        this.attachmentEvery = attachmentEvery;
    }

    public Path build(Path target) {
        try (OutputStream file = Files.newOutputStream(target);
                ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            writeEntry(zip, "users.jsonl", this::writeUsers);
            writeEntry(zip, "conversations.jsonl", this::writeConversations);
            writeEntry(zip, "messages.jsonl", this::writeMessages);
            if (attachmentEvery > 0) {
                for (int i = 0; i < ATTACHMENT_FILES; i++) {
                    byte[] png = BundleBuilder.PNG.clone();
                    png[png.length - 13] = (byte) i; // distinct content per file (a byte of the IDAT CRC area)
                    BundleBuilder.put(zip, "attachments/f" + i + ".png", png);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Body {
        void write(Writer out) throws IOException;
    }

    private static void writeEntry(ZipArchiveOutputStream zip, String name, Body body) throws IOException {
        zip.putArchiveEntry(new ZipArchiveEntry(name));
        Writer out = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16);
        body.write(out);
        out.flush();
        zip.closeArchiveEntry();
    }

    private void writeUsers(Writer out) throws IOException {
        for (int u = 1; u <= users; u++) {
            out.write("{\"id\":\"u" + u + "\",\"name\":\"User " + u + "\",\"email\":\"u" + u
                    + "@example.com\",\"role\":\"default\",\"custom\":{\"team\":\"t" + (u % 20) + "\"}}\n");
        }
    }

    /** Conversation c has participants u(c), u(c+1) (and u(c+2), u(c+3) for some). */
    private int participantCount(int c) {
        return 2 + c % 3;
    }

    private int participant(int c, int k) {
        return (c + k - 1) % users + 1;
    }

    private void writeConversations(Writer out) throws IOException {
        for (int c = 1; c <= conversations; c++) {
            StringBuilder ids = new StringBuilder();
            for (int k = 0; k < participantCount(c); k++) {
                ids.append(k == 0 ? "" : ",").append("\"u").append(participant(c, k)).append('"');
            }
            out.write("{\"id\":\"c" + c + "\",\"subject\":\"Topic " + c + "\",\"participants\":[" + ids + "]}\n");
        }
    }

    private void writeMessages(Writer out) throws IOException {
        Random random = new Random(42);
        StringBuilder line = new StringBuilder(256);
        for (int m = 1; m <= messages; m++) {
            int c = (m - 1) % conversations + 1;
            int n = participantCount(c);
            int sender = participant(c, random.nextInt(n));
            int reader = participant(c, random.nextInt(n));
            line.setLength(0);
            line.append("{\"id\":\"m").append(m).append("\",\"conversationId\":\"c").append(c)
                    .append("\",\"sender\":\"u").append(sender).append("\",\"timestamp\":")
                    .append(FIRST_TIMESTAMP + m * 1000L).append(",\"text\":\"");
            for (int w = 0, words = 3 + random.nextInt(15); w < words; w++) {
                line.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            line.append("\",\"readBy\":[\"u").append(reader).append("\"]");
            if (attachmentEvery > 0 && m % attachmentEvery == 0) {
                line.append(",\"attachment\":\"attachments/f").append(m / attachmentEvery % ATTACHMENT_FILES).append(".png\"");
            }
            out.write(line.append("}\n").toString());
        }
    }
}
