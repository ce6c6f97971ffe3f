package io.talkport.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a run: QUEUED → RUNNING ⇄ PAUSED → VERIFYING → SUCCEEDED | FAILED; CANCELLED from any non-final state.
 * A FAILED or CANCELLED run may be queued again ("retry failed", "push again"): it keeps its ledger, so nothing
 * already delivered is sent twice. A SUCCEEDED run may be queued again to start over ("Import what is missing"):
 * its ledger is cleared and the new plan, against what TalkJS holds now, sends only what is missing. A QUEUED run
 * fails when planning meets wrong or missing credentials. The one place listing legal moves.
 */
public enum RunStatus {
    QUEUED, RUNNING, PAUSED, VERIFYING, SUCCEEDED, FAILED, CANCELLED;

    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, FAILED, CANCELLED),
            RUNNING, EnumSet.of(PAUSED, VERIFYING, FAILED, CANCELLED),
            PAUSED, EnumSet.of(RUNNING, CANCELLED),
            VERIFYING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED),
            SUCCEEDED, EnumSet.of(QUEUED),
            FAILED, EnumSet.of(QUEUED),
            CANCELLED, EnumSet.of(QUEUED));

    public boolean canMoveTo(RunStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    public RunStatus moveTo(RunStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransitionException("run", name(), next.name());
        }
        return next;
    }

    /** Whether workers may hold tasks of a run in this state. */
    public boolean isActive() {
        return this == RUNNING || this == VERIFYING;
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
