package io.talkport.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streams the items of one data file, JSONL (one value per line) or a JSON array, so that memory stays bounded by
 * one item whatever the file size. Broken items are reported and skipped; reading goes on with the next one.
 * Item numbers are 1-based in both forms: the line of a JSONL file, the element number of an array.
 */
final class ItemReader {

    /** What a reader hands out: an item parsed into a tree, or a problem that stands for the item. */
    interface Handler {
        void item(int line, JsonNode node);

        void broken(int line, String code, String message);
    }

    private static final int CHUNK = 64 * 1024;

    private final int maxLineBytes;
    private final int maxDepth;
    /** Bound to JsonNode once: ObjectMapper.readTree resolves the type and its deserializer on every call. */
    private final ObjectReader itemReader;

    ItemReader(int maxLineBytes, int maxDepth) {
        this.maxLineBytes = maxLineBytes;
        this.maxDepth = maxDepth;
        this.itemReader = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth)
                        .maxStringLength(maxLineBytes).build()).build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readerFor(JsonNode.class);
    }

    void readLines(InputStream in, Handler handler) throws IOException {
        byte[] chunk = new byte[CHUNK];
        LineBuffer line = new LineBuffer(maxLineBytes);
        int lineNo = 1;
        int n;
        while ((n = in.read(chunk)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    line.append(chunk, start, i - start);
                    emitLine(lineNo++, line, handler);
                    line.reset();
                    start = i + 1;
                }
            }
            line.append(chunk, start, n - start);
        }
        if (line.length() > 0 || line.overflowed()) {
            emitLine(lineNo, line, handler);
        }
    }

    private void emitLine(int lineNo, LineBuffer line, Handler handler) {
        if (line.overflowed()) {
            handler.broken(lineNo, "LINE_TOO_LONG", "The line is longer than " + maxLineBytes
                    + " bytes; shorten its text or custom data.");
            return;
        }
        byte[] bytes = line.bytes();
        int from = lineNo == 1 && Utf8.hasBom(bytes, line.length()) ? 3 : 0;
        int to = line.length();
        if (to > from && bytes[to - 1] == '\r') {
            to--;
        }
        if (Utf8.isBlank(bytes, from, to)) {
            return;
        }
        parse(lineNo, bytes, from, to - from, handler);
    }

    private void parse(int lineNo, byte[] bytes, int offset, int length, Handler handler) {
        int badByte = Utf8.firstInvalid(bytes, offset, offset + length);
        if (badByte >= 0) {
            handler.broken(lineNo, "INVALID_UTF8", "The text is not valid UTF-8 (byte " + (badByte - offset + 1)
                    + " of the item); save the file as UTF-8.");
            return;
        }
        JsonNode node;
        try {
            node = itemReader.readTree(bytes, offset, length);
        } catch (StreamConstraintsException e) {
            handler.broken(lineNo, "JSON_TOO_DEEP", "The JSON is nested deeper than " + maxDepth + " levels "
                    + "or holds a string that is too long.");
            return;
        } catch (IOException e) {
            handler.broken(lineNo, "MALFORMED_JSON", "This is not valid JSON (" + shortReason(e)
                    + "). Each line must hold one complete JSON object.");
            return;
        }
        handler.item(lineNo, node);
    }

    /**
     * Reads a file holding one JSON array, element by element. A byte-level scanner (aware of strings and escapes)
     * cuts the array at its top-level commas, so each element is bounded like a JSONL line and parsed the same way:
     * a broken element is reported and the next one is read.
     */
    void readArray(InputStream in, Handler handler) throws IOException {
        ArrayScanner scanner = new ArrayScanner(handler);
        byte[] chunk = new byte[CHUNK];
        int n;
        while (!scanner.done && (n = in.read(chunk)) > 0) {
            scanner.scan(chunk, n);
        }
        scanner.finish();
    }

    /** State of {@link #readArray}: where we are in the array, and the element read so far. */
    private final class ArrayScanner {
        private final Handler handler;
        private final LineBuffer element = new LineBuffer(maxLineBytes);
        private boolean started;
        private boolean done;
        private boolean inString;
        private boolean escaped;
        private int depth;
        private int index = 1;

        ArrayScanner(Handler handler) {
            this.handler = handler;
        }

        void scan(byte[] chunk, int n) {
            int from = 0;
            for (int i = 0; i < n && !done; i++) {
                byte b = chunk[i];
                if (!started) {
                    if (b == '[') {
                        started = true;
                        from = i + 1;
                    } else if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && (b & 0x80) == 0) {
                        handler.broken(1, "MALFORMED_JSON", "A .json data file must hold one JSON array of objects.");
                        done = true;
                    }
                } else if (inString) {
                    inString = escaped || b != '"';
                    escaped = !escaped && b == '\\';
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if ((b == ']' && depth == 0) || (b == ',' && depth == 0)) {
                    element.append(chunk, from, i - from);
                    from = i + 1;
                    emit(b == ',');
                    done = b == ']';
                } else if (b == '}' || b == ']') {
                    depth--;
                }
            }
            if (started && !done) {
                element.append(chunk, from, n - from);
            }
        }

        private void emit(boolean commaFollows) {
            boolean blank = !element.overflowed() && Utf8.isBlank(element.bytes(), 0, element.length());
            if (blank && commaFollows) {
                handler.broken(index++, "MALFORMED_JSON", "Empty array element (two commas in a row).");
            } else if (element.overflowed()) {
                handler.broken(index++, "LINE_TOO_LONG", "The item is longer than " + maxLineBytes + " bytes.");
            } else if (!blank) {
                parse(index++, element.bytes(), 0, element.length(), handler);
            }
            element.reset();
        }

        void finish() {
            if (!started && !done) {
                handler.broken(1, "MALFORMED_JSON", "A .json data file must hold one JSON array of objects.");
            } else if (!done) {
                handler.broken(index, "MALFORMED_JSON", "The JSON array is not closed with ']': the file is cut off.");
            }
        }
    }

    private static String shortReason(IOException e) {
        String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        reason = String.valueOf(reason).replaceAll("\\s+", " ");
        return reason.length() > 160 ? reason.substring(0, 160) + "..." : reason;
    }
}
