package io.talkport.bundle.format;

import java.io.InputStream;
import java.util.SortedSet;

/**
 * The files of an uploaded archive that already passed the archive checks (limits, zip-slip, bombs), as a format
 * sees them: names relative to the archive's root folder ({@code "random/2017-06-25.json"}). Reads stay guarded
 * against inflation; a truncated entry throws {@code BundleRejectedException}.
 */
public interface SourceArchive {

    /** All file names, sorted (so day files of a Slack channel come in date order). */
    SortedSet<String> names();

    default boolean has(String name) {
        return names().contains(name);
    }

    /** The declared size of a file in bytes, or -1 when it is not in the archive. */
    long size(String name);

    /**
     * The largest file, in bytes, that a message may carry as its attachment
     * ({@code talkport.bundle.max-attachment-bytes}, default 25M); a format keeps larger files as links. Unlimited
     * unless staging says otherwise.
     */
    default long maxAttachmentBytes() {
        return Long.MAX_VALUE;
    }

    /** Opens one file; the caller closes the stream. */
    InputStream open(String name);
}
