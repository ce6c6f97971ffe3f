package io.talkport.talkjs;

/**
 * A non-idempotent call (message import) may or may not have been applied: timeout, I/O error or 5xx. It was not
 * retried; the caller must read the conversation back before sending anything again, or it may duplicate messages.
 */
public class TalkJsOutcomeUnknownException extends TalkJsException {

    public TalkJsOutcomeUnknownException(TalkJsEnvironment environment, int status, String route, String detail,
            Throwable cause) {
        super(environment, status, "The outcome of " + call(route) + " in the " + environment.key()
                + " app is unknown, so it is read back before anything is sent again (" + detail + ")", cause);
    }

    /** The call as a person would name it: "a message import" for the route {@code import.messages}. */
    private static String call(String route) {
        return switch (route) {
            case "import.messages" -> "a message import";
            case "files.upload" -> "a file upload";
            default -> "a call (" + route + ")";
        };
    }
}
