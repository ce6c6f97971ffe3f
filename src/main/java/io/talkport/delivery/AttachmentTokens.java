package io.talkport.delivery;

import jakarta.enterprise.context.ApplicationScoped;

/** The attachment token a message is imported with. */
@ApplicationScoped
public class AttachmentTokens {

    /** A token given in the bundle passes through unchanged. */
    public String tokenFor(Task task, StagedMessage message) {
        return message.attachmentToken();
    }
}
