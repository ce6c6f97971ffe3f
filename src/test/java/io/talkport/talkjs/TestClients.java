package io.talkport.talkjs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a {@link TalkJsClient} pointed at a {@link FakeTalkJs}, with its own config, limiter and breaker, so each
 * test controls the numbers. Needs a running Quarkus (the fault-tolerance guards are created through CDI).
 */
final class TestClients {

    static final String TEST_APP = "test-app-1";
    static final String TEST_SECRET = "sk_test_unitTestSecretKey0123456789abcdef";

    private TestClients() {
    }

    /** Fast numbers: retries after 20 ms, 429 back-off from 100 ms, generous rate limit. */
    static Map<String, String> defaults(FakeTalkJs fake) {
        Map<String, String> props = new HashMap<>();
        props.put("talkjs.base-url", fake.baseUrl());
        props.put("talkjs.test.app-id", TEST_APP);
        props.put("talkjs.test.secret-key", TEST_SECRET);
        props.put("talkjs.rate-limit.requests-per-second", "200");
        props.put("talkjs.rate-limit.burst", "50");
        props.put("talkjs.rate-limit.backoff-initial", "100ms");
        props.put("talkjs.retry.initial-delay", "20ms");
        props.put("talkjs.retry.max-delay", "50ms");
        props.put("talkjs.retry.jitter", "0ms");
        props.put("talkjs.retry.max-retries", "3");
        props.put("talkjs.timeout.request", "2s");
        props.put("talkjs.circuit-breaker.request-volume-threshold", "50");
        return props;
    }

    static TalkJsClient client(FakeTalkJs fake, String... overrides) {
        return client(fake, new SimpleMeterRegistry(), overrides);
    }

    static TalkJsClient client(FakeTalkJs fake, MeterRegistry registry, String... overrides) {
        Map<String, String> props = defaults(fake);
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return new TalkJsClient(config(props), registry, new ObjectMapper());
    }

    static TalkJsConfig config(Map<String, String> props) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TalkJsConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "talkjs-client-test", 500))
                .build();
        return config.getConfigMapping(TalkJsConfig.class);
    }
}
