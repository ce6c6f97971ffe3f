package io.talkport.bundle.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** An archive assembled in a test from sample files and literal contents. */
public final class MappedArchive implements SourceArchive {

    private final SortedMap<String, byte[]> files = new TreeMap<>();

    /** Every file of a zip on disk (generated exports), read into memory. */
    public static MappedArchive unzipped(Path zip) {
        MappedArchive archive = new MappedArchive();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                archive.file(entry.getName(), file.getInputStream(entry).readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return archive;
    }

    public MappedArchive file(String name, Path source) {
        try {
            files.put(name, Files.readAllBytes(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public MappedArchive file(String name, String content) {
        files.put(name, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public MappedArchive file(String name, byte[] content) {
        files.put(name, content);
        return this;
    }

    public byte[] bytes(String name) {
        return files.get(name);
    }

    @Override
    public SortedSet<String> names() {
        return new TreeSet<>(files.keySet());
    }

    @Override
    public long size(String name) {
        return files.containsKey(name) ? files.get(name).length : -1;
    }

    @Override
    public InputStream open(String name) {
        return new ByteArrayInputStream(files.get(name));
    }
}
