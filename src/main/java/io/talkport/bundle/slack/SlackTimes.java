package io.talkport.bundle.slack;

import java.math.BigDecimal;

/** Slack's {@code ts}: seconds since 1970 with microseconds, as a string ("1498401043.277604"). */
final class SlackTimes {

    private SlackTimes() {
    }

    /**
     * Milliseconds since 1970 (microseconds truncated: messages in the same millisecond keep their file order), or
     * null when {@code ts} is not such a number.
     */
    static Long millis(String ts) {
        if (ts == null || ts.isEmpty() || ts.length() > 40) {
            return null;
        }
        try {
            return new BigDecimal(ts).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
