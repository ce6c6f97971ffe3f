package io.talkport.job;

/** The typed confirmation of a promotion (or of deleting a job that went live) does not match the job's name (400). */
public class ConfirmationMismatchException extends RuntimeException {

    public ConfirmationMismatchException(String expected) {
        super("To promote to live, type the job's name exactly: \"" + expected + "\".");
    }

    private ConfirmationMismatchException(String expected, boolean delete) {
        super("This job was pushed to the live app; to delete it, type the job's name exactly: \"" + expected
                + "\".");
    }

    /** Deleting a job that has a live run needs the job's name typed. */
    public static ConfirmationMismatchException toDelete(String expected) {
        return new ConfirmationMismatchException(expected, true);
    }
}
