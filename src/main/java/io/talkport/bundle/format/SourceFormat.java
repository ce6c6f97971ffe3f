package io.talkport.bundle.format;

import java.io.IOException;

/**
 * One kind of chat export Talkport can read. Formats are asked in turn whether they recognise an archive
 * ({@link #detect}); the one chosen turns the archive's files into neutral records ({@link #read}). Adding a format
 * touches neither the archive checks nor the staging: register it in {@link SourceFormats}.
 */
public interface SourceFormat {

    /** The highest {@link #detect} score: the format is certain. */
    int CERTAIN = 2;

    /** The stable id used in the {@code format} upload parameter and the API, e.g. {@code "slack"}. */
    String id();

    /** A name for people, e.g. "Slack export". */
    String label();

    /**
     * How sure the format is that the archive is one of its exports: 0 = not mine, 1 = possible (a file name
     * matches), 2 = certain (names and content match). Must only look at names or read small files.
     */
    int detect(SourceArchive archive) throws IOException;

    /**
     * Whether the archive already holds the neutral data files (the Talkport bundle): then staging reads them with
     * its own fast path and {@link #read} is not called.
     */
    default boolean neutral() {
        return false;
    }

    /**
     * Streams the archive into {@code sink}, memory bounded by one source item plus the id sets the format needs,
     * and tells {@code report} what was changed or could not be carried over.
     */
    void read(SourceArchive archive, RecordSink sink, CarryOver report) throws IOException;
}
