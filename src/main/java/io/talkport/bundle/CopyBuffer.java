package io.talkport.bundle;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Rows for one table in PostgreSQL COPY text format, sent as one COPY command whenever about a megabyte has
 * accumulated. COPY is used instead of Hibernate or even JDBC batches because staging writes millions of rows:
 * it is several times faster than batched INSERTs and needs no per-row statement. {@link #flush()} only queues
 * the bytes; {@link CopySender#await()} tells when they are in.
 */
final class CopyBuffer {

    private static final int FLUSH_AT = 1 << 20;

    private final CopySender sender;
    private final String sql;
    private byte[] bytes = new byte[FLUSH_AT + 64 * 1024];
    private int length;
    private boolean rowStarted;

    CopyBuffer(CopySender sender, String table, String columns) {
        this.sender = sender;
        this.sql = "COPY " + table + " (" + columns + ") FROM STDIN";
    }

    CopyBuffer text(String value) {
        separator();
        if (value == null) {
            raw('\\');
            raw('N');
        } else {
            escaped(value);
        }
        return this;
    }

    CopyBuffer number(long value) {
        separator();
        ascii(Long.toString(value));
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
            bytes = new byte[bytes.length];
            length = 0;
        }
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

    /** UTF-8 encodes and escapes for COPY text format; NUL (never allowed in PostgreSQL text) becomes U+FFFD. */
    private void escaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> { raw('\\'); raw('\\'); }
                    case '\n' -> { raw('\\'); raw('n'); }
                    case '\r' -> { raw('\\'); raw('r'); }
                    case '\t' -> { raw('\\'); raw('t'); }
                    case 0 -> utf8(0xFFFD);
                    default -> raw(c);
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                utf8(Character.toCodePoint(c, s.charAt(++i)));
            } else {
                utf8(Character.isSurrogate(c) ? 0xFFFD : c);
            }
        }
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

    private void raw(int b) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        bytes[length++] = (byte) b;
    }
}
