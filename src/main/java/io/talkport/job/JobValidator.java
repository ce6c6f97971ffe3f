package io.talkport.job;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.talkport.bundle.BundleRejectedException;
import io.talkport.bundle.BundleStager;
import io.talkport.bundle.StagingResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Validates and stages jobs in the background, a bounded number at a time. Triggers: a new upload, and at start-up
 * every job a previous server left RECEIVED or VALIDATING.
 */
@ApplicationScoped
public class JobValidator {

    private final JobService jobs;
    private final BundleStager stager;
    private final ExecutorService executor;

    public JobValidator(JobService jobs, BundleStager stager, JobConfig config) {
        this.jobs = jobs;
        this.stager = stager;
        AtomicInteger counter = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(config.validationThreads(), runnable -> {
            Thread thread = new Thread(runnable, "validator-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void resumeInterrupted(@Observes StartupEvent event) {
        for (JobStatus status : new JobStatus[]{JobStatus.RECEIVED, JobStatus.VALIDATING}) {
            for (Job job : Job.findInStatus(status)) {
                Log.infof("job %d: validating again after a restart", job.id);
                submit(job.id, Path.of(job.archivePath));
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /** Queues the job for validation; returns at once. */
    public void submit(long jobId, Path archive) {
        executor.submit(() -> validate(jobId, archive));
    }

    private void validate(long jobId, Path archive) {
        long started = System.nanoTime();
        try {
            jobs.markValidating(jobId);
            StagingResult result = stager.stage(jobId, archive);
            jobs.markReady(jobId, result);
            Log.infof("job %d: READY in %d ms: %s", jobId, (System.nanoTime() - started) / 1_000_000, result);
        } catch (BundleRejectedException e) {
            Log.infof("job %d: REJECTED (%s)", jobId, e.code());
            jobs.markRejected(jobId, e.getMessage());
        } catch (JobNotFoundException e) {
            Log.infof("job %d: deleted while it was being validated", jobId);
        } catch (RuntimeException e) {
            Log.errorf(e, "job %d: validation failed unexpectedly", jobId);
            rejectQuietly(jobId, "Validation stopped on an internal error; the server log has the details for job "
                    + jobId + ". Upload the bundle again, and report the problem if it repeats.");
        }
    }

    private void rejectQuietly(long jobId, String reason) {
        try {
            jobs.markRejected(jobId, reason);
        } catch (RuntimeException e) {
            Log.errorf(e, "job %d: could not record the rejection", jobId);
        }
    }
}
