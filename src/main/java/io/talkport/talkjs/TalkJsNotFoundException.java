package io.talkport.talkjs;

/** TalkJS answered 404 on a write or list call (reads of a single resource return {@code Optional.empty()}). */
public class TalkJsNotFoundException extends TalkJsException {

    public TalkJsNotFoundException(TalkJsEnvironment environment, String route, String body) {
        super(environment, 404, "TalkJS found nothing for " + route + " in the " + environment.key() + " app: "
                + body, null);
    }
}
