package io.talkport.job;

import io.quarkus.logging.Log;
import io.talkport.delivery.DeliveryLedger;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * Starts and steers runs. A test run starts on request; a live run only by {@link #promote}, after the job's test
 * run SUCCEEDED. Pushing an environment again never sends what its ledger says is delivered: a failed or cancelled
 * run is resumed, a run in progress or succeeded is refused.
 */
@ApplicationScoped
public class RunService {

    private final JobService jobs;
    private final DeliveryLedger ledger;
    private final TalkJsClient client;

    public RunService(JobService jobs, DeliveryLedger ledger, TalkJsClient client) {
        this.client = client;
        this.jobs = jobs;
        this.ledger = ledger;
    }

    @Transactional
    public Run startTest(long jobId, Boolean addMissingSenders, String user) {
        Job job = readyJob(jobId);
        if (addMissingSenders != null) {
            job.addMissingSenders = addMissingSenders;
        }
        return queue(job, TalkJsEnvironment.TEST, user);
    }

    /** Refuses live here: the only way to live is {@link #promote}. */
    public void refuseDirectLive() {
        throw new RunRefusedException("A live run starts only with \"Promote to live\" (POST /api/jobs/{id}/promote), "
                + "after the job's test run has succeeded.");
    }

    @Transactional
    public Run promote(long jobId, String confirmation, String user) {
        Job job = readyJob(jobId);
        if (confirmation == null || !confirmation.equals(job.name)) {
            throw new ConfirmationMismatchException(job.name);
        }
        Run test = Run.find(jobId, TalkJsEnvironment.TEST).orElseThrow(() -> new RunRefusedException(
                "Promotion needs a successful test run first; this job has not been pushed to test."));
        if (test.status != RunStatus.SUCCEEDED) {
            throw new RunRefusedException("Promotion needs a successful test run first; the test run is "
                    + test.status + ".");
        }
        Run live = queue(job, TalkJsEnvironment.LIVE, user);
        Log.infof("job %d: promoted to live by %s (confirmed \"%s\")", jobId, user, confirmation);
        return live;
    }

    @Transactional
    public Run pause(long jobId, TalkJsEnvironment environment) {
        Run run = existing(jobId, environment);
        requireState(run, RunStatus.PAUSED, "pause");
        run.moveTo(RunStatus.PAUSED);
        return run;
    }

    @Transactional
    public Run resume(long jobId, TalkJsEnvironment environment) {
        Run run = existing(jobId, environment);
        requireState(run, RunStatus.RUNNING, "resume");
        run.moveTo(RunStatus.RUNNING);
        return run;
    }

    @Transactional
    public Run cancel(long jobId, TalkJsEnvironment environment) {
        Run run = existing(jobId, environment);
        requireState(run, RunStatus.CANCELLED, "cancel");
        run.moveTo(RunStatus.CANCELLED);
        return run;
    }

    /**
     * Puts failed items back in the queue; a FAILED run runs again (its ledger keeps what was delivered). The ledger
     * is plain JDBC, so it is reset in its own transaction between the two JPA steps.
     */
    public Run retryFailed(long jobId, TalkJsEnvironment environment) {
        Run checked = QuarkusTransaction.requiringNew().call(() -> {
            Run run = existing(jobId, environment);
            requireData(jobs.find(jobId));
            if (run.status == RunStatus.SUCCEEDED || run.status == RunStatus.CANCELLED) {
                throw new RunRefusedException("The " + run.environmentName() + " run is " + run.status
                        + "; there is nothing to retry.");
            }
            return run;
        });
        int reset = ledger.resetFailed(checked.id);
        Log.infof("job %d: %d failed %s items queued again", jobId, reset, checked.environmentName());
        return QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(checked.id);
            if (run.status == RunStatus.FAILED) {
                reopen(run);
            }
            return run;
        });
    }

    private Run queue(Job job, TalkJsEnvironment environment, String user) {
        client.configurationProblem(environment).ifPresent(problem -> {
            throw new RunRefusedException(problem);
        });
        Run run = Run.find(job.id, environment).orElse(null);
        if (run == null) {
            run = new Run();
            run.jobId = job.id;
            run.environment = environment;
            run.status = RunStatus.QUEUED;
            run.phase = Run.Phase.USERS;
            run.addMissingSenders = job.addMissingSenders;
            run.createdBy = user;
            run.createdAt = Instant.now();
            run.updatedAt = run.createdAt;
            run.persist();
            return run;
        }
        switch (run.status) {
            case SUCCEEDED -> throw new RunRefusedException("The " + run.environmentName()
                    + " run already succeeded: every item was delivered and verified. Pushing again would "
                    + "duplicate messages in TalkJS, so nothing was sent.");
            case FAILED, CANCELLED -> reopen(run);
            default -> throw new RunRefusedException("The " + run.environmentName() + " run is already "
                    + run.status + "; pause, resume or cancel it instead of starting another.");
        }
        return run;
    }

    private void reopen(Run run) {
        run.moveTo(RunStatus.QUEUED);
        run.error = null;
        run.verified = null;
        run.verification = null;
        run.finishedAt = null;
    }

    private Job readyJob(long jobId) {
        Job job = jobs.find(jobId);
        if (job.status != JobStatus.READY) {
            throw new RunRefusedException("The job is " + job.status + "; only a READY job can be pushed.");
        }
        requireData(job);
        return job;
    }

    /** Retention deleted the staged rows of an ended job: there is nothing left to send. */
    private static void requireData(Job job) {
        if (job.purgedAt != null) {
            throw new RunRefusedException("The job's staged data was deleted by retention on " + job.purgedAt
                    + "; upload the bundle again to push it.");
        }
    }

    private Run existing(long jobId, TalkJsEnvironment environment) {
        jobs.find(jobId);
        return Run.find(jobId, environment).orElseThrow(() -> new RunRefusedException(
                "This job has no " + environment.name().toLowerCase(java.util.Locale.ROOT) + " run."));
    }

    private static void requireState(Run run, RunStatus target, String action) {
        if (!run.status.canMoveTo(target)) {
            throw new RunRefusedException("Cannot " + action + " the " + run.environmentName() + " run: it is "
                    + run.status + ".");
        }
    }
}
