package io.talkport.sandbox.ops;

/**
 * One recorded call. {@code itemCount} is the number of messages (import/send), users (batch PUT) or operations
 * (batch), else null; {@code body} is kept only for small requests; {@code fault} names an injected fault, else null.
 */
public record JournalEntry(long seq, long timestamp, String method, String path, String query, String route,
                           int status, long bodySize, Integer itemCount, String contentType, String body,
                           String fault) {
}
