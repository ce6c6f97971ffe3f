package io.talkport.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The life of an uploaded bundle: RECEIVED → VALIDATING → READY | REJECTED. The one place listing legal moves. */
public enum JobStatus {
    RECEIVED, VALIDATING, READY, REJECTED;

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            RECEIVED, EnumSet.of(VALIDATING, REJECTED),
            // VALIDATING → VALIDATING: a server that died mid-validation validates the job again at start-up.
            VALIDATING, EnumSet.of(VALIDATING, READY, REJECTED),
            READY, EnumSet.noneOf(JobStatus.class),
            REJECTED, EnumSet.noneOf(JobStatus.class));

    public boolean canMoveTo(JobStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Throws {@link IllegalTransitionException} unless {@code next} may follow this state. */
    public JobStatus moveTo(JobStatus next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransitionException("job", name(), next.name());
        }
        return next;
    }
}
