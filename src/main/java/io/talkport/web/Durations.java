package io.talkport.web;

import java.util.Locale;

/** Spans of time as people read them: "45 s", "3 m 20 s", "1 h 04 m". */
final class Durations {

    private Durations() {
    }

    /** {@code seconds} rounded to what matters: seconds under a minute, whole minutes from an hour. */
    static String of(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d m %02d s", seconds / 60, seconds % 60);
        }
        long minutes = Math.round(seconds / 60.0);
        return String.format(Locale.ROOT, "%d h %02d m", minutes / 60, minutes % 60);
    }
}
