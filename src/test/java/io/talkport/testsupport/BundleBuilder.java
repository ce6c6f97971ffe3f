package io.talkport.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds bundle archives for tests, fluently:
 * {@code BundleBuilder.create().user("u1", "Alice").conversation("c1", "u1", "u2").message("c1", "u1", ts, "hi")
 * .attachment("attachments/p.png", bytes).rawLine("messages.jsonl", "{broken").build(path)}.
 * Hostile archives too: {@link #entry} with any name and bytes, {@link #symlink}, {@link #without} a data file.
 * {@link #generated} streams a bundle of any size straight to disk.
 */
public final class BundleBuilder {

    /** A 1x1 transparent PNG. */
    public static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<String>> lines = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final Map<String, String> symlinks = new LinkedHashMap<>();
    private final List<String> omitted = new ArrayList<>();
    private boolean jsonArrays;
    private String folder = "";

    private BundleBuilder() {
        for (String file : new String[] {"users.jsonl", "conversations.jsonl", "messages.jsonl"}) {
            lines.put(file, new ArrayList<>());
        }
    }

    public static BundleBuilder create() {
        return new BundleBuilder();
    }

    public BundleBuilder user(String id, String name) {
        return item("users.jsonl", Map.of("id", id, "name", name));
    }

    public BundleBuilder conversation(String id, String... participants) {
        return item("conversations.jsonl", Map.of("id", id, "participants", List.of(participants)));
    }

    public BundleBuilder message(String conversationId, String sender, long timestamp, String text) {
        return item("messages.jsonl", Map.of("conversationId", conversationId, "sender", sender,
                "timestamp", timestamp, "text", text));
    }

    /** A message with extra or overriding fields, e.g. {@code Map.of("readBy", List.of("u2"))}. */
    public BundleBuilder message(String conversationId, String sender, long timestamp, String text,
            Map<String, Object> extra) {
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("conversationId", conversationId, "sender", sender,
                "timestamp", timestamp, "text", text));
        fields.putAll(extra);
        return item("messages.jsonl", fields);
    }

    /** Any item (a map serialized as one JSON object) appended to a data file ("users.jsonl", ...). */
    public BundleBuilder item(String file, Map<String, ?> fields) {
        try {
            return rawLine(file, JSON.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line appended verbatim (broken JSON, blank lines...). */
    public BundleBuilder rawLine(String file, String line) {
        lines.computeIfAbsent(file, f -> new ArrayList<>()).add(line);
        return this;
    }

    public BundleBuilder attachment(String path, byte[] bytes) {
        return entry(path, bytes);
    }

    /** An entry with any name (e.g. "../evil", "C:/x", "attachments/") and raw bytes; not put under the folder. */
    public BundleBuilder entry(String name, byte[] bytes) {
        entries.put(name, bytes);
        return this;
    }

    public BundleBuilder symlink(String name, String target) {
        symlinks.put(name, target);
        return this;
    }

    /** Leaves a data file out of the archive ("messages.jsonl"). */
    public BundleBuilder without(String file) {
        omitted.add(file);
        return this;
    }

    /** Writes users.json, conversations.json, messages.json holding one JSON array each. */
    public BundleBuilder jsonArrays() {
        this.jsonArrays = true;
        return this;
    }

    /** Puts every data file and attachment under one top-level folder. */
    public BundleBuilder folder(String name) {
        this.folder = name.endsWith("/") ? name : name + "/";
        return this;
    }

    public Path build(Path target) {
        try (OutputStream out = Files.newOutputStream(target)) {
            write(out);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void write(OutputStream target) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(target)) {
            for (Map.Entry<String, List<String>> file : lines.entrySet()) {
                if (omitted.contains(file.getKey())) {
                    continue;
                }
                String name = jsonArrays ? file.getKey().replace(".jsonl", ".json") : file.getKey();
                String body = jsonArrays ? "[\n" + String.join(",\n", file.getValue()) + "\n]\n"
                        : String.join("\n", file.getValue()) + "\n";
                put(zip, folder + name, body.getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                boolean bundleFile = entry.getKey().startsWith("attachments/") || entry.getKey().equals("manifest.json");
                put(zip, (bundleFile ? folder : "") + entry.getKey(), entry.getValue());
            }
            for (Map.Entry<String, String> link : symlinks.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(link.getKey());
                entry.setUnixMode(0120777);
                zip.putArchiveEntry(entry);
                zip.write(link.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
    }

    static void put(ZipArchiveOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putArchiveEntry(new ZipArchiveEntry(name));
        zip.write(bytes);
        zip.closeArchiveEntry();
    }

    /**
     * A large consistent bundle written straight to disk, never held in memory: users u1..uN, conversations
     * c1..cN with 2-4 participants, messages spread round-robin over conversations with varied text, and every
     * {@code attachmentEvery}-th message (0 = none) referencing one of 50 small PNG files.
     */
    public static GeneratedBundle generated(int users, int conversations, int messages, int attachmentEvery) {
        return new GeneratedBundle(users, conversations, messages, attachmentEvery);
    }

    /** The archive bytes of a zip holding one entry per name, for hostile-name tests. */
    public static byte[] zipOf(String... namesAndContents) {
        BundleBuilder builder = create();
        Arrays.asList(builder.lines.keySet().toArray(new String[0])).forEach(builder::without);
        for (int i = 0; i < namesAndContents.length; i += 2) {
            builder.entry(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return builder.toBytes();
    }
}
