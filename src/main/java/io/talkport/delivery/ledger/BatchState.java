package io.talkport.delivery.ledger;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The states of an import batch ({@code delivery_batch.state}) and the one list of the changes between them. Every
 * statement that changes a batch's state is guarded by {@link #guard(BatchState)}, so a write that this list does not
 * allow changes nothing, whatever a racing worker did before it.
 *
 * <ul>
 *   <li>new: PENDING (cut from the staged messages), PRESENT (in the app before the run), FAILED (split off);</li>
 *   <li>PENDING → IN_FLIGHT (committed before its import call) or FAILED (could not be built);</li>
 *   <li>IN_FLIGHT → DELIVERED, FAILED, IN_FLIGHT again (another attempt after reconciling by read-back) or PENDING
 *       (set back by the lease holder that knows it was not sent);</li>
 *   <li>FAILED → PENDING when it was never sent, IN_FLIGHT when it may have been (retry: reconciled first, since
 *       a worker that lost its lease may have had it imported after another worker failed it), DELIVERED when that
 *       worker's answer arrives and is recorded;</li>
 *   <li>DELIVERED and PRESENT are final.</li>
 * </ul>
 */
public enum BatchState {
    /** Cut from the staged messages, not sent. */
    PENDING,
    /** Committed, fenced by a live lease, before its import call: its outcome is unknown until recorded. */
    IN_FLIGHT,
    /** TalkJS took it (the import answered, or reconciling found every message there). */
    DELIVERED,
    /** Its messages were in the app before the run; never sent. */
    PRESENT,
    /** TalkJS refused it, or it could not be built or answered; its messages are the run's failed items. */
    FAILED;

    private static final Map<BatchState, Set<BatchState>> NEXT = Map.of(
            PENDING, EnumSet.of(IN_FLIGHT, FAILED),
            // IN_FLIGHT -> PENDING: set back by the lease holder that knows it was not sent (a conversation group).
            IN_FLIGHT, EnumSet.of(IN_FLIGHT, DELIVERED, FAILED, PENDING),
            DELIVERED, EnumSet.noneOf(BatchState.class),
            PRESENT, EnumSet.noneOf(BatchState.class),
            // FAILED -> DELIVERED: an import whose worker lost its lease was answered after another worker failed the
            // batch; TalkJS holds it, so the record says so.
            FAILED, EnumSet.of(PENDING, IN_FLIGHT, DELIVERED));

    /** The states a batch row may be inserted with. */
    public static final Set<BatchState> INITIAL = EnumSet.of(PENDING, PRESENT, FAILED);

    /** States a batch moves on from: the conversation still has work in them. */
    public static final Set<BatchState> OPEN = EnumSet.of(PENDING, IN_FLIGHT);

    /** States whose messages are in TalkJS. */
    public static final Set<BatchState> IN_TALKJS = EnumSet.of(DELIVERED, PRESENT);

    /** Whether a batch in this state may move to {@code next}. */
    public boolean mayBecome(BatchState next) {
        return NEXT.get(this).contains(next);
    }

    /** The states from which a batch may move to {@code target}. */
    public static Set<BatchState> sourcesOf(BatchState target) {
        return Arrays.stream(values()).filter(state -> state.mayBecome(target))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(BatchState.class)));
    }

    /** The SQL literal of this state: {@code 'IN_FLIGHT'}. */
    public String sql() {
        return "'" + name() + "'";
    }

    /** An SQL list of these states: {@code ('PENDING', 'IN_FLIGHT')}. */
    public static String sql(Set<BatchState> states) {
        return states.stream().map(BatchState::sql).collect(Collectors.joining(", ", "(", ")"));
    }

    /** The SQL condition that a batch row ({@code column}) may move to {@code target}: {@code column IN (...)}. */
    public static String guard(String column, BatchState target) {
        return column + " IN " + sql(sourcesOf(target));
    }

    /** {@link #guard(String, BatchState)} on the column {@code state}. */
    public static String guard(BatchState target) {
        return guard("state", target);
    }
}
