package io.talkport.talkjs;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private final Instant now = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void readsSecondsAndHttpDates() {
        assertThat(RetryAfter.parse("3", now)).contains(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse("Wed, 01 Jan 2025 12:00:05 GMT", now)).contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.parse("Wed, 01 Jan 2025 11:00:00 GMT", now)).contains(Duration.ZERO);
    }

    @Test
    void ignoresMissingOrGarbage() {
        assertThat(RetryAfter.parse(null, now)).isEmpty();
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
    }
}
