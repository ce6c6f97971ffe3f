package io.talkport.talkjs;

/** TalkJS answered 400 (or another non-retryable 4xx): the request was not applied. Never retried. */
public class TalkJsRejectedException extends TalkJsException {

    private final String body;

    public TalkJsRejectedException(TalkJsEnvironment environment, int status, String route, String body) {
        super(environment, status, "TalkJS rejected " + route + " in the " + environment.key() + " app (HTTP "
                + status + "): " + body, null);
        this.body = body;
    }

    /** The response body, truncated, for diagnostics only (never parse it for control flow). */
    public String body() {
        return body;
    }
}
