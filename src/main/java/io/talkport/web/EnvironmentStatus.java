package io.talkport.web;

import io.talkport.api.RunDocument;

import java.util.List;
import java.util.Locale;

/**
 * One environment's state in a few words, for the jobs list and the job header: "Test ✓ verified",
 * "Test FAILED · 150 items", "Live RUNNING 42%", "Live —" (never pushed). {@code css} is the badge colour.
 */
public record EnvironmentStatus(String environment, String title, String state, String css) {

    static EnvironmentStatus of(String environment, RunDocument run) {
        String title = "live".equals(environment) ? "Live" : "Test";
        if (run == null) {
            return new EnvironmentStatus(environment, title, "—", "none");
        }
        return switch (run.status()) {
            case "SUCCEEDED" -> new EnvironmentStatus(environment, title,
                    Boolean.TRUE.equals(run.verified()) ? "✓ verified" : "SUCCEEDED", "ok");
            case "FAILED" -> new EnvironmentStatus(environment, title, "FAILED · " + Plural.of(failed(run), "item"),
                    "err");
            case "RUNNING", "VERIFYING" -> new EnvironmentStatus(environment, title,
                    run.status() + " " + percent(run) + "%", "info");
            case "CANCELLED", "PAUSED" -> new EnvironmentStatus(environment, title,
                    run.status() + " " + percent(run) + "%", "warn");
            default -> new EnvironmentStatus(environment, title, run.status(), "info");
        };
    }

    /** Test first, then live. */
    static List<EnvironmentStatus> of(List<RunDocument> runs) {
        return List.of(of("test", find(runs, "test")), of("live", find(runs, "live")));
    }

    private static RunDocument find(List<RunDocument> runs, String environment) {
        return runs == null ? null
                : runs.stream().filter(r -> r.environment().equals(environment)).findFirst().orElse(null);
    }

    static long failed(RunDocument run) {
        return run.progress().values().stream().mapToLong(RunDocument.KindProgress::failed).sum();
    }

    /**
     * Share of the push that has ended (delivered or failed), whole percent, rounded down so that 100 means done:
     * by messages when the job has any, otherwise over every kind.
     */
    static int percent(RunDocument run) {
        RunDocument.KindProgress messages = run.progress().get("messages");
        long total;
        long ended;
        if (messages != null && messages.total() > 0) {
            total = messages.total();
            ended = messages.done() + messages.failed();
        } else {
            total = run.progress().values().stream().mapToLong(RunDocument.KindProgress::total).sum();
            ended = run.progress().values().stream().mapToLong(p -> p.done() + p.failed()).sum();
        }
        return total == 0 ? 0 : (int) Math.min(100, ended * 100 / total);
    }

    /** "Test ✓ verified", for aria labels and tests. */
    public String label() {
        return title + " " + state;
    }

    @Override
    public String toString() {
        return label().toLowerCase(Locale.ROOT);
    }
}
