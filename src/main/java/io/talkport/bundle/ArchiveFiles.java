package io.talkport.bundle;

import io.talkport.bundle.format.SourceArchive;

import java.io.InputStream;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** A {@link BundleArchive} as formats see it: names, sizes and guarded reads, nothing else. */
final class ArchiveFiles implements SourceArchive {

    private final BundleArchive bundle;
    private final Map<String, Long> sizes;
    private final SortedSet<String> names;
    private final long maxAttachmentBytes;

    /** For detection, which reads no attachment. */
    ArchiveFiles(BundleArchive bundle) {
        this(bundle, Long.MAX_VALUE);
    }

    /** @param maxAttachmentBytes the staging limit per attachment file, bytes */
    ArchiveFiles(BundleArchive bundle, long maxAttachmentBytes) {
        this.bundle = bundle;
        this.maxAttachmentBytes = maxAttachmentBytes;
        this.sizes = bundle.fileSizes();
        this.names = new TreeSet<>(sizes.keySet());
    }

    @Override
    public SortedSet<String> names() {
        return names;
    }

    @Override
    public boolean has(String name) {
        return sizes.containsKey(name);
    }

    @Override
    public long size(String name) {
        return sizes.getOrDefault(name, -1L);
    }

    @Override
    public long maxAttachmentBytes() {
        return maxAttachmentBytes;
    }

    @Override
    public InputStream open(String name) {
        return bundle.open(name);
    }
}
