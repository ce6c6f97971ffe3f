package io.talkport.job;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Issue summaries of jobs, kept once validation has ended. A job's issues are written only while it is validated;
 * afterwards they change only when retention purges them (which sets {@code purgedAt}, part of the key, so another
 * instance's purge is seen too) or the job is deleted (then it is not found). Without this, every issues page of a
 * job with 100,000 issues counted them and listed their codes again: two passes over the job's issues per request.
 */
@ApplicationScoped
public class IssueCounts {

    /** Summaries kept; each is a few dozen groups. */
    static final int KEPT = 500;

    private record Entry(Instant purgedAt, IssueSummary summary) {
    }

    private final Map<Long, Entry> settled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
            return size() > KEPT;
        }
    };

    /** The job's summary; read from the database while the job is still being validated. */
    public IssueSummary of(Job job) {
        if (job.status != JobStatus.READY && job.status != JobStatus.REJECTED) {
            return IssueSummary.of(job.id);
        }
        synchronized (settled) {
            Entry entry = settled.get(job.id);
            if (entry != null && Objects.equals(entry.purgedAt(), job.purgedAt)) {
                return entry.summary();
            }
        }
        IssueSummary summary = IssueSummary.of(job.id);
        synchronized (settled) {
            settled.put(job.id, new Entry(job.purgedAt, summary));
        }
        return summary;
    }
}
