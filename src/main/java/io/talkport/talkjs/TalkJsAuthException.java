package io.talkport.talkjs;

/** TalkJS refused the credentials (401/403). Never retried; the operator must fix the configuration. */
public class TalkJsAuthException extends TalkJsException {

    public TalkJsAuthException(TalkJsEnvironment environment, int status, String appId, String body) {
        super(environment, status, "TalkJS refused the credentials for the " + environment.key() + " app " + appId
                + " (HTTP " + status + "): " + body, null);
    }
}
