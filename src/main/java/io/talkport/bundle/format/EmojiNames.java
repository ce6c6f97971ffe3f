package io.talkport.bundle.format;

import java.util.Map;

/**
 * Emoji short names as Slack and Mattermost export them ({@code "+1"}, {@code "smile"},
 * {@code "thumbsup::skin-tone-2"}) turned into what TalkJS's reactions endpoint is given: the Unicode emoji for the common names below, else
 * {@code ":name:"}, the form of a custom emoji (which TalkJS shows only where the app defines one of that name; TalkJS
 * publishes no list of accepted emoji, ../shared/talkjs-api.md section 13 "Reactions"). Skin tones are dropped.
 */
public final class EmojiNames {

    private static final Map<String, String> UNICODE = Map.ofEntries(
            Map.entry("+1", "👍"), Map.entry("thumbsup", "👍"), Map.entry("-1", "👎"), Map.entry("thumbsdown", "👎"),
            Map.entry("heart", "❤️"), Map.entry("smile", "😄"), Map.entry("smiley", "😃"), Map.entry("grin", "😁"),
            Map.entry("grinning", "😀"), Map.entry("joy", "😂"), Map.entry("laughing", "😆"),
            Map.entry("rofl", "🤣"), Map.entry("rolling_on_the_floor_laughing", "🤣"), Map.entry("sweat_smile", "😅"),
            Map.entry("slightly_smiling_face", "🙂"), Map.entry("wink", "😉"), Map.entry("blush", "😊"),
            Map.entry("heart_eyes", "😍"), Map.entry("sunglasses", "😎"), Map.entry("thinking_face", "🤔"),
            Map.entry("thinking", "🤔"), Map.entry("open_mouth", "😮"), Map.entry("scream", "😱"),
            Map.entry("confused", "😕"), Map.entry("disappointed", "😞"), Map.entry("cry", "😢"), Map.entry("sob", "😭"),
            Map.entry("rage", "😡"), Map.entry("angry", "😠"), Map.entry("tada", "🎉"), Map.entry("rocket", "🚀"),
            Map.entry("fire", "🔥"), Map.entry("eyes", "👀"), Map.entry("clap", "👏"), Map.entry("pray", "🙏"),
            Map.entry("ok_hand", "👌"), Map.entry("raised_hands", "🙌"), Map.entry("wave", "👋"),
            Map.entry("muscle", "💪"), Map.entry("star", "⭐"), Map.entry("100", "💯"),
            Map.entry("white_check_mark", "✅"), Map.entry("heavy_check_mark", "✔️"), Map.entry("x", "❌"),
            Map.entry("apple", "🍎"), Map.entry("world_map", "🗺️"));

    private EmojiNames() {
    }

    /** The emoji for TalkJS: Unicode for a known short name, else ":name:" (null for a blank name). */
    public static String toTalkJs(String shortName) {
        if (shortName == null || shortName.isBlank()) {
            return null;
        }
        String name = shortName.strip();
        int tone = name.indexOf("::skin-tone-");
        if (tone > 0) {
            name = name.substring(0, tone);
        }
        if (name.length() > 2 && name.startsWith(":") && name.endsWith(":")) {
            name = name.substring(1, name.length() - 1);
        }
        return UNICODE.getOrDefault(name, ":" + name + ":");
    }
}
