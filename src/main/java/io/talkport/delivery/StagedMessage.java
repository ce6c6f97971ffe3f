package io.talkport.delivery;

/** One staged message as it will be imported; {@code readBy} is a JSON array of valid users other than the sender. */
public record StagedMessage(long seq, int line, String sourceId, String sender, long timestamp, String text,
                            String readByJson, String customJson, String attachmentPath, String attachmentToken) {

    /** What a message is recognised by when read back from TalkJS (ids change on import). */
    public String matchKey() {
        return MessageKey.of(sender, timestamp, text);
    }

    /** How a person finds this message in the bundle. */
    public String itemId() {
        return sourceId != null ? sourceId : "messages line " + line;
    }
}
