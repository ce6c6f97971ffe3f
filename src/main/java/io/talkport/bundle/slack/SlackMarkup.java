package io.talkport.bundle.slack;

import java.util.Map;

/**
 * Turns Slack's message markup into readable text (https://api.slack.com/reference/surfaces/formatting):
 * {@code <@U123>} → "@Name", {@code <#C123|general>} → "#general", {@code <!here>} → "@here",
 * {@code <!subteam^S1|@team>} → "@team", {@code <!date^...|fallback>} → fallback, {@code <https://x|label>} →
 * "label (https://x)", {@code <mailto:a@b|a@b>} → "a@b", and the entities {@code &amp; &lt; &gt;}. Bold, italics and
 * code marks ({@code *b* _i_ `c`}) are kept: they read well as plain text.
 */
final class SlackMarkup {

    private final Map<String, String> userNames;
    private final Map<String, String> channelNames;

    /** @param userNames display name by Slack user id; @param channelNames name by Slack channel id */
    SlackMarkup(Map<String, String> userNames, Map<String, String> channelNames) {
        this.userNames = userNames;
        this.channelNames = channelNames;
    }

    /**
     * The readable text. Tokens are what the pattern {@code <([^<>]*)>} finds, scanned by hand: the regex, its
     * matcher and the substrings around it were a fifth of the Slack reader's time.
     */
    String toText(String markup) {
        if (markup == null || markup.indexOf('<') < 0 && markup.indexOf('&') < 0) {
            return markup;
        }
        StringBuilder out = new StringBuilder(markup.length() + 16);
        int last = 0;
        int open = markup.indexOf('<');
        while (open >= 0) {
            int close = open + 1;
            while (close < markup.length() && markup.charAt(close) != '>' && markup.charAt(close) != '<') {
                close++;
            }
            if (close == markup.length()) {
                break; // no '>' after the last '<'
            }
            if (markup.charAt(close) == '<') {
                open = close; // "<a<b>": the token starts at the second '<'
                continue;
            }
            appendEntities(out, markup, last, open);
            out.append(token(markup.substring(open + 1, close)));
            last = close + 1;
            open = markup.indexOf('<', last);
        }
        appendEntities(out, markup, last, markup.length());
        return out.toString();
    }

    /** {@code markup[from, to)} with its entities decoded; most text has none and is copied as it is. */
    private static void appendEntities(StringBuilder out, String markup, int from, int to) {
        for (int i = from; i < to; i++) {
            if (markup.charAt(i) == '&') {
                out.append(entities(markup.substring(from, to)));
                return;
            }
        }
        out.append(markup, from, to);
    }

    private String token(String inner) {
        int bar = inner.indexOf('|');
        String target = bar < 0 ? inner : inner.substring(0, bar);
        String label = bar < 0 ? null : entities(inner.substring(bar + 1));
        if (target.startsWith("@")) {
            String id = target.substring(1);
            return "@" + (label != null ? label : userNames.getOrDefault(id, id));
        }
        if (target.startsWith("#")) {
            String id = target.substring(1);
            return "#" + (label != null ? label : channelNames.getOrDefault(id, id));
        }
        if (target.startsWith("!")) {
            return special(target.substring(1), label);
        }
        String url = entities(target);
        if (url.startsWith("mailto:")) {
            return label != null ? label : url.substring("mailto:".length());
        }
        return label == null || label.equals(url) ? url : label + " (" + url + ")";
    }

    private static String special(String command, String label) {
        if (label != null) {
            return label.startsWith("@") || command.startsWith("date") ? label : "@" + label;
        }
        int caret = command.indexOf('^');
        return "@" + (caret < 0 ? command : command.substring(0, caret));
    }

    private static String entities(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
