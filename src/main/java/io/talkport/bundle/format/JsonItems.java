package io.talkport.bundle.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams the items of a source file one at a time, so memory stays bounded by one item: a JSON array (at the top, or
 * under one top-level key as in {@code {"active_users": [...]}}), or JSONL. Positions are 1-based (element number or
 * line). A JSONL line that is not JSON is reported and reading goes on; inside an array the rest of the file cannot
 * be found again after broken JSON, so that is reported once at the element where it happened.
 */
public final class JsonItems {

    /** Receives each item with its position. */
    public interface Handler {
        void item(SourcePosition at, JsonNode node) throws IOException;
    }

    /** Longest item (bytes of a JSONL line, characters of a string), as {@code talkport.bundle.max-line-bytes}. */
    public static final int MAX_ITEM_BYTES = 1 << 20;
    /** Deepest nesting, as {@code talkport.bundle.max-nesting-depth}. */
    public static final int MAX_DEPTH = 32;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_ITEM_BYTES).build()).build());

    private final SourceArchive archive;
    private final RecordSink sink;

    public JsonItems(SourceArchive archive, RecordSink sink) {
        this.archive = archive;
        this.sink = sink;
    }

    /** The elements of the top-level array of {@code name}. */
    public void array(String name, Handler handler) throws IOException {
        array(name, null, handler);
    }

    /** The elements of the array under top-level {@code key} of {@code name} (or the top-level array if null). */
    public void array(String name, String key, Handler handler) throws IOException {
        int element = 0;
        try (InputStream in = archive.open(name); JsonParser parser = JSON.createParser(in)) {
            if (!seekArray(parser, key)) {
                sink.error(new SourcePosition(name, 1), "WRONG_TYPE", key, key == null
                        ? "The file must hold one JSON array." : "The file must hold an object with an array \"" + key + "\".");
                return;
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                element++;
                JsonNode node = parser.readValueAsTree();
                handler.item(new SourcePosition(name, element), node);
            }
        } catch (JsonProcessingException e) {
            sink.error(new SourcePosition(name, Math.max(1, element)), "MALFORMED_JSON", null, "This is not valid JSON ("
                    + reason(e) + "); the rest of " + name + " cannot be read. Export the file again.");
        }
    }

    private static boolean seekArray(JsonParser parser, String key) throws IOException {
        JsonToken first = parser.nextToken();
        if (key == null) {
            return first == JsonToken.START_ARRAY;
        }
        if (first != JsonToken.START_OBJECT) {
            return false;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals(key)) {
                return value == JsonToken.START_ARRAY;
            }
            parser.skipChildren();
        }
        return false;
    }

    /** The whole (small) file as one tree, or null after reporting MALFORMED_JSON. */
    public JsonNode tree(String name) throws IOException {
        try (InputStream in = archive.open(name)) {
            return JSON.readTree(in);
        } catch (JsonProcessingException e) {
            sink.error(new SourcePosition(name, 1), "MALFORMED_JSON", null, "This is not valid JSON (" + reason(e)
                    + "). Export the file again.");
            return null;
        }
    }

    /** The lines of a JSONL file; blank lines are skipped, a broken line is reported and the next one is read. */
    public void lines(String name, Handler handler) throws IOException {
        try (InputStream in = archive.open(name)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            int lineNo = 1;
            boolean tooLong = false;
            int n;
            while ((n = in.read(chunk)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        tooLong |= append(line, chunk, start, i - start);
                        emit(name, lineNo++, line, tooLong, handler);
                        line.reset();
                        tooLong = false;
                        start = i + 1;
                    }
                }
                tooLong |= append(line, chunk, start, n - start);
            }
            if (line.size() > 0 || tooLong) {
                emit(name, lineNo, line, tooLong, handler);
            }
        }
    }

    private static boolean append(ByteArrayOutputStream line, byte[] chunk, int from, int length) {
        if (line.size() + length > MAX_ITEM_BYTES) {
            return true;
        }
        line.write(chunk, from, length);
        return false;
    }

    private void emit(String name, int lineNo, ByteArrayOutputStream line, boolean tooLong, Handler handler)
            throws IOException {
        SourcePosition at = new SourcePosition(name, lineNo);
        if (tooLong) {
            sink.error(at, "LINE_TOO_LONG", null, "The line is longer than " + MAX_ITEM_BYTES + " bytes.");
            return;
        }
        String text = line.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isEmpty()) {
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            sink.error(at, "MALFORMED_JSON", null, "This is not valid JSON (" + reason(e)
                    + "). Each line must hold one complete JSON object.");
            return;
        }
        handler.item(at, node);
    }

    private static String reason(JsonProcessingException e) {
        String reason = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ");
        return reason.length() > 160 ? reason.substring(0, 160) + "..." : reason;
    }
}
