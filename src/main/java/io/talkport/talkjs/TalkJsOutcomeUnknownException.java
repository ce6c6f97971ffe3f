package io.talkport.talkjs;

public class TalkJsOutcomeUnknownException extends RuntimeException {
    public TalkJsOutcomeUnknownException(String message) { super(message); }
}
