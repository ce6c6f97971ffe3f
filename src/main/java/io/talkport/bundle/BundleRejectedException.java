package io.talkport.bundle;

/**
 * The archive as a whole cannot be used (not a zip, hostile entries, missing data file...). Nothing of it is
 * staged. {@link #code()} is stable for programs; {@link #getMessage()} tells a person what to fix.
 */
public class BundleRejectedException extends RuntimeException {

    /** Stable rejection codes. */
    public enum Code {
        NOT_A_ZIP, TRUNCATED_ZIP, UNSUPPORTED_ZIP, ZIP_SLIP, SYMLINK_ENTRY, TOO_MANY_ENTRIES, ZIP_BOMB,
        MISSING_FILE, DUPLICATE_FILE, BAD_MANIFEST, UNREADABLE_FILE, DUPLICATE_ENTRY, WRONG_FORMAT
    }

    private final Code code;

    public BundleRejectedException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public BundleRejectedException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
