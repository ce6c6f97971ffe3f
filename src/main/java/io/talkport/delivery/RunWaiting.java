package io.talkport.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Why an active run is not moving: the latest error a worker recorded on a task it gave back for a later try, and
 * when the next of the run's waiting tasks may be tried again. Pages and the API show it, so that no run sits
 * RUNNING without a visible reason (a refused key, TalkJS unreachable, a long Retry-After).
 */
@ApplicationScoped
public class RunWaiting {

    /**
     * @param lastError   the error of the most recently given-back task, as the worker recorded it
     * @param since       when that task was given back
     * @param nextRetryAt the earliest time a waiting task may be claimed again, or null when one may be now
     */
    public record Waiting(String lastError, Instant since, Instant nextRetryAt) {
    }

    private final DataSource dataSource;

    public RunWaiting(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Empty when no pending task of the run carries an error. Uses V11's partial index of such tasks. */
    public Optional<Waiting> of(long runId) {
        return Sql.inTransaction(dataSource, connection -> {
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT error, updated_at,
                           (SELECT min(not_before) FROM delivery_task
                            WHERE run_id = ? AND state = 'PENDING' AND error IS NOT NULL AND not_before > now())
                    FROM delivery_task WHERE run_id = ? AND state = 'PENDING' AND error IS NOT NULL
                    ORDER BY updated_at DESC LIMIT 1
                    """, runId, runId);
                 ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Waiting(rows.getString(1), instant(rows.getTimestamp(2)),
                        instant(rows.getTimestamp(3))));
            }
        });
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
