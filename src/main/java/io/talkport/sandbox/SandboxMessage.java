package io.talkport.sandbox;

import java.util.List;
import java.util.Map;

/**
 * A stored message, kept compact (no JSON tree): a million of them must fit in memory. {@code seq} is the app-wide
 * insertion number that breaks {@code createdAt} ties (newest insertion first in listings). {@code content} is the
 * newer form's content blocks as JSON, as sent (null for a plain text message); {@code text} is then their text.
 */
public record SandboxMessage(String id, String conversationId, Type type, String senderId, String text,
                             List<String> readBy, String origin, Map<String, String> custom, long createdAt,
                             long seq, SandboxFile attachment, String content) {

    /** TalkJS message types. */
    public enum Type {
        UserMessage, SystemMessage
    }

    /** Ascending (createdAt, seq); listings walk it backwards. */
    public static int compareAscending(SandboxMessage a, SandboxMessage b) {
        int byTime = Long.compare(a.createdAt, b.createdAt);
        return byTime != 0 ? byTime : Long.compare(a.seq, b.seq);
    }
}
