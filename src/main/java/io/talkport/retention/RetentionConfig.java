package io.talkport.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long uploaded data of an ended job is kept. */
@ConfigMapping(prefix = "talkport.retention")
public interface RetentionConfig {

    /**
     * Archive and staged rows of a job are deleted this long after it ended (REJECTED, or READY with no run in
     * progress) and nothing happened to it. Default 30 days.
     */
    @WithDefault("30d")
    Duration after();

    /** How often the purge runs (a Quarkus scheduler interval). Default every hour. */
    @WithDefault("1h")
    String every();
}
