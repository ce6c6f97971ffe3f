package io.talkport.bundle;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Limits applied when an uploaded bundle is read and validated (see docs/bundle-format.md). */
@ConfigMapping(prefix = "talkport.bundle")
public interface BundleConfig {

    /** Most entries (files and folders) an archive may hold; more is rejected as TOO_MANY_ENTRIES. Default 100000. */
    @WithDefault("100000")
    int maxEntries();

    /** Most bytes all entries may inflate to, counted on bytes actually read; beyond is ZIP_BOMB. Default 20G. */
    @WithDefault("20G")
    MemorySize maxUncompressedBytes();

    /** Highest inflated/compressed ratio of an entry larger than 1 MB; beyond is ZIP_BOMB. Default 200. */
    @WithDefault("200")
    int maxCompressionRatio();

    /** Largest attachment file; a bigger one is an error on the messages that reference it. Default 25M. */
    @WithDefault("25M")
    MemorySize maxAttachmentBytes();

    /** Longest JSONL line or JSON array element; a longer one is an item error (LINE_TOO_LONG). Default 1M. */
    @WithDefault("1M")
    MemorySize maxLineBytes();

    /** Deepest JSON nesting of one item; deeper is an item error (JSON_TOO_DEEP). Default 32. */
    @WithDefault("32")
    int maxNestingDepth();

    /** Issue rows stored per code and job; the rest is summed up in one TOO_MANY_ISSUES row. Default 10000. */
    @WithDefault("10000")
    int maxIssuesPerCode();

    /** How far in the future a message timestamp may be (clock skew) before it is FUTURE_TIMESTAMP. Default 1h. */
    @WithDefault("1h")
    Duration futureTimestampTolerance();
}
