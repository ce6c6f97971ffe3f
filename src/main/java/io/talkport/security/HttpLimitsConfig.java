package io.talkport.security;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/**
 * Request body limits per route ({@link BodyLimitFilter}), checked before authentication and before a byte of the
 * body is read. The bundle upload ({@code POST /api/jobs}) always gets {@code talkport.upload.max-bytes} plus room
 * for the multipart envelope.
 */
@ConfigMapping(prefix = "talkport.http")
public interface HttpLimitsConfig {

    /** Largest body of a route without an entry in {@link #bodyLimits()} (JSON API, forms). Default 1M. */
    @WithDefault("1M")
    MemorySize bodyLimit();

    /**
     * Largest body per route, in bytes (suffixes K, M, G): the key is a path pattern matched against the canonical
     * path ({@link RequestPaths}); {@code *} stands for one segment, a final {@code **} for any number of them. The
     * most specific pattern wins (more literal segments, then fewer wildcards). Example:
     * {@code talkport.http.body-limits."/sandbox/talkjs/v1/*\/files"=26M}.
     */
    Map<String, MemorySize> bodyLimits();
}
