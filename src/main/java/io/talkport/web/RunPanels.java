package io.talkport.web;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.talkport.api.RunDocument;
import io.talkport.api.RunViews;
import io.talkport.delivery.ThroughputTracker;
import io.talkport.job.Job;
import io.talkport.job.JobStatus;
import io.talkport.job.Run;
import io.talkport.progress.FailureGroups;
import io.talkport.progress.MissingSenders;
import io.talkport.progress.VerificationCounts;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsConfig;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/** Builds the job page's two environment columns from the runs, their ledger and what the pages have seen so far. */
@ApplicationScoped
public class RunPanels {

    /** Messages per read-back call: verification reads a conversation's messages a page at a time. */
    static final int MESSAGES_PER_READ = 100;

    private final RunViews runs;
    private final TalkJsClient client;
    private final FailureGroups failures;
    private final VerificationCounts verification;
    private final RateSmoother smoother;
    private final MissingSenders missingSenders;
    private final double requestsPerSecond;

    public RunPanels(RunViews runs, TalkJsClient client, FailureGroups failures, VerificationCounts verification,
                     RateSmoother smoother, MissingSenders missingSenders, TalkJsConfig talkJs) {
        this.missingSenders = missingSenders;
        this.runs = runs;
        this.client = client;
        this.failures = failures;
        this.verification = verification;
        this.smoother = smoother;
        this.requestsPerSecond = talkJs.rateLimit().requestsPerSecond();
    }

    /** Test first, then live. */
    public List<RunPanel> of(Job job) {
        List<Run> entities = QuarkusTransaction.requiringNew().call(() -> Run.ofJob(job.id));
        List<RunDocument> documents = entities.stream().map(runs::document).toList();
        Map<String, List<ThroughputTracker.Sample>> samples = runs.throughputOf(job.id);
        Run test = find(entities, TalkJsEnvironment.TEST);
        Run live = find(entities, TalkJsEnvironment.LIVE);
        RunDocument testDoc = document(documents, "test");
        RunDocument liveDoc = document(documents, "live");
        boolean ready = job.status == JobStatus.READY && job.purgedAt == null;
        boolean testSucceeded = testDoc != null && "SUCCEEDED".equals(testDoc.status());
        long senders = ready ? missingSenders.of(job.id) : 0;
        return List.of(
                panel(job, "test", "Test", test, testDoc, ready && restartable(testDoc), false, samples, senders),
                panel(job, "live", "Live", live, liveDoc, false, ready && testSucceeded && restartable(liveDoc),
                        samples, senders));
    }

    private RunPanel panel(Job job, String environment, String title, Run run, RunDocument document,
                           boolean canStart, boolean canPromote,
                           Map<String, List<ThroughputTracker.Sample>> samples, long senders) {
        TalkJsEnvironment env = "live".equals(environment) ? TalkJsEnvironment.LIVE : TalkJsEnvironment.TEST;
        boolean sandbox = client.isSandbox(env);
        String sandboxPath = sandbox ? client.appId(env).map(id -> "/sandbox/apps/" + id).orElse(null) : null;
        ThroughputChart chart = ThroughputChart.of(environment, samples.getOrDefault(environment, List.of()),
                document == null ? 0 : document.messagesPerSecond());
        if (run == null) {
            return new RunPanel(job.id, environment, title, sandbox, sandboxPath, null, canStart, canPromote, List.of(), 0, chart,
                    VerificationCounts.Counts.NONE, null, false, false, senders, job.messageCount);
        }
        long failed = EnvironmentStatus.failed(document);
        List<FailureGroups.Group> groups = failed > 0 ? failures.of(run.id, RunPanel.GROUPS_SHOWN) : List.of();
        VerificationCounts.Counts verify = verification.of(run.id);
        return new RunPanel(job.id, environment, title, sandbox, sandboxPath, document, canStart, canPromote, groups, failed, chart,
                verify, eta(run, document, verify), run.addMissingSenders, run.addPlaceholderUsers, senders,
                job.messageCount);
    }

    /**
     * Seconds left: while pushing, the messages left at the smoothed rate plus an estimate of the read-back (one call
     * per user, per conversation and per {@value #MESSAGES_PER_READ} messages at the configured request rate);
     * while verifying, the conversations left at the smoothed read-back rate, or the estimate until that is known.
     */
    Long eta(Run run, RunDocument document, VerificationCounts.Counts verify) {
        long now = System.currentTimeMillis();
        RunDocument.KindProgress messages = document.progress().get("messages");
        RunDocument.KindProgress users = document.progress().get("users");
        RunDocument.KindProgress conversations = document.progress().get("conversations");
        return switch (document.status()) {
            case "RUNNING" -> {
                double rate = smoother.observe(run.id + "/push", messages.done(), now);
                Long push = RateSmoother.secondsLeft(messages.total() - messages.done() - messages.failed(), rate);
                yield push == null ? null : push + readBackSeconds(users.done(), conversations.total(), messages.total());
            }
            case "VERIFYING" -> {
                long left = verify.conversations() - verify.conversationsChecked();
                double rate = smoother.observe(run.id + "/verify", verify.conversationsChecked(), now);
                Long measured = RateSmoother.secondsLeft(left, rate);
                yield measured != null ? measured : readBackSeconds(verify.users() - verify.usersChecked(), left,
                        messages.total() * Math.max(0, left) / Math.max(1, verify.conversations()));
            }
            default -> null;
        };
    }

    long readBackSeconds(long users, long conversations, long messages) {
        double calls = users + conversations + Math.ceil(messages / (double) MESSAGES_PER_READ);
        return requestsPerSecond <= 0 ? 0 : Math.round(calls / requestsPerSecond);
    }

    private static boolean restartable(RunDocument run) {
        return run == null || "FAILED".equals(run.status()) || "CANCELLED".equals(run.status());
    }

    private static Run find(List<Run> runs, TalkJsEnvironment environment) {
        return runs.stream().filter(r -> r.environment == environment).findFirst().orElse(null);
    }

    private static RunDocument document(List<RunDocument> runs, String environment) {
        return runs.stream().filter(r -> r.environment().equals(environment)).findFirst().orElse(null);
    }
}
