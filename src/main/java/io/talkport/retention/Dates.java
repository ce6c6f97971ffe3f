package io.talkport.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Wording of dates and durations in retention notes. */
final class Dates {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Dates() {
    }

    static String display(Instant instant) {
        return TIME.format(instant);
    }

    static String humanized(Duration duration) {
        long days = duration.toDays();
        if (days >= 1 && duration.equals(Duration.ofDays(days))) {
            return days == 1 ? "1 day" : days + " days";
        }
        long hours = duration.toHours();
        if (hours >= 1 && duration.equals(Duration.ofHours(hours))) {
            return hours == 1 ? "1 hour" : hours + " hours";
        }
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
