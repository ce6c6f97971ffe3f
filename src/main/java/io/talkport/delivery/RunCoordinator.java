package io.talkport.delivery;

import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.ledger.Task;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.talkport.job.Run;
import io.talkport.job.RunStatus;
import io.talkport.talkjs.TalkJsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Moves runs from one phase to the next: QUEUED (plan the ledger, then plan against what the app holds:
 * {@link DeliveryPlanner}) → users → conversations and messages → verify →
 * SUCCEEDED or FAILED. Workers do the TalkJS calls; this only looks at the ledger. Safe on any number of instances:
 * planning is idempotent and every state step locks the run row.
 */
@ApplicationScoped
public class RunCoordinator {

    private final RunSteps steps;
    private ScheduledExecutorService ticker;
    private final DeliveryLedger ledger;
    private final DeliveryConfig config;
    private final DeliveryPlanner planner;
    private final DataSource dataSource;
    private final Verification verification;

    public RunCoordinator(RunSteps steps, DeliveryLedger ledger, DeliveryConfig config, DeliveryPlanner planner,
                          DataSource dataSource, Verification verification) {
        this.dataSource = dataSource;
        this.verification = verification;
        this.steps = steps;
        this.ledger = ledger;
        this.config = config;
        this.planner = planner;
    }

    /**
     * Ticks every {@code talkport.delivery.tick} (1 s; tests 250 ms) on one thread of its own, a tick never overlapping
     * the last: each phase change of a run waits for a tick. Not {@code @Scheduled}: Quarkus's simple scheduler checks
     * its triggers once a second, so an interval below a second is not kept.
     */
    void start(@Observes StartupEvent event) {
        ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "run-coordinator");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::tickInRequestContext, 1_000, config.tick().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /**
     * A tick with a request context (Panache reads need one). Nothing may escape it: a scheduled executor stops a task
     * for good at its first uncaught throwable, and every run would then sit without progress and without a reason.
     */
    private void tickInRequestContext() {
        ManagedContext context = Arc.container().requestContext();
        context.activate();
        try {
            tick();
        } catch (Throwable e) { // an Error too: see above
            Log.errorf(e, "run coordinator: tick failed; trying again on the next");
        } finally {
            context.terminate();
        }
    }

    void tick() {
        if (!config.enabled()) {
            return;
        }
        for (RunSteps.RunRef run : steps.active()) {
            try {
                advance(run);
            } catch (RuntimeException e) {
                try {
                    stuck(run, e);
                } catch (RuntimeException recording) {
                    Log.warnf("job %d run %d: could not advance (%s) nor record why (%s); will try again",
                            run.jobId(), run.id(), e.getMessage(), recording.getMessage());
                }
            }
        }
    }

    /**
     * A run that cannot be planned or advanced: a transient cause (TalkJS or the database briefly away) is tried
     * again on the next tick, and a queued run shows it meanwhile; anything else would fail the same way every
     * second for ever, so the run fails at once with the reason.
     */
    private void stuck(RunSteps.RunRef run, RuntimeException e) {
        FailureClass kind = FailureClass.of(e);
        if (kind == FailureClass.TRANSIENT) {
            if (run.status() == RunStatus.QUEUED) {
                Log.warnf("job %d run %d: planning waits: %s", run.jobId(), run.id(), e.getMessage());
                steps.planWaits(run.id(), e.getMessage());
            } else {
                Log.warnf("job %d run %d: could not advance (%s); will try again", run.jobId(), run.id(),
                        e.getMessage());
            }
            return;
        }
        if (kind == FailureClass.RUN) {
            // Retrying cannot fix wrong or missing credentials: the run fails at once, nothing more is sent.
            steps.fail(run.id(), e.getMessage());
            return;
        }
        String reason = FailureClass.reason(e);
        if (!(e instanceof TalkJsException)) {
            Log.errorf(e, "job %d run %d: cannot be %s: %s", run.jobId(), run.id(),
                    run.status() == RunStatus.QUEUED ? "planned" : "advanced", reason);
        }
        steps.fail(run.id(), (run.status() == RunStatus.QUEUED ? "The run could not be planned: "
                : "The run could not go on: ") + reason);
    }

    private void advance(RunSteps.RunRef run) {
        switch (run.status()) {
            case QUEUED -> {
                try (PlanningLock lock = PlanningLock.tryTake(dataSource, run.id())) {
                    if (!lock.held()) {
                        return; // another instance plans it now, and starts it
                    }
                    Run queued = steps.get(run.id());
                    if (queued.status != RunStatus.QUEUED) {
                        return; // planned and started by another instance since this tick read it
                    }
                    ledger.plan(queued);
                    planner.plan(queued);
                    steps.start(run.id());
                }
            }
            case RUNNING -> {
                if (run.phase() == Run.Phase.USERS && ledger.unfinished(run.id(), Task.Kind.USER_BATCH) == 0) {
                    steps.advancePhase(run.id(), Run.Phase.USERS, Run.Phase.CONVERSATIONS);
                } else if (run.phase() == Run.Phase.CONVERSATIONS
                        && ledger.unfinished(run.id(), Task.Kind.USER_BATCH, Task.Kind.CONVERSATION) == 0) {
                    verification.planChecks(run.id());
                    steps.advancePhase(run.id(), Run.Phase.CONVERSATIONS, Run.Phase.VERIFY);
                }
            }
            case VERIFYING -> {
                if (ledger.unfinished(run.id(), Task.Kind.VERIFY, Task.Kind.VERIFY_USERS) == 0) {
                    steps.conclude(run.id(), ledger.outcome(run.id()));
                }
            }
            default -> {
            }
        }
    }
}
