package io.talkport.delivery;

/** Our lease on a task ended (the run was paused or cancelled, or another instance took over): stop, send nothing. */
class LeaseLostException extends RuntimeException {

    LeaseLostException(Task task) {
        super("Lease lost on " + task);
    }
}
