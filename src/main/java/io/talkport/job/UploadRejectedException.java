package io.talkport.job;

/** An upload that is refused before it becomes a job (missing file, too large). */
public class UploadRejectedException extends RuntimeException {

    private final int status;

    public UploadRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
