package io.talkport.retention;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.talkport.audit.AuditAction;
import io.talkport.audit.AuditLog;
import io.talkport.job.Job;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Deletes the uploaded archive and the staged rows (staged_*, job_issue) of jobs that ended longer than
 * {@code talkport.retention.after} ago; the job row and its runs stay as history, marked {@code purged_at}. Runs on
 * a schedule; deleting a job removes its data at once ({@code JobService.delete}). Also tells pages and the API when
 * a job's data will be or was deleted ({@code inject:retention}).
 */
@ApplicationScoped
@Named("retention")
public class Retention {

    /** A job has ended: REJECTED, or READY with no run in progress. Last activity: the job or any of its runs. */
    private static final String LAST_ACTIVITY = """
            SELECT j.id, GREATEST(j.updated_at, MAX(r.updated_at), MAX(r.finished_at)) AS last_activity
            FROM job j LEFT JOIN run r ON r.job_id = j.id
            WHERE j.purged_at IS NULL AND j.status IN ('READY', 'REJECTED') %s
              AND NOT EXISTS (SELECT 1 FROM run a WHERE a.job_id = j.id
                              AND a.status IN ('QUEUED', 'RUNNING', 'PAUSED', 'VERIFYING'))
            GROUP BY j.id
            """;
    private static final List<String> STAGED_TABLES = List.of("staged_message", "staged_reaction",
            "staged_participant", "staged_conversation", "staged_user", "staged_attachment", "job_issue");

    private final RetentionConfig config;
    private final AuditLog audit;

    public Retention(RetentionConfig config, AuditLog audit) {
        this.config = config;
        this.audit = audit;
    }

    @Scheduled(every = "{talkport.retention.every}", delayed = "1m", identity = "retention",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purgeExpired();
    }

    /** Purges every job whose data is due; returns how many. */
    public int purgeExpired() {
        Instant cutoff = Instant.now().minus(config.after());
        @SuppressWarnings("unchecked")
        List<Object> due = QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager()
                .createNativeQuery("SELECT id FROM (" + LAST_ACTIVITY.formatted("") + ") t WHERE last_activity < ?1")
                .setParameter(1, cutoff).getResultList());
        int purged = 0;
        for (Object id : due) {
            if (purge(((Number) id).longValue(), cutoff)) {
                purged++;
            }
        }
        return purged;
    }

    /**
     * One job, in one transaction that re-checks under a row lock that it is still due (a push may have started
     * since the list was read). The archive file goes after the commit.
     */
    private boolean purge(long jobId, Instant cutoff) {
        String archive = QuarkusTransaction.requiringNew().call(() -> {
            var em = Panache.getEntityManager();
            em.createNativeQuery("SELECT id FROM job WHERE id = ?1 FOR UPDATE").setParameter(1, jobId)
                    .getResultList();
            boolean stillDue = !em.createNativeQuery("SELECT id FROM (" + LAST_ACTIVITY.formatted("AND j.id = ?2")
                    + ") t WHERE last_activity < ?1").setParameter(1, cutoff).setParameter(2, jobId)
                    .getResultList().isEmpty();
            if (!stillDue) {
                return null;
            }
            for (String table : STAGED_TABLES) {
                em.createNativeQuery("DELETE FROM " + table + " WHERE job_id = ?1").setParameter(1, jobId)
                        .executeUpdate();
            }
            Job job = Job.findById(jobId);
            String path = job.archivePath == null ? "" : job.archivePath;
            job.archivePath = null;
            job.purgedAt = Instant.now();
            return path;
        });
        if (archive == null) {
            return false;
        }
        deleteArchive(jobId, archive);
        audit.record((String) null, AuditAction.PURGE, jobId, null, "retention: ended more than " + config.after() + " ago");
        Log.infof("job %d: archive and staged data deleted (retention %s)", jobId, config.after());
        return true;
    }

    private static void deleteArchive(long jobId, String archive) {
        if (archive.isEmpty()) {
            return;
        }
        try {
            Files.deleteIfExists(Path.of(archive));
        } catch (IOException e) {
            Log.warnf("job %d: could not delete archive %s: %s", jobId, archive, e.getMessage());
        }
    }

    /** When the job's data is due for deletion; null while it has not ended (or was already deleted). */
    public Instant dueAt(long jobId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.joiningExisting().call(() -> Panache.getEntityManager()
                .createNativeQuery(LAST_ACTIVITY.formatted("AND j.id = ?1")).setParameter(1, jobId).getResultList());
        if (rows.isEmpty() || rows.get(0)[1] == null) {
            return null;
        }
        return toInstant(rows.get(0)[1]).plus(config.after());
    }

    /** One sentence for the job page. */
    public String note(Job job) {
        if (job.purgedAt != null) {
            return "The uploaded archive and staged data were deleted on " + Dates.display(job.purgedAt)
                    + " (retention); the job and its runs are kept as history.";
        }
        Instant due = dueAt(job.id);
        return due == null
                ? "The uploaded archive and staged data are kept while the job is in progress, then for "
                + Dates.humanized(config.after()) + "."
                : "The uploaded archive and staged data will be deleted after " + Dates.display(due)
                + " (" + Dates.humanized(config.after()) + " after the job's last activity).";
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
