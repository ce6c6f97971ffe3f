package io.talkport.api;

import io.talkport.delivery.DeliveryPlanner;
import io.talkport.delivery.RunProgress;
import io.talkport.delivery.RunWaiting;
import io.talkport.delivery.ThroughputTracker;
import io.talkport.job.Run;
import io.talkport.job.RunStatus;
import io.talkport.talkjs.TalkJsClient;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The runs of a job as documents, with progress from the ledger, the current rate and an ETA. */
@ApplicationScoped
public class RunViews {

    private final RunProgress progress;
    private final ThroughputTracker throughput;
    private final TalkJsClient client;
    private final DeliveryPlanner planner;
    private final RunWaiting waiting;
    /** Settled runs kept; each entry is a few numbers. */
    static final int KEPT = 1_000;
    /** Ledger sums of runs that can no longer change, by run id (see {@link #ledgerOf}). */
    private final Map<Long, Ledger> settled = new ConcurrentHashMap<>();

    /** A run's ledger sums as of its status and last change. */
    private record Ledger(RunStatus status, Instant updatedAt, Map<String, RunProgress.Counts> counts,
                          long uploadedBytes, DeliveryPlanner.Figures plan) {
    }

    public RunViews(RunProgress progress, ThroughputTracker throughput, TalkJsClient client,
                    DeliveryPlanner planner, RunWaiting waiting) {
        this.planner = planner;
        this.waiting = waiting;
        this.progress = progress;
        this.throughput = throughput;
        this.client = client;
    }

    /** Not transactional: the runs are read in one short transaction, the ledger sums in their own. */
    public List<RunDocument> of(long jobId) {
        return QuarkusTransaction.requiringNew().call(() -> Run.ofJob(jobId)).stream().map(this::document).toList();
    }

    /**
     * The runs of every job by job id, read in one transaction: the job list API used to open one per job, which
     * with 30 jobs cost more than the ledger sums of the big one.
     */
    public Map<Long, List<RunDocument>> byJob() {
        List<Run> all = QuarkusTransaction.requiringNew().call(() -> Run.<Run>list("order by jobId, environment desc"));
        Map<Long, List<RunDocument>> byJob = new HashMap<>();
        all.forEach(run -> byJob.computeIfAbsent(run.jobId, id -> new ArrayList<>()).add(document(run)));
        return byJob;
    }

    /** The recent throughput samples of each of the job's runs, by environment name ("test", "live"). */
    public Map<String, List<ThroughputTracker.Sample>> throughputOf(long jobId) {
        Map<String, List<ThroughputTracker.Sample>> byEnvironment = new LinkedHashMap<>();
        QuarkusTransaction.requiringNew().call(() -> Run.ofJob(jobId))
                .forEach(run -> byEnvironment.put(run.environmentName(), throughput.recent(run.id)));
        return byEnvironment;
    }

    public RunDocument document(Run run) {
        Ledger ledger = ledgerOf(run);
        Map<String, RunProgress.Counts> counts = ledger.counts();
        Map<String, RunDocument.KindProgress> kinds = new LinkedHashMap<>();
        counts.forEach((kind, c) -> kinds.put(kind, new RunDocument.KindProgress(c.total(), c.done(), c.failed())));
        RunProgress.Counts messages = counts.get("messages");
        double rate = run.status == RunStatus.RUNNING ? throughput.observe(run.id, messages.done()) : 0;
        Long eta = rate > 0 ? Math.round(messages.remaining() / rate) : null;
        Optional<RunWaiting.Waiting> waiting = (run.status == RunStatus.QUEUED && run.planWaitReason != null
                ? Optional.of(new RunWaiting.Waiting("Planning: " + run.planWaitReason, run.planWaitSince, null))
                : run.status.isActive() ? this.waiting.of(run.id) : Optional.<RunWaiting.Waiting>empty())
                .or(() -> this.waiting.stalled(run.id, run.status, counts.values().stream()
                        .mapToLong(c -> c.done() + c.failed()).sum()));
        return new RunDocument(run.environmentName(), run.status.name(), run.verified, run.verification, run.error,
                client.isSandbox(run.environment), run.startedAt, run.finishedAt, Math.round(rate * 10) / 10.0, eta,
                ledger.uploadedBytes(), kinds, ledger.plan(), waiting.map(RunWaiting.Waiting::lastError).orElse(null),
                waiting.map(RunWaiting.Waiting::nextRetryAt).orElse(null));
    }

    /**
     * The ledger sums, kept for SUCCEEDED runs: verification has ended and no task is left, so its ledger no longer
     * changes until it is started over (which changes its status and updatedAt, so the entry is not used). A finished push of a million
     * messages otherwise summed its 50,000 tasks and 100,000 batches again for every job list API call and job page.
     * Not kept: CANCELLED runs (a batch in flight at the cancel is still recorded as delivered afterwards, and the
     * run can be pushed again) and FAILED runs ("retry failed" resets their ledger before it reopens the run).
     */
    private Ledger ledgerOf(Run run) {
        boolean settles = run.status == RunStatus.SUCCEEDED;
        Ledger kept = settles ? settled.get(run.id) : null;
        if (kept != null && kept.status() == run.status && Objects.equals(kept.updatedAt(), run.updatedAt)) {
            return kept;
        }
        Ledger ledger = new Ledger(run.status, run.updatedAt, progress.of(run.id), progress.uploadedBytes(run.id),
                planner.figures(run.id).orElse(null));
        if (settles) {
            if (settled.size() >= KEPT) {
                settled.clear(); // deleted jobs leave entries behind; a rare clear bounds them
            }
            settled.put(run.id, ledger);
        }
        return ledger;
    }
}
