package io.talkport.api;

import io.talkport.delivery.RunProgress;
import io.talkport.delivery.ThroughputTracker;
import io.talkport.job.Run;
import io.talkport.job.RunStatus;
import io.talkport.talkjs.TalkJsClient;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runs of a job as documents, with progress from the ledger, the current rate and an ETA. */
@ApplicationScoped
public class RunViews {

    private final RunProgress progress;
    private final ThroughputTracker throughput;
    private final TalkJsClient client;

    public RunViews(RunProgress progress, ThroughputTracker throughput, TalkJsClient client) {
        this.progress = progress;
        this.throughput = throughput;
        this.client = client;
    }

    /** Not transactional: the runs are read in one short transaction, the ledger sums in their own. */
    public List<RunDocument> of(long jobId) {
        return QuarkusTransaction.requiringNew().call(() -> Run.ofJob(jobId)).stream().map(this::document).toList();
    }

    /** The recent throughput samples of each of the job's runs, by environment name ("test", "live"). */
    public Map<String, List<ThroughputTracker.Sample>> throughputOf(long jobId) {
        Map<String, List<ThroughputTracker.Sample>> byEnvironment = new LinkedHashMap<>();
        QuarkusTransaction.requiringNew().call(() -> Run.ofJob(jobId))
                .forEach(run -> byEnvironment.put(run.environmentName(), throughput.recent(run.id)));
        return byEnvironment;
    }

    public RunDocument document(Run run) {
        Map<String, RunProgress.Counts> counts = progress.of(run.id);
        Map<String, RunDocument.KindProgress> kinds = new LinkedHashMap<>();
        counts.forEach((kind, c) -> kinds.put(kind, new RunDocument.KindProgress(c.total(), c.done(), c.failed())));
        RunProgress.Counts messages = counts.get("messages");
        double rate = run.status == RunStatus.RUNNING ? throughput.observe(run.id, messages.done()) : 0;
        Long eta = rate > 0 ? Math.round(messages.remaining() / rate) : null;
        return new RunDocument(run.environmentName(), run.status.name(), run.verified, run.verification, run.error,
                client.isSandbox(run.environment), run.startedAt, run.finishedAt, Math.round(rate * 10) / 10.0, eta,
                progress.uploadedBytes(run.id), kinds);
    }
}
