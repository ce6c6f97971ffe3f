package io.talkport.web;

import java.util.Locale;

/** "1 warning", "2 warnings", "1,204 messages": counts with their noun, for every page. */
public final class Plural {

    private Plural() {
    }

    /** {@code count} and {@code noun}, with an "s" unless the count is one. */
    public static String of(long count, String noun) {
        return String.format(Locale.ROOT, "%,d", count) + " " + (count == 1 ? noun : plural(noun));
    }

    static String plural(String noun) {
        if (noun.endsWith("s") || noun.endsWith("x") || noun.endsWith("ch")) {
            return noun + "es";
        }
        if (noun.endsWith("y") && !noun.endsWith("ay") && !noun.endsWith("ey")) {
            return noun.substring(0, noun.length() - 1) + "ies";
        }
        return noun + "s";
    }
}
