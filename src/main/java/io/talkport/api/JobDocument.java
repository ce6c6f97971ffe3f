package io.talkport.api;

import io.talkport.job.Job;

import java.time.Instant;
import java.util.List;

/** A job as the JSON API shows it. {@code counts} are the valid staged items. */
public record JobDocument(long id, String name, String status, String rejectReason, Counts counts, IssueCounts issues,
                          Instant createdAt, Instant validatedAt, List<RunDocument> runs) {

    public record Counts(int users, int conversations, int messages, int attachments) {
    }

    public record IssueCounts(int errors, int warnings) {
    }

    public static JobDocument of(Job job, List<RunDocument> runs) {
        return new JobDocument(job.id, job.name, job.status.name(), job.rejectReason,
                new Counts(job.userCount, job.conversationCount, job.messageCount, job.attachmentCount),
                new IssueCounts(job.errorCount, job.warningCount), job.createdAt, job.validatedAt, runs);
    }
}
