package io.talkport.talkjs;

public class TalkJsAuthException extends RuntimeException {
    public TalkJsAuthException(String message) { super(message); }
}
