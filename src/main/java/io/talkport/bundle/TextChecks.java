package io.talkport.bundle;

/**
 * Character-level facts about bundle text that PostgreSQL and TalkJS cannot keep as they are: NUL (PostgreSQL text
 * refuses it) and unpaired UTF-16 surrogates (JSON allows {@code "\ud800"}, UTF-8 cannot encode it). Staging writes
 * both as U+FFFD; these helpers let the rules say so first.
 */
final class TextChecks {

    private TextChecks() {
    }

    /** Index of the first surrogate without its pair, or -1. */
    static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** How many characters of {@code text} staging replaces with U+FFFD. */
    static int count(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || (Character.isHighSurrogate(c) && !(i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))))) {
                n++;
            } else if (Character.isHighSurrogate(c)) {
                i++;
            } else if (Character.isLowSurrogate(c)) {
                n++;
            }
        }
        return n;
    }

    /** True when staging would replace a character of {@code text} with U+FFFD (a NUL or an unpaired surrogate). */
    static boolean needsReplacement(String text) {
        return text != null && (text.indexOf('\0') >= 0 || unpairedSurrogate(text) >= 0);
    }
}
