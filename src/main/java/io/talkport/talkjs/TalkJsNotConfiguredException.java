package io.talkport.talkjs;

/** The app id or secret key of an environment is missing; raised when that environment is used. */
public class TalkJsNotConfiguredException extends TalkJsException {

    public TalkJsNotConfiguredException(TalkJsEnvironment environment, String missing) {
        super(environment, 0, "The TalkJS " + environment.key() + " app is not configured: set " + missing, null);
    }
}
