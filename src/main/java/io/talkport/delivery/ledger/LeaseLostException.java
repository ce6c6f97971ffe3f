package io.talkport.delivery.ledger;

/** Our lease on a task ended (the run was paused or cancelled, or another instance took over): stop, send nothing. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(Task task) {
        super("Lease lost on " + task);
    }
}
