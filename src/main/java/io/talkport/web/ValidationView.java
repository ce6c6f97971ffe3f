package io.talkport.web;

import io.talkport.bundle.StagingProgress;
import io.talkport.job.Job;
import io.talkport.job.JobStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The job page's validation state: while the bundle is read, how far it has come ("120,000 lines read, now
 * messages.jsonl · 4 s"), so the page never shows zero counts and "No issues" as if they were results.
 */
public record ValidationView(boolean busy, String progress) {

    static ValidationView of(Job job) {
        boolean busy = job.status == JobStatus.RECEIVED || job.status == JobStatus.VALIDATING;
        if (!busy) {
            return new ValidationView(false, null);
        }
        if (job.status == JobStatus.RECEIVED) {
            return new ValidationView(true, "Waiting for a validator…");
        }
        return new ValidationView(true, StagingProgress.of(job.id).map(ValidationView::describe)
                .orElseGet(() -> "Validating · " + elapsed(job.updatedAt == null ? job.createdAt : job.updatedAt)));
    }

    private static String describe(StagingProgress.Snapshot snapshot) {
        String line = String.format(Locale.ROOT, "%s read", Plural.of(snapshot.lines(), "line"));
        if (!snapshot.file().isEmpty()) {
            line += ", now " + snapshot.file();
        }
        return line + " · " + Durations.of(Math.max(0, (System.currentTimeMillis() - snapshot.startedMillis()) / 1000))
                + " elapsed";
    }

    private static String elapsed(Instant since) {
        long seconds = since == null ? 0 : Math.max(0, Duration.between(since, Instant.now()).toSeconds());
        return Durations.of(seconds) + " elapsed";
    }
}
