package io.talkport.talkjs;

/**
 * The call waited longer than {@code talkjs.rate-limit.max-wait} for the rate limiter or for TalkJS's 429s to
 * end. Nothing was processed by TalkJS (a 429 means not processed), so it is safe to send again, even an import.
 */
public class TalkJsThrottledException extends TalkJsException {

    public TalkJsThrottledException(TalkJsEnvironment environment, String message) {
        super(environment, 429, message, null);
    }
}
