package io.talkport.api;

/** A request whose parameters are wrong; the message says which and why. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
