package io.talkport.delivery.ledger;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The states of a delivery task ({@code delivery_task.state}) and the one list of the changes between them. Leases,
 * attempts and back-offs live beside the state: a PENDING task may be free, leased or waiting. Every statement that
 * changes a task's state is guarded by {@link #guard(TaskState)}.
 *
 * PENDING → DONE or FAILED; retrying failed items puts FAILED tasks, and DONE conversations with failed messages,
 * back to PENDING.
 */
public enum TaskState {
    /** To do: free, leased by a worker, or waiting for its back-off ({@code not_before}). */
    PENDING,
    /** Ended; its counts are final (a conversation's may include failed messages). */
    DONE,
    /** Failed as a whole, for good until an operator retries it (or a check found differences). */
    FAILED;

    private static final Map<TaskState, Set<TaskState>> NEXT = Map.of(
            PENDING, EnumSet.of(DONE, FAILED),
            DONE, EnumSet.of(PENDING),
            FAILED, EnumSet.of(PENDING));

    /** Whether a task in this state may move to {@code next}. */
    public boolean mayBecome(TaskState next) {
        return NEXT.get(this).contains(next);
    }

    /** The states from which a task may move to {@code target}. */
    public static Set<TaskState> sourcesOf(TaskState target) {
        return Arrays.stream(values()).filter(state -> state.mayBecome(target))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(TaskState.class)));
    }

    /** The SQL literal of this state: {@code 'DONE'}. */
    public String sql() {
        return "'" + name() + "'";
    }

    /** The SQL condition that a task row ({@code column}) may move to {@code target}: {@code column IN (...)}. */
    public static String guard(String column, TaskState target) {
        return column + " IN " + sourcesOf(target).stream().map(TaskState::sql)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** {@link #guard(String, TaskState)} on the column {@code state}. */
    public static String guard(TaskState target) {
        return guard("state", target);
    }
}
