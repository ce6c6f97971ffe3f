package io.talkport.bundle;

import java.time.Duration;

/** The limits of {@link BundleConfig} as plain values, so that parsers and tests need no Quarkus. */
public record BundleLimits(int maxEntries, long maxUncompressedBytes, int maxCompressionRatio,
        long maxAttachmentBytes, int maxLineBytes, int maxNestingDepth, int maxIssuesPerCode,
        Duration futureTimestampTolerance) {

    public static BundleLimits from(BundleConfig config) {
        return new BundleLimits(config.maxEntries(), config.maxUncompressedBytes().asLongValue(),
                config.maxCompressionRatio(), config.maxAttachmentBytes().asLongValue(),
                (int) Math.min(Integer.MAX_VALUE - 16, config.maxLineBytes().asLongValue()),
                config.maxNestingDepth(), config.maxIssuesPerCode(), config.futureTimestampTolerance());
    }

    /** The documented defaults. */
    public static BundleLimits defaults() {
        return new BundleLimits(100_000, 20L << 30, 200, 25L << 20, 1 << 20, 32, 10_000, Duration.ofHours(1));
    }
}
