package io.talkport.job;

/** A job or run was asked to move to a state that may not follow its current one. */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String what, String from, String to) {
        super("A " + what + " cannot go from " + from + " to " + to + ".");
    }
}
