package io.talkport.bundle;

import io.talkport.bundle.BundleRejectedException.Code;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * Counts the bytes actually inflated from an entry and rejects the archive as a zip bomb when they exceed the
 * entry's declared size, the archive-wide budget, or the compression ratio (headers can lie; the inflater cannot).
 */
final class InflationGuard extends FilterInputStream {

    /** Ratios are only judged past this size: tiny or repetitive files legitimately compress very well. */
    static final long RATIO_FLOOR = 1 << 20;

    /** Bytes left to inflate for the whole archive. */
    static final class Budget {
        private long remaining;

        Budget(long max) {
            this.remaining = max;
        }
    }

    private final String name;
    private final long declaredSize;
    private final long compressedSize;
    private final int maxRatio;
    private final Budget budget;
    private final long expectedCrc;
    private final CRC32 crc = new CRC32();
    private long read;

    InflationGuard(InputStream in, String name, long declaredSize, long compressedSize, int maxRatio, Budget budget) {
        this(in, name, declaredSize, compressedSize, maxRatio, budget, -1);
    }

    /** @param expectedCrc the entry's CRC-32, checked at the end of the data (-1: unknown) */
    InflationGuard(InputStream in, String name, long declaredSize, long compressedSize, int maxRatio, Budget budget,
            long expectedCrc) {
        super(in);
        this.expectedCrc = expectedCrc;
        this.name = name;
        this.declaredSize = declaredSize;
        this.compressedSize = compressedSize;
        this.maxRatio = maxRatio;
        this.budget = budget;
    }

    static void checkRatio(String name, long size, long compressed, int maxRatio) {
        if (size > RATIO_FLOOR && size / Math.max(1, compressed) > maxRatio) {
            throw bomb("The entry \"" + name + "\" inflates " + size / Math.max(1, compressed)
                    + " times its compressed size; at most " + maxRatio + " times is allowed.");
        }
    }

    static BundleRejectedException bomb(String detail) {
        return new BundleRejectedException(Code.ZIP_BOMB, detail + " The archive looks like a zip bomb and was refused.");
    }

    @Override
    public int read() throws IOException {
        int b = guarded(() -> super.read());
        if (b >= 0) {
            crc.update(b);
            count(1);
        } else {
            verifyEnd();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = guarded(() -> super.read(buffer, offset, length));
        if (n > 0) {
            crc.update(buffer, offset, n);
            count(n);
        } else if (n < 0) {
            verifyEnd();
        }
        return n;
    }

    /** Corrupt data can still inflate; the checksum and the length tell. */
    private void verifyEnd() {
        if ((expectedCrc >= 0 && crc.getValue() != expectedCrc) || (declaredSize >= 0 && read != declaredSize)) {
            throw BundleArchive.unreadable(name, new IOException("CRC or size mismatch"));
        }
    }

    private void count(long n) {
        read += n;
        budget.remaining -= n;
        if (budget.remaining < 0) {
            throw bomb("The archive unpacks to more bytes than allowed.");
        }
        if (declaredSize >= 0 && read > declaredSize) {
            throw bomb("The entry \"" + name + "\" inflates to more bytes than its header declares.");
        }
        if (compressedSize >= 0) {
            checkRatio(name, read, compressedSize, maxRatio);
        }
    }

    private interface Read {
        int run() throws IOException;
    }

    /** A corrupt stream (bad CRC, truncated data) rejects the archive rather than failing the server. */
    private int guarded(Read read) {
        try {
            return read.run();
        } catch (IOException e) {
            throw BundleArchive.unreadable(name, e);
        }
    }
}
