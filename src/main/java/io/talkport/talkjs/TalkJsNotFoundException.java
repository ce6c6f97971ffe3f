package io.talkport.talkjs;

public class TalkJsNotFoundException extends RuntimeException {
    public TalkJsNotFoundException(String message) { super(message); }
}
