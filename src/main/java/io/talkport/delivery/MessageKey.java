package io.talkport.delivery;

/** The identity of a message across an import: sender, timestamp and text (TalkJS gives imports new ids). */
public final class MessageKey {

    private MessageKey() {
    }

    public static String of(String sender, long timestamp, String text) {
        return sender + '\u0000' + timestamp + '\u0000' + (text == null ? "" : text);
    }
}
