package io.talkport.bundle;

/** Valid staged items of a job, and the number of error and warning issues found (including those over the cap). */
public record StagingResult(int users, int conversations, int messages, int attachments, int errors, int warnings) {
}
