package io.talkport.talkjs;

/**
 * Base of every error the TalkJS client throws. Messages name the environment, app id and route, never a secret
 * key or token. {@link #status()} is the HTTP status, or 0 when no response was received.
 */
public class TalkJsException extends RuntimeException {

    private final TalkJsEnvironment environment;
    private final int status;

    public TalkJsException(TalkJsEnvironment environment, int status, String message, Throwable cause) {
        super(message, cause);
        this.environment = environment;
        this.status = status;
    }

    public TalkJsEnvironment environment() {
        return environment;
    }

    public int status() {
        return status;
    }
}
