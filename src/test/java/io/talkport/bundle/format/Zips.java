package io.talkport.bundle.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips a sample folder or an assembled archive in memory, as a user would before uploading. */
public final class Zips {

    private Zips() {
    }

    /** Every file of {@code archive} under {@code prefix} ("" or "export-2024/"). */
    public static byte[] of(SourceArchive archive, String prefix) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : archive.names()) {
                zip.putNextEntry(new ZipEntry(prefix + name));
                try (InputStream in = archive.open(name)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Path write(byte[] zip, Path target) {
        try {
            return Files.write(target, zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
