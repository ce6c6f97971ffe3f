package io.talkport.api;

import io.talkport.job.Job;

import java.time.Instant;
import java.util.List;

/**
 * A job as the JSON API shows it. {@code counts} are the valid staged items; {@code attachments} the distinct files
 * that messages a push can deliver reference (also those of messages it delivers only when adding missing senders or
 * creating placeholder users). {@code dataDeletedAt}: when retention
 * deleted the archive and staged rows; {@code dataDeletedAfter}: when it will (null while the job is in progress).
 */
public record JobDocument(long id, String name, String status, String rejectReason, Counts counts, IssueCounts issues,
                          Instant createdAt, Instant validatedAt, List<RunDocument> runs, Instant dataDeletedAt,
                          Instant dataDeletedAfter) {

    public record Counts(int users, int conversations, int messages, int attachments) {
    }

    public record IssueCounts(int errors, int warnings) {
    }

    public static JobDocument of(Job job, List<RunDocument> runs) {
        return of(job, runs, null);
    }

    public static JobDocument of(Job job, List<RunDocument> runs, Instant dataDeletedAfter) {
        return new JobDocument(job.id, job.name, job.status.name(), job.rejectReason,
                new Counts(job.userCount, job.conversationCount, job.messageCount, job.attachmentCount),
                new IssueCounts(job.errorCount, job.warningCount), job.createdAt, job.validatedAt, runs, job.purgedAt,
                job.purgedAt == null ? dataDeletedAfter : null);
    }
}
