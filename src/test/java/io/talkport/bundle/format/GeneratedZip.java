package io.talkport.bundle.format;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip written entry by entry straight to disk, for the export generators (memory flat in the archive's size).
 * I/O errors become {@link UncheckedIOException}: a generator has nothing to recover.
 */
public final class GeneratedZip implements AutoCloseable {

    private final ZipOutputStream zip;
    private boolean open;
    private int elements;

    public GeneratedZip(Path target) {
        try {
            zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(target), 1 << 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the entry {@code name}, ending the one before. */
    public GeneratedZip entry(String name) {
        try {
            end();
            zip.putNextEntry(new ZipEntry(name));
            open = true;
            elements = 0;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes text (UTF-8) into the current entry. */
    public GeneratedZip text(String text) {
        try {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one element of a JSON array being written: a comma before every element but the entry's first. */
    public GeneratedZip element(String json) {
        return text(elements++ == 0 ? json : "," + json);
    }

    /** Ends the current entry, if any. */
    public void end() throws IOException {
        if (open) {
            zip.closeEntry();
            open = false;
        }
    }

    @Override
    public void close() {
        try {
            end();
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
