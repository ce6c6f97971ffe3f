package io.talkport.bundle.slack;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Slack's message markup into readable text (https://api.slack.com/reference/surfaces/formatting):
 * {@code <@U123>} → "@Name", {@code <#C123|general>} → "#general", {@code <!here>} → "@here",
 * {@code <!subteam^S1|@team>} → "@team", {@code <!date^...|fallback>} → fallback, {@code <https://x|label>} →
 * "label (https://x)", {@code <mailto:a@b|a@b>} → "a@b", and the entities {@code &amp; &lt; &gt;}. Bold, italics and
 * code marks ({@code *b* _i_ `c`}) are kept: they read well as plain text.
 */
final class SlackMarkup {

    private static final Pattern TOKEN = Pattern.compile("<([^<>]*)>");

    private final Map<String, String> userNames;
    private final Map<String, String> channelNames;

    /** @param userNames display name by Slack user id; @param channelNames name by Slack channel id */
    SlackMarkup(Map<String, String> userNames, Map<String, String> channelNames) {
        this.userNames = userNames;
        this.channelNames = channelNames;
    }

    String toText(String markup) {
        if (markup == null || markup.indexOf('<') < 0 && markup.indexOf('&') < 0) {
            return markup;
        }
        Matcher m = TOKEN.matcher(markup);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(entities(markup.substring(last, m.start())));
            out.append(token(m.group(1)));
            last = m.end();
        }
        out.append(entities(markup.substring(last)));
        return out.toString();
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
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
