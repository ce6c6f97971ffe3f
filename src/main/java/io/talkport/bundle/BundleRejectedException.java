package io.talkport.bundle;

/** The archive as a whole cannot be used (not a zip, zip bomb, ...). The message says why, for the user. */
public class BundleRejectedException extends RuntimeException {

    private final String code;

    public BundleRejectedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
