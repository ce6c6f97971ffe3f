package io.talkport.talkjs;

public class TalkJsRejectedException extends RuntimeException {
    public TalkJsRejectedException(String message) { super(message); }
}
