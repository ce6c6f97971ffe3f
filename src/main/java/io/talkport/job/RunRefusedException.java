package io.talkport.job;

/** An action on runs that is not allowed now (409); the message says why and what to do instead. */
public class RunRefusedException extends RuntimeException {

    public RunRefusedException(String message) {
        super(message);
    }
}
