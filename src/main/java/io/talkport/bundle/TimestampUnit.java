package io.talkport.bundle;

import java.util.Locale;

/**
 * The unit of message timestamps, declared as {@code "timestampUnit"} in manifest.json: {@code "ms"} (the default),
 * {@code "s"} or {@code "us"}. TalkJS takes milliseconds since 1970-01-01 UTC; staging converts.
 */
enum TimestampUnit {
    MILLISECONDS("ms", 1, 1), SECONDS("s", 1000, 1), MICROSECONDS("us", 1, 1000);

    /**
     * A ms timestamp from {@link #SECONDS_FROM} (1970-01-12 as ms, 2001-09-09 as seconds) up to this (1973-03-03 as
     * ms, year 5138 as seconds) is, in a chat export, almost surely seconds.
     */
    static final long SECONDS_BELOW = 100_000_000_000L;
    static final long SECONDS_FROM = 1_000_000_000L;
    /** A ms timestamp above this (year 5138) is almost surely microseconds (then: 1973). */
    static final long MICROSECONDS_ABOVE = 100_000_000_000_000L;

    private final String name;
    private final long multiply;
    private final long divide;

    TimestampUnit(String name, long multiply, long divide) {
        this.name = name;
        this.multiply = multiply;
        this.divide = divide;
    }

    String label() {
        return name;
    }

    /** Milliseconds; throws ArithmeticException on overflow. */
    long toMillis(long value) {
        return Math.multiplyExact(value, multiply) / divide;
    }

    /** The unit named in the manifest, or null when the name is unknown. */
    static TimestampUnit named(String value) {
        for (TimestampUnit unit : values()) {
            if (unit.name.equals(value.toLowerCase(Locale.ROOT))) {
                return unit;
            }
        }
        return null;
    }
}
