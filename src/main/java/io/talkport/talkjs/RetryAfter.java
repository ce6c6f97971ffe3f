package io.talkport.talkjs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses a {@code Retry-After} header: delta seconds or an HTTP date (RFC 9110 section 10.2.3). */
final class RetryAfter {

    /** Bigger values are clamped so that durations never overflow (about 292 years in nanoseconds). */
    private static final long MAX_SECONDS = 9_000_000_000L;

    private RetryAfter() {
    }

    /** "90 s", "60 min" or "2147483648 s": the wait as a person reads it. */
    static String describe(Duration wait) {
        long seconds = wait.toSeconds();
        return seconds >= 120 && seconds % 60 == 0 && seconds < 86_400 ? seconds / 60 + " min" : seconds + " s";
    }

    static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        try {
            long seconds = Math.min(Long.parseLong(value), MAX_SECONDS);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.of(Duration.ofSeconds(MAX_SECONDS)); // more digits than a long holds
            }
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
