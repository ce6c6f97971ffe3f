package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Rows for one table in PostgreSQL COPY text format, sent as one COPY command whenever about a megabyte has
 * accumulated. COPY is used instead of Hibernate or even JDBC batches because staging writes millions of rows:
 * it is several times faster than batched INSERTs and needs no per-row statement. {@link #flush()} only queues
 * the bytes; {@link CopySender#await()} tells when they are in.
 */
final class CopyBuffer {

    private static final int FLUSH_AT = 1 << 20;
    private static final int CAPACITY = FLUSH_AT + 64 * 1024;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final CopySender sender;
    private final String sql;
    private byte[] bytes;
    private int length;
    private boolean rowStarted;

    CopyBuffer(CopySender sender, String table, String columns) {
        this(sender, table, columns, "");
    }

    /** @param options a COPY option list such as {@code "WITH (FREEZE)"}, or "" */
    CopyBuffer(CopySender sender, String table, String columns, String options) {
        this.sender = sender;
        this.bytes = sender.buffer(CAPACITY);
        this.sql = ("COPY " + table + " (" + columns + ") FROM STDIN " + options).strip();
    }

    CopyBuffer text(String value) {
        separator();
        if (value == null) {
            sqlNull();
        } else {
            escaped(value);
        }
        return this;
    }

    /** A jsonb value: the JSON array of these strings, or NULL. */
    CopyBuffer jsonArray(Iterable<JsonNode> strings) {
        separator();
        if (strings == null) {
            sqlNull();
            return this;
        }
        raw('[');
        boolean first = true;
        for (JsonNode value : strings) {
            if (!first) {
                raw(',');
            }
            first = false;
            jsonString(value.textValue());
        }
        raw(']');
        return this;
    }

    /** A jsonb value: the JSON object of these string values, or NULL. */
    CopyBuffer jsonObject(ObjectNode strings) {
        separator();
        if (strings == null) {
            sqlNull();
            return this;
        }
        raw('{');
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = strings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!first) {
                raw(',');
            }
            first = false;
            jsonString(entry.getKey());
            raw(':');
            jsonString(entry.getValue().textValue());
        }
        raw('}');
        return this;
    }

    CopyBuffer number(long value) {
        separator();
        if (value < 0) {
            raw('-');
            if (value == Long.MIN_VALUE) {
                ascii("9223372036854775808");
                return this;
            }
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensureRoom(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
        return this;
    }

    CopyBuffer bool(boolean value) {
        separator();
        raw(value ? 't' : 'f');
        return this;
    }

    void endRow() throws SQLException, IOException {
        raw('\n');
        rowStarted = false;
        if (length >= FLUSH_AT) {
            flush();
        }
    }

    void flush() throws SQLException, IOException {
        if (length > 0) {
            sender.send(sql, bytes, length);
            bytes = sender.buffer(CAPACITY); // not the size one long value grew it to
            length = 0;
        }
    }

    private void sqlNull() {
        raw('\\');
        raw('N');
    }

    private void separator() {
        if (rowStarted) {
            raw('\t');
        }
        rowStarted = true;
    }

    private void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            raw(s.charAt(i));
        }
    }

    /**
     * UTF-8 encodes and escapes for COPY text format; NUL (never allowed in PostgreSQL text) becomes U+FFFD. Printable
     * ASCII, nearly all of a chat export, is stored straight into the array: through {@link #raw} with its capacity
     * check per byte, this loop was the staging thread's largest single cost (300 ns for a 60-character text, now 80).
     */
    private void escaped(String s) {
        int n = s.length();
        ensureRoom(3 * n); // the most a UTF-16 unit takes: 3 bytes (U+FFFD, BMP characters); escapes take 2
        byte[] b = bytes;
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '\\') {
                b[at++] = (byte) c;
                continue;
            }
            length = at;
            switch (c) {
                case '\\' -> { raw('\\'); raw('\\'); }
                case '\n' -> { raw('\\'); raw('n'); }
                case '\r' -> { raw('\\'); raw('r'); }
                case '\t' -> { raw('\\'); raw('t'); }
                case 0 -> utf8(0xFFFD);
                default -> {
                    if (c < 0x80) {
                        raw(c);
                    } else {
                        i = nonAscii(s, i);
                    }
                }
            }
            at = length;
        }
        length = at;
    }

    /**
     * A JSON string literal, escaped for COPY on top: JSON's backslash escapes become double backslashes, and
     * control characters are written as JSON escapes, so the row never holds a raw tab or newline. NUL, which
     * jsonb rejects even escaped, becomes U+FFFD like in text columns.
     */
    private void jsonString(String s) {
        raw('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                raw('\\');
                raw('\\');
                raw('"');
            } else if (c == '\\') {
                for (int k = 0; k < 4; k++) {
                    raw('\\');
                }
            } else if (c == 0) {
                utf8(0xFFFD);
            } else if (c < 0x20) {
                raw('\\');
                raw('\\');
                raw('u');
                raw('0');
                raw('0');
                raw(HEX[c >> 4]);
                raw(HEX[c & 0xF]);
            } else if (c < 0x80) {
                raw(c);
            } else {
                i = nonAscii(s, i);
            }
        }
        raw('"');
    }

    /**
     * UTF-8 of the non-ASCII character at {@code i}, a surrogate pair taken together; a lone surrogate becomes
     * U+FFFD. Returns the index of the last UTF-16 unit used.
     */
    private int nonAscii(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            utf8(Character.toCodePoint(c, s.charAt(i + 1)));
            return i + 1;
        }
        utf8(Character.isSurrogate(c) ? 0xFFFD : c);
        return i;
    }

    private void utf8(int cp) {
        if (cp < 0x800) {
            raw(0xC0 | cp >> 6);
            raw(0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            raw(0xE0 | cp >> 12);
            raw(0x80 | cp >> 6 & 0x3F);
            raw(0x80 | cp & 0x3F);
        } else {
            raw(0xF0 | cp >> 18);
            raw(0x80 | cp >> 12 & 0x3F);
            raw(0x80 | cp >> 6 & 0x3F);
            raw(0x80 | cp & 0x3F);
        }
    }

    private void ensureRoom(int count) {
        if (bytes.length - length < count) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
        }
    }

    private void raw(int b) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        bytes[length++] = (byte) b;
    }
}
