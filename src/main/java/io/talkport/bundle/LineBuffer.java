package io.talkport.bundle;

import java.util.Arrays;

/** A growable line buffer that stops growing at the limit and remembers that it overflowed. */
final class LineBuffer {
    private final int limit;
    private byte[] bytes = new byte[8192];
    private int length;
    private boolean overflowed;

    LineBuffer(int limit) {
        this.limit = limit;
    }

    void append(byte[] src, int offset, int count) {
        if (overflowed || count == 0) {
            return;
        }
        if (length + count > limit + 1) { // +1: a trailing \r does not count
            overflowed = true;
            return;
        }
        if (length + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
        }
        System.arraycopy(src, offset, bytes, length, count);
        length += count;
    }

    void reset() {
        length = 0;
        overflowed = false;
    }

    int length() {
        return length;
    }

    byte[] bytes() {
        return bytes;
    }

    boolean overflowed() {
        return overflowed;
    }
}
