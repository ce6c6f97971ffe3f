package io.talkport.bundle;

import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The push's way into a stored archive: the same {@link BundleArchive} that validated it (same name decoding, same
 * root folder, same limits), so a file that staged is found again under the same name. A few archives are kept open
 * between files, since a bundle's central directory can hold 100,000 entries; one unused for a minute is closed.
 */
@ApplicationScoped
public class AttachmentFiles {

    private static final int KEPT_OPEN = 4;
    private static final long IDLE_NANOS = 60_000_000_000L;

    private final BundleLimits limits;
    private final Map<Path, Held> open = new LinkedHashMap<>();

    /** One open archive and the readers using it. */
    private static final class Held {
        final BundleArchive archive;
        int readers;
        boolean closing;
        long lastUsed;

        Held(BundleArchive archive) {
            this.archive = archive;
        }
    }

    public AttachmentFiles(BundleConfig config) {
        this.limits = BundleLimits.from(config);
    }

    /**
     * Copies the file at bundle-relative {@code path} (e.g. {@code attachments/p.png}) of the stored archive to
     * {@code target}, and checks that it is still what staging recorded.
     *
     * @throws AttachmentUnreadableException when the archive or the file cannot be read, or its size (bytes) or
     *                                       sha-256 (hex) differ: a local fault that no retry fixes
     */
    public void copy(Path archive, String path, String sha256, long size, Path target) {
        Held held = acquire(archive, path);
        try (InputStream in = held.archive.openAlone(path); OutputStream out = Files.newOutputStream(target)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long copied = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                copied += n;
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (copied != size || !actual.equals(sha256)) {
                throw new AttachmentUnreadableException(path, "it changed since validation (" + copied + " bytes, "
                        + "sha-256 " + actual + "; staged: " + size + " bytes, " + sha256 + ")", null);
            }
        } catch (IOException | UncheckedIOException | BundleRejectedException e) {
            throw new AttachmentUnreadableException(path, e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        } finally {
            release(held);
        }
    }

    private synchronized Held acquire(Path archive, String path) {
        closeIdle();
        Held held = open.get(archive);
        if (held == null) {
            if (!Files.isRegularFile(archive)) {
                throw new AttachmentUnreadableException(path, "the stored archive is gone (deleted or moved since "
                        + "validation)", null);
            }
            try {
                held = new Held(BundleArchive.open(archive, limits));
            } catch (BundleRejectedException e) {
                throw new AttachmentUnreadableException(path, "the stored archive cannot be opened any more ("
                        + e.getMessage() + ")", e);
            } catch (UncheckedIOException e) {
                throw new AttachmentUnreadableException(path, "the stored archive cannot be opened any more (a read "
                        + "error of the server's disk)", e);
            }
            open.put(archive, held);
            if (open.size() > KEPT_OPEN) {
                Iterator<Held> eldest = open.values().iterator();
                retire(eldest.next());
                eldest.remove();
            }
        }
        held.readers++;
        return held;
    }

    private synchronized void release(Held held) {
        held.readers--;
        held.lastUsed = System.nanoTime();
        if (held.closing && held.readers == 0) {
            closeQuietly(held);
        }
    }

    private void closeIdle() {
        long now = System.nanoTime();
        for (Iterator<Held> it = open.values().iterator(); it.hasNext(); ) {
            Held held = it.next();
            if (held.readers == 0 && now - held.lastUsed > IDLE_NANOS) {
                it.remove();
                closeQuietly(held);
            }
        }
    }

    private static void retire(Held held) {
        held.closing = true;
        if (held.readers == 0) {
            closeQuietly(held);
        }
    }

    private static void closeQuietly(Held held) {
        try {
            held.archive.close();
        } catch (IOException e) {
            Log.debugf("closing a stored archive: %s", e.getMessage());
        }
    }

    @PreDestroy
    synchronized void closeAll() {
        open.values().forEach(AttachmentFiles::retire);
        open.clear();
    }
}
