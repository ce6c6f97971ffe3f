package io.talkport.delivery;

import io.talkport.delivery.ledger.DeliveryLedger;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.talkport.job.Run;
import io.talkport.job.RunStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The background side of a run's state: each step locks the run row, so instances never advance it twice. */
@ApplicationScoped
public class RunSteps {

    private final MeterRegistry metrics;

    public RunSteps(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** What the coordinator needs to know of a run. */
    public record RunRef(long id, long jobId, RunStatus status, Run.Phase phase) {
    }

    @Transactional
    public List<RunRef> active() {
        return Run.<Run>list("status in ?1", List.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.VERIFYING))
                .stream().map(r -> new RunRef(r.id, r.jobId, r.status, r.phase)).toList();
    }

    @Transactional
    public Run get(long runId) {
        return Run.findById(runId);
    }

    @Transactional
    public void start(long runId) {
        Run run = locked(runId);
        if (run.status == RunStatus.QUEUED) {
            run.planWaitReason = null;
            run.planWaitSince = null;
            run.moveTo(RunStatus.RUNNING);
            run.phase = Run.Phase.USERS;
            if (run.startedAt == null) {
                run.startedAt = Instant.now();
            }
            Log.infof("job %d run %d (%s): RUNNING", run.jobId, run.id, run.environment);
        }
    }

    @Transactional
    public void advancePhase(long runId, Run.Phase from, Run.Phase to) {
        Run run = locked(runId);
        if (run.status == RunStatus.RUNNING && run.phase == from) {
            run.phase = to;
            run.updatedAt = Instant.now();
            if (to == Run.Phase.VERIFY) {
                run.moveTo(RunStatus.VERIFYING);
            }
            Log.infof("job %d run %d (%s): phase %s", run.jobId, run.id, run.environment, to);
        }
    }

    @Transactional
    public void conclude(long runId, DeliveryLedger.Outcome outcome) {
        Run run = locked(runId);
        if (run.status != RunStatus.VERIFYING) {
            return;
        }
        run.phase = Run.Phase.DONE;
        run.verified = outcome.verificationProblems() == 0;
        run.verification = outcome.verificationSummary();
        boolean success = outcome.failedItems() == 0 && run.verified;
        if (!success) {
            run.error = outcome.failedItems() > 0
                    ? outcome.failedItems() + (outcome.failedItems() == 1 ? " item" : " items")
                            + " could not be delivered; see the failed items and retry them."
                    : "Verification found differences: " + outcome.verificationSummary();
        }
        run.moveTo(success ? RunStatus.SUCCEEDED : RunStatus.FAILED);
        if (run.startedAt != null) {
            metrics.timer("talkport.run.duration", "environment", run.environment.name(), "outcome", run.status.name())
                    .record(Duration.between(run.startedAt, run.finishedAt));
        }
        if (success) {
            Log.infof("job %d run %d (%s): %s", run.jobId, run.id, run.environment, run.status);
        } else {
            Log.warnf("job %d run %d (%s): %s: %s", run.jobId, run.id, run.environment, run.status, run.error);
        }
    }

    /**
     * Records why a QUEUED run's planning must be tried again (a transient TalkJS answer: 429, 5xx, timeout, TalkJS
     * unreachable); the coordinator tries again on its next tick, and {@link RunWaiting} shows the reason meanwhile.
     */
    @Transactional
    public void planWaits(long runId, String reason) {
        Run run = locked(runId);
        if (run.status == RunStatus.QUEUED) {
            if (run.planWaitSince == null) {
                run.planWaitSince = Instant.now();
            }
            run.planWaitReason = reason;
        }
    }

    /** Fails the run at once (401: the credentials are wrong, nothing else will work). */
    @Transactional
    public void fail(long runId, String reason) {
        Run run = locked(runId);
        if (run.status.canMoveTo(RunStatus.FAILED)) {
            run.error = reason;
            run.moveTo(RunStatus.FAILED);
            Log.warnf("job %d run %d (%s): FAILED: %s", run.jobId, run.id, run.environment, reason);
        }
    }

    private static Run locked(long runId) {
        return Run.findById(runId, LockModeType.PESSIMISTIC_WRITE);
    }
}
