package io.talkport.bundle.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A folder (such as a sample under ../shared/real-exports) read as a {@link SourceArchive}, for unit tests. */
public final class DirectoryArchive implements SourceArchive {

    /** The shared real export samples (CI has ../shared beside the checkout). */
    public static final Path SAMPLES = Path.of("../shared/real-exports");

    private final Path root;
    private final SortedSet<String> names = new TreeSet<>();

    public DirectoryArchive(Path root) {
        this.root = root;
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(f -> names.add(root.relativize(f).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DirectoryArchive sample(String relative) {
        return new DirectoryArchive(SAMPLES.resolve(relative));
    }

    @Override
    public SortedSet<String> names() {
        return names;
    }

    @Override
    public long size(String name) {
        try {
            return names.contains(name) ? Files.size(root.resolve(name)) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(String name) {
        try {
            return Files.newInputStream(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
