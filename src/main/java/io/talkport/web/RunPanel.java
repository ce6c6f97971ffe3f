package io.talkport.web;

import io.talkport.api.FailureViews;
import io.talkport.api.RunDocument;
import io.talkport.delivery.ThroughputTracker;
import io.talkport.talkjs.TalkJsEnvironment;
import io.talkport.job.Job;
import io.talkport.job.JobStatus;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One environment's column on the job page: its run (if any) and the actions it allows now. */
public record RunPanel(String environment, String title, boolean sandbox, RunDocument run, boolean canStart,
                       boolean canPromote, FailureViews.Page failures, ThroughputChart chart) {

    /** Failed items shown on the page; the rest are in the failures API. */
    static final int FAILURES_SHOWN = 10;

    static List<RunPanel> of(Job job, List<RunDocument> runs, boolean testIsSandbox, boolean liveIsSandbox,
                             FailureViews failureViews, Map<String, List<ThroughputTracker.Sample>> samples) {
        RunDocument test = find(runs, "test");
        RunDocument live = find(runs, "live");
        boolean ready = job.status == JobStatus.READY && job.purgedAt == null;
        boolean testRestartable = test == null || "FAILED".equals(test.status()) || "CANCELLED".equals(test.status());
        boolean testSucceeded = test != null && "SUCCEEDED".equals(test.status());
        boolean liveRestartable = live == null || "FAILED".equals(live.status()) || "CANCELLED".equals(live.status());
        return List.of(
                new RunPanel("test", "Test", testIsSandbox, test, ready && testRestartable, false,
                        failures(job, test, TalkJsEnvironment.TEST, failureViews),
                        ThroughputChart.of("test", samples.getOrDefault("test", List.of()))),
                new RunPanel("live", "Live", liveIsSandbox, live, false, ready && testSucceeded && liveRestartable,
                        failures(job, live, TalkJsEnvironment.LIVE, failureViews),
                        ThroughputChart.of("live", samples.getOrDefault("live", List.of()))));
    }

    private static FailureViews.Page failures(Job job, RunDocument run, TalkJsEnvironment environment,
                                              FailureViews views) {
        boolean any = run != null && run.progress().values().stream().anyMatch(p -> p.failed() > 0);
        return any ? views.of(job.id, environment, 1, FAILURES_SHOWN) : new FailureViews.Page(0, List.of());
    }

    private static RunDocument find(List<RunDocument> runs, String environment) {
        return runs.stream().filter(r -> r.environment().equals(environment)).findFirst().orElse(null);
    }

    public boolean active() {
        return run != null && List.of("QUEUED", "RUNNING", "VERIFYING").contains(run.status());
    }

    public boolean canPause() {
        return run != null && "RUNNING".equals(run.status());
    }

    public boolean canResume() {
        return run != null && "PAUSED".equals(run.status());
    }

    public boolean canCancel() {
        return run != null && List.of("QUEUED", "RUNNING", "PAUSED", "VERIFYING").contains(run.status());
    }

    public boolean canRetry() {
        return hasFailures() && !"SUCCEEDED".equals(run.status()) && !"CANCELLED".equals(run.status());
    }

    public boolean hasFailures() {
        return run != null && run.progress().values().stream().anyMatch(p -> p.failed() > 0);
    }

    public List<KindRow> kinds() {
        if (run == null) {
            return List.of();
        }
        return run.progress().entrySet().stream().map(KindRow::of).toList();
    }

    public String rateLabel() {
        return run == null || run.messagesPerSecond() <= 0 ? "—"
                : String.format(Locale.ROOT, "%,.1f messages/s", run.messagesPerSecond());
    }

    public String etaLabel() {
        if (run == null || run.etaSeconds() == null) {
            return "—";
        }
        long s = run.etaSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + "s";
    }

    /** One kind's progress bar. */
    public record KindRow(String kind, long total, long done, long failed) {
        static KindRow of(Map.Entry<String, RunDocument.KindProgress> entry) {
            RunDocument.KindProgress p = entry.getValue();
            return new KindRow(entry.getKey(), p.total(), p.done(), p.failed());
        }

        public int percent() {
            return total == 0 ? 0 : (int) Math.min(100, (done + failed) * 100 / total);
        }
    }
}
