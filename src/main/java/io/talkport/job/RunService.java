package io.talkport.job;

import io.quarkus.logging.Log;
import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.DeliveryPlanner;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * Starts and steers runs. A test run starts on request; a live run only by {@link #promote}, after the job's test
 * run SUCCEEDED. Pushing an environment again never sends what its ledger says is delivered: a failed or cancelled
 * run is resumed, a run in progress is refused, and a succeeded run starts over against what TalkJS holds now (its
 * plan skips everything the app has already: see {@code DeliveryPlanner}).
 */
@ApplicationScoped
public class RunService {

    private final JobService jobs;
    private final DeliveryLedger ledger;
    private final DeliveryPlanner planner;
    private final TalkJsClient client;

    public RunService(JobService jobs, DeliveryLedger ledger, DeliveryPlanner planner, TalkJsClient client) {
        this.client = client;
        this.jobs = jobs;
        this.ledger = ledger;
        this.planner = planner;
    }

    /**
     * Queues the job's test run: a new one, a failed or cancelled one resumed with its ledger, or a succeeded one
     * started over ({@link #startOver}). Every run is planned against what the test app holds before anything is sent.
     */
    public Run startTest(long jobId, Boolean addMissingSenders, Boolean addPlaceholderUsers, String user) {
        Run succeeded = succeededRun(jobId, TalkJsEnvironment.TEST, null);
        if (succeeded != null) {
            return startOver(succeeded, addMissingSenders, addPlaceholderUsers, user);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = readyJob(jobId);
            if (addMissingSenders != null) {
                job.addMissingSenders = addMissingSenders;
            }
            if (addPlaceholderUsers != null) {
                job.addPlaceholderUsers = addPlaceholderUsers;
            }
            return queue(job, TalkJsEnvironment.TEST, user);
        });
    }

    /** Conversations a plan lists in detail (the totals always cover all). */
    public static final int PLAN_DETAILS = 200;

    /**
     * The plan of a push of the job to {@code environment}, worked out now against what the app holds: for a run to
     * resume (failed, cancelled, in progress) the conversations it has not started; for a new or succeeded run (which
     * would start over) all of them. Reads TalkJS; writes nothing.
     */
    public DeliveryPlanner.Plan plan(long jobId, TalkJsEnvironment environment) {
        Object[] state = QuarkusTransaction.requiringNew().call(() -> {
            Job job = readyJob(jobId);
            Run run = Run.find(jobId, environment).orElse(null);
            return new Object[] {run == null || run.status == RunStatus.SUCCEEDED ? null : run.id,
                    run == null ? job.addMissingSenders : run.addMissingSenders,
                    run == null ? job.addPlaceholderUsers : run.addPlaceholderUsers};
        });
        DeliveryPlanner.Plan plan = planner.preview(jobId, (Long) state[0], environment, (Boolean) state[1],
                (Boolean) state[2]);
        if (plan.inTalkJs().size() <= PLAN_DETAILS) {
            return plan;
        }
        return new DeliveryPlanner.Plan(plan.environment(), plan.appId(), plan.conversations(), plan.messages(),
                plan.newMessages(), plan.conversationsWithNew(), plan.alreadyPresent(), plan.foreignMessages(), plan.conversationsWithForeign(),
                plan.conversationsInTalkJs(), plan.readBacks(), plan.listingCalls(), plan.readCalls(),
                plan.planMillis(), plan.forgotten(), plan.inTalkJs().subList(0, PLAN_DETAILS));
    }

    /**
     * Whether a push of the job to {@code environment} adds missing senders: the run's choice once it exists, the
     * job's before. The plan page's "Import what is missing" sends it on, so the push is the one that was planned.
     */
    public boolean addsMissingSenders(long jobId, TalkJsEnvironment environment) {
        return QuarkusTransaction.requiringNew().call(() -> Run.find(jobId, environment)
                .map(run -> run.addMissingSenders).orElseGet(() -> jobs.find(jobId).addMissingSenders));
    }

    /** What removing a job's test import did: conversations deleted in the test app, and those already gone. */
    public record Removal(int conversationsDeleted, int alreadyGone) {
    }

    /**
     * Deletes, in the test app only, the conversations this job created there (TalkJS
     * {@code DELETE /v1/{appId}/conversations/{id}}); the app's record forgets them and the job's test run is removed
     * (its ledger describes what is gone now), so the next push starts clean. Conversations that existed before the
     * job wrote to them (another job's, another tool's) are left alone. Needs the job's name typed as confirmation.
     *
     * @throws RunRefusedException while the test run is queued or in progress
     */
    public Removal removeTestImport(long jobId, String confirmation, String user) {
        Run run = QuarkusTransaction.requiringNew().call(() -> {
            Job job = jobs.find(jobId);
            if (confirmation == null || !confirmation.equals(job.name)) {
                throw new ConfirmationMismatchException(job.name);
            }
            Run test = Run.find(jobId, TalkJsEnvironment.TEST).orElse(null);
            if (test != null && !test.status.isFinal()) {
                throw new RunRefusedException("The test run is " + test.status + "; cancel it before removing "
                        + "its import.");
            }
            return test;
        });
        DeliveryPlanner.Removal removed = planner.removeImport(jobId, TalkJsEnvironment.TEST);
        if (run != null) {
            QuarkusTransaction.requiringNew().run(() -> Run.deleteById(run.id));
        }
        Log.infof("job %d: test import removed by %s: %d conversations deleted, %d already gone", jobId, user,
                removed.deleted(), removed.alreadyGone());
        return new Removal(removed.deleted(), removed.alreadyGone());
    }

    /** Refuses live here: the only way to live is {@link #promote}. */
    public void refuseDirectLive() {
        throw new RunRefusedException("A live run starts only with \"Promote to live\" (POST /api/jobs/{id}/promote), "
                + "after the job's test run has succeeded.");
    }

    /** Queues the live run after checking the confirmation and the test run; a succeeded live run starts over. */
    public Run promote(long jobId, String confirmation, String user) {
        Run succeeded = succeededRun(jobId, TalkJsEnvironment.LIVE, confirmation);
        if (succeeded != null) {
            return startOver(succeeded, null, null, user);
        }
        return QuarkusTransaction.requiringNew().call(() -> queueLive(jobId, confirmation, user));
    }

    /**
     * The environment's run when it SUCCEEDED (after checking the job is ready and, for live, the confirmation), else
     * null.
     */
    private Run succeededRun(long jobId, TalkJsEnvironment environment, String confirmation) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = readyJob(jobId);
            if (environment == TalkJsEnvironment.LIVE && (confirmation == null || !confirmation.equals(job.name))) {
                throw new ConfirmationMismatchException(job.name);
            }
            return Run.find(jobId, environment).filter(run -> run.status == RunStatus.SUCCEEDED).orElse(null);
        });
    }

    /**
     * Starts a succeeded run over: its ledger is cleared and it is queued again, so that it plans anew against what
     * TalkJS holds now and imports only what is missing there (after a reset of the app: everything, once; when
     * nothing is missing it succeeds having sent nothing). The ledger is plain JDBC: cleared in its own transaction.
     */
    private Run startOver(Run succeeded, Boolean addMissingSenders, Boolean addPlaceholderUsers, String user) {
        if (!ledger.startOver(succeeded.id, addMissingSenders, addPlaceholderUsers)) {
            throw new RunRefusedException("The " + succeeded.environmentName() + " run changed meanwhile; "
                    + "reload and try again.");
        }
        Log.infof("job %d: %s run started over by %s (plans against what TalkJS holds now)", succeeded.jobId,
                succeeded.environmentName(), user);
        return QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(succeeded.id));
    }

    private Run queueLive(long jobId, String confirmation, String user) {
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
            run.addPlaceholderUsers = job.addPlaceholderUsers;
            run.createdBy = user;
            run.createdAt = Instant.now();
            run.updatedAt = run.createdAt;
            run.persist();
            return run;
        }
        switch (run.status) {
            case SUCCEEDED -> throw new RunRefusedException("The " + run.environmentName()
                    + " run succeeded meanwhile; push again to check it against TalkJS.");
            case FAILED, CANCELLED -> {
                // Placeholders asked for now join the resumed ledger (planning adds their users and conversations);
                // once delivered they cannot be taken back, so the setting is never turned off on a resumed run.
                run.addPlaceholderUsers |= job.addPlaceholderUsers;
                reopen(run);
            }
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
