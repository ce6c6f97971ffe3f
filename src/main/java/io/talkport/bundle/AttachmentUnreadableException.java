package io.talkport.bundle;

/**
 * A file of a stored archive cannot be read for the push: the archive is gone, truncated or changed since it was
 * validated. Permanent: the messages that need the file fail with this reason; nothing is sent to TalkJS and the
 * TalkJS circuit breaker does not count it.
 */
public class AttachmentUnreadableException extends RuntimeException {

    public AttachmentUnreadableException(String path, String reason, Throwable cause) {
        super((path == null ? "The stored archive" : "The attachment \"" + path + "\"")
                + " cannot be read from the stored archive: " + reason + ". Upload the bundle again.", cause);
    }
}
