package io.talkport.web;

import io.talkport.api.RunDocument;
import io.talkport.progress.FailureGroups;
import io.talkport.progress.VerificationCounts;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One environment's column on the job page: its run (if any), progress in words, the failures grouped by reason and
 * the actions it allows now. Built by {@link RunPanels}.
 *
 * @param sandboxPath the sandbox page of the environment's app, where a run's data can be browsed; null when the
 *                    environment is a real TalkJS app
 * @param etaSeconds smoothed time left for the whole run, read-back included; null while unknown
 * @param failureTotal every failed item of the run; {@code failures} groups them (largest first, a few groups)
 * @param addPlaceholderUsers the run creates placeholder users for participants missing from users
 * @param sendersMissing messages held back only because their sender is not a participant
 * @param validMessages the job's valid messages (what a run without "add missing senders" delivers)
 */
public record RunPanel(long jobId, String environment, String title, boolean sandbox, String sandboxPath,
                       RunDocument run,
                       boolean canStart, boolean canPromote, List<FailureGroups.Group> failures, long failureTotal,
                       ThroughputChart chart, VerificationCounts.Counts verify, Long etaSeconds,
                       boolean addMissingSenders, boolean addPlaceholderUsers, long sendersMissing,
                       long validMessages) {

    /** Failure groups shown on the page; every failure is in the CSV. */
    static final int GROUPS_SHOWN = 10;

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

    /**
     * The green "verified" badge: only beside SUCCEEDED. A FAILED run's read-back may also have found everything it
     * delivered in TalkJS; its verification line says so, but a green badge next to red FAILED would contradict it.
     */
    public boolean verifiedBadge() {
        return run != null && "SUCCEEDED".equals(run.status()) && Boolean.TRUE.equals(run.verified());
    }

    public boolean hasFailures() {
        return failureTotal > 0;
    }

    /** The environment's state in a few words, as on the jobs list. */
    public EnvironmentStatus status() {
        return EnvironmentStatus.of(environment, run);
    }

    public boolean queued() {
        return run != null && "QUEUED".equals(run.status());
    }

    /** Badge colour of the run's status: SUCCEEDED green, FAILED red, CANCELLED and PAUSED amber. */
    public String statusCss() {
        if (run == null) {
            return "none";
        }
        return switch (run.status()) {
            case "SUCCEEDED" -> "ok";
            case "FAILED" -> "err";
            case "CANCELLED", "PAUSED" -> "warn";
            default -> "info";
        };
    }

    /**
     * A bar per kind the job has (no "attachments: 0 of 0" for a bundle without any); messages always, unless the
     * plan found every message in TalkJS already: then {@link #nothingToSend()} says so instead of bars at 0 %.
     */
    public List<KindRow> kinds() {
        if (run == null || nothingToSend() != null) {
            return List.of();
        }
        return run.progress().entrySet().stream()
                .filter(e -> e.getValue().total() > 0 || "messages".equals(e.getKey())).map(KindRow::of).toList();
    }

    /**
     * "Nothing to send: all 15 messages were in the test app already, so none was sent again." when the plan found every message there (a
     * second job of the same export, a push again after success); null otherwise.
     */
    public String nothingToSend() {
        if (run == null || run.plan() == null || run.plan().alreadyPresent() == 0 || messages().total() > 0) {
            return null;
        }
        long present = run.plan().alreadyPresent();
        return present == 1
                ? "Nothing to send: its 1 message was in the " + environment + " app already, so it was not sent again."
                : String.format(Locale.ROOT, "Nothing to send: all %s were in the %s app already, so none was sent "
                + "again.", Plural.of(present, "message"), environment);
    }

    private RunDocument.KindProgress messages() {
        return run.progress().getOrDefault("messages", new RunDocument.KindProgress(0, 0, 0));
    }

    /** "1,600 / 200,000 messages (0.8%) · 51.0 messages/s · about 1 h 04 m left". */
    public String overallLine() {
        RunDocument.KindProgress m = messages();
        // The share delivered, beside the count delivered: a run that ended with failed messages is not at 100%.
        double share = m.total() == 0 ? 0 : m.done() * 100.0 / m.total();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%,d / %,d messages (%s%%)", m.done(),
                m.total(), share >= 10 || share == 0 ? String.format(Locale.ROOT, "%.0f", Math.floor(share))
                        : String.format(Locale.ROOT, "%.1f", Math.floor(share * 10) / 10)));
        if ("RUNNING".equals(run.status())) {
            line.append(" · ").append(rateLabel());
        }
        if (active()) {
            line.append(" · ").append(etaLabel());
        }
        return line.toString();
    }

    public String rateLabel() {
        return run == null || run.messagesPerSecond() <= 0 ? "— messages/s"
                : String.format(Locale.ROOT, "%,.1f messages/s", run.messagesPerSecond());
    }

    /** "about 1 h 04 m left", or "time left: working it out…" before a rate is known. */
    public String etaLabel() {
        if (etaSeconds == null) {
            return "time left: working it out…";
        }
        return etaSeconds < 5 ? "a few seconds left" : "about " + Durations.of(etaSeconds) + " left";
    }

    /**
     * "Verifying 120 of 300 conversations and 40 of 100 users" while verifying, "Checked …" after, each with what was
     * read back where the ledger vouched for the rest; null before.
     */
    public String verifyLine() {
        if (run == null || !verify.planned() || List.of("RUNNING", "PAUSED", "QUEUED").contains(run.status())) {
            return null; // planned a moment before the run moves to VERIFYING
        }
        String what = String.format(Locale.ROOT, "%,d of %s", verify.conversationsChecked(),
                Plural.of(verify.conversations(), "conversation"));
        if (verify.users() > 0) {
            what += String.format(Locale.ROOT, " and %,d of %s", verify.usersChecked(), Plural.of(verify.users(), "user"));
        }
        return ("VERIFYING".equals(run.status()) ? "Verifying " : "Checked ") + what + vouchedPart(verify);
    }

    /**
     * " · 6 conversations read back, the rest vouched for by TalkJS's answers" (nothing when every check reads back):
     * the ledger vouches for what TalkJS took on one clean call each (DeliveryLedger.planVerification).
     */
    static String vouchedPart(VerificationCounts.Counts verify) {
        if (verify.conversationsVouched() + verify.usersVouched() == 0) {
            return "";
        }
        long conversations = verify.conversationsToRead();
        long users = verify.users() - verify.usersVouched();
        if (conversations == 0 && users == 0) {
            return " · nothing read back: TalkJS's answers vouch for all of it";
        }
        return " · " + (conversations > 0 ? Plural.of(conversations, "conversation") : "")
                + (conversations > 0 && users > 0 ? " and " : "") + (users > 0 ? Plural.of(users, "user") : "")
                + " read back, the rest vouched for by TalkJS's answers";
    }

    /** "Took 1 m 12 s · average 41.7 messages/s" once the run has ended; null before. */
    public String endLine() {
        if (run == null || run.startedAt() == null || run.finishedAt() == null) {
            return null;
        }
        long seconds = Math.max(1, Duration.between(run.startedAt(), run.finishedAt()).toSeconds());
        if (messages().done() == 0) {
            return String.format(Locale.ROOT, "Took %s, read-back included; no message sent", Durations.of(seconds));
        }
        return String.format(Locale.ROOT, "Took %s · average %,.1f messages/s, read-back included",
                Durations.of(seconds), messages().done() / (double) seconds);
    }

    /** Whether the job has attachments: without any, "uploaded 0 B" says nothing. */
    public boolean hasAttachments() {
        RunDocument.KindProgress a = run == null ? null : run.progress().get("attachments");
        return a != null && a.total() > 0;
    }

    /**
     * The button that starts this environment's push, named for what it does: "Push to test" the first time,
     * "Resume push — 2,850 of 3,000 delivered" after a cancel or a failure, "Repeat push — 3,000 of 3,000 delivered"
     * when only other kinds failed (nothing delivered is sent twice).
     */
    public String startLabel() {
        boolean live = "live".equals(environment);
        if (run == null || messages().done() == 0) {
            return live ? "Promote to live" : "Push to test";
        }
        return String.format(Locale.ROOT, "%s %spush — %,d of %,d delivered",
                messages().done() < messages().total() ? "Resume" : "Repeat", live ? "live " : "", messages().done(),
                messages().total());
    }

    /** What a run with "add missing senders" delivers. */
    public long messagesWithSenders() {
        return validMessages + sendersMissing;
    }

    /** The cancel confirmation's ids, address and words. */
    public String cancelId() {
        return "cancel-" + environment;
    }

    public String cancelPath() {
        return "/jobs/" + jobId + "/runs/" + environment + "/cancel";
    }

    public String cancelLabel() {
        return "Cancel the " + environment + " run";
    }

    public String cancelYes() {
        return "Yes, cancel the " + environment + " run";
    }

    /** "Retry 150 failed items". */
    public String retryLabel() {
        return "Retry " + Plural.of(failureTotal, "failed item");
    }

    /** One kind's progress bar. */
    public record KindRow(String kind, long total, long done, long failed) {
        static KindRow of(Map.Entry<String, RunDocument.KindProgress> entry) {
            RunDocument.KindProgress p = entry.getValue();
            return new KindRow(entry.getKey(), p.total(), p.done(), p.failed());
        }

        /** The share done, rounded down (100 only when all are done); the failed ones are named beside it. */
        public int percent() {
            return total == 0 ? 0 : (int) Math.min(100, done * 100 / total);
        }
    }
}
