package io.talkport.talkjs;

/**
 * A non-idempotent call (message import) may or may not have been applied: timeout, I/O error or 5xx. It was not
 * retried; the caller must read the conversation back before sending anything again, or it may duplicate messages.
 */
public class TalkJsOutcomeUnknownException extends TalkJsException {

    public TalkJsOutcomeUnknownException(TalkJsEnvironment environment, int status, String route, String detail,
            Throwable cause) {
        super(environment, status, "Outcome of " + route + " in the " + environment.key()
                + " app is unknown; read back before resending: " + detail, cause);
    }
}
