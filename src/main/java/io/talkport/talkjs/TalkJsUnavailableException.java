package io.talkport.talkjs;

/**
 * TalkJS is not answering usefully: 5xx or I/O errors on an idempotent call after all retries, or the circuit
 * breaker for the app is open (then nothing was sent). Safe to try again later.
 */
public class TalkJsUnavailableException extends TalkJsException {

    public TalkJsUnavailableException(TalkJsEnvironment environment, int status, String message, Throwable cause) {
        super(environment, status, message, cause);
    }
}
