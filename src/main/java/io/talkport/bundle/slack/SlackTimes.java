package io.talkport.bundle.slack;

import java.math.BigDecimal;

/** Slack's {@code ts}: seconds since 1970 with microseconds, as a string ("1498401043.277604"). */
final class SlackTimes {

    /** Integer digits the plain path takes: 10^15 s * 1000 still fits in a long (Slack's ts has 10). */
    private static final int MAX_PLAIN_SECONDS_DIGITS = 15;

    private SlackTimes() {
    }

    /**
     * Milliseconds since 1970 (microseconds truncated: messages in the same millisecond keep their file order), or
     * null when {@code ts} is not such a number. The usual shape, ASCII digits with an optional fraction, is read
     * digit by digit (BigDecimal cost ~150 ns a message); anything else (a sign, an exponent, other digits) keeps
     * BigDecimal's reading, so every value gives what it gave before.
     */
    static Long millis(String ts) {
        if (ts == null || ts.isEmpty() || ts.length() > 40) {
            return null;
        }
        long plain = plainMillis(ts);
        if (plain >= 0) {
            return plain;
        }
        try {
            return new BigDecimal(ts).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "1498401043.277604" → 1498401043277, or -1 when ts is not 1 to 15 ASCII digits, optionally "." and digits. */
    private static long plainMillis(String ts) {
        int n = ts.length();
        int i = 0;
        long seconds = 0;
        while (i < n && isDigit(ts.charAt(i))) {
            seconds = seconds * 10 + (ts.charAt(i++) - '0');
        }
        if (i == 0 || i > MAX_PLAIN_SECONDS_DIGITS) {
            return -1;
        }
        long millis = 0;
        int fraction = 0;
        if (i < n) {
            if (ts.charAt(i++) != '.') {
                return -1;
            }
            for (; i < n; i++, fraction++) {
                char c = ts.charAt(i);
                if (!isDigit(c)) {
                    return -1;
                }
                if (fraction < 3) {
                    millis = millis * 10 + (c - '0');
                }
            }
        }
        for (int scale = fraction; scale < 3; scale++) {
            millis *= 10;
        }
        return seconds * 1000 + millis;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
