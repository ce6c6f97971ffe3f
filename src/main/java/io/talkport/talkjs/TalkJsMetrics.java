package io.talkport.talkjs;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** Micrometer meters of the TalkJS client: requests by env/route/status, 429s, and a timer per route. */
final class TalkJsMetrics {

    static final String REQUESTS = "talkport.talkjs.requests";
    static final String RATE_LIMITED = "talkport.talkjs.rate_limited";
    static final String DURATION = "talkport.talkjs.request.duration";

    private final MeterRegistry registry;

    TalkJsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param status the HTTP status, or {@code io_error} / {@code timeout} when there was no response */
    void request(TalkJsEnvironment env, String route, String status, long nanos) {
        registry.counter(REQUESTS, "env", env.key(), "route", route, "status", status).increment();
        Timer.builder(DURATION).tags("env", env.key(), "route", route).register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void rateLimited(TalkJsEnvironment env, String route) {
        registry.counter(RATE_LIMITED, "env", env.key(), "route", route).increment();
    }

    long rateLimitedCount(TalkJsEnvironment env) {
        return (long) registry.find(RATE_LIMITED).tag("env", env.key()).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
