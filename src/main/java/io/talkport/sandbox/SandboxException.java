package io.talkport.sandbox;

/**
 * A TalkJS-style error answer: HTTP status, an UPPER_SNAKE error code and reasons (a list of messages, or a map of
 * id to message for batch calls). Rendered as {@code {"errorCode": ..., "reasons": ...}}.
 */
public class SandboxException extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final Object reasons;

    public SandboxException(int status, String errorCode, Object reasons) {
        super(errorCode, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.reasons = reasons;
    }

    public static SandboxException badRequest(String errorCode, String reason) {
        return new SandboxException(400, errorCode, java.util.List.of(reason));
    }

    public static SandboxException notFound(String errorCode, String reason) {
        return new SandboxException(404, errorCode, java.util.List.of(reason));
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public Object reasons() {
        return reasons;
    }

    /** The JSON body TalkJS-style clients get. */
    public java.util.Map<String, Object> body() {
        return java.util.Map.of("errorCode", errorCode, "reasons", reasons);
    }
}
