package io.talkport.job;

/** The typed confirmation of a promotion does not match the job's name (400). */
public class ConfirmationMismatchException extends RuntimeException {

    public ConfirmationMismatchException(String expected) {
        super("To promote to live, type the job's name exactly: \"" + expected + "\".");
    }
}
