package io.talkport.delivery;

import io.talkport.delivery.ledger.Sql;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Per-kind totals of a run, summed from the ledger. */
@ApplicationScoped
public class RunProgress {

    /** Total, done and failed items of one kind. */
    public record Counts(long total, long done, long failed) {
        public long remaining() {
            return Math.max(0, total - done - failed);
        }
    }

    private final DataSource dataSource;

    public RunProgress(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Keys: users, conversations, attachments, messages. One pass over the run's user-batch and conversation tasks
     * (not its VERIFY tasks) and one index-only pass over its batches (V8's delivery_batch_sums): a mid-way push of a million messages has 50,000 tasks and 100,000 batches, and three
     * task queries plus a batch query that read every row took most of a job page's time. Parallel plans are off for
     * these sums: on two cores the planner's parallel scan of delivery_task was several times slower than the index.
     */
    public Map<String, Counts> of(long runId) {
        return Sql.inTransaction(dataSource, connection -> {
            Sql.update(connection, "SET LOCAL max_parallel_workers_per_gather = 0");
            long[] tasks = tasks(connection, runId);
            Counts batches = query(connection.prepareStatement("""
                    SELECT coalesce(sum(msg_count) FILTER (WHERE state = 'PRESENT'), 0),
                           coalesce(sum(msg_count) FILTER (WHERE state = 'DELIVERED'), 0),
                           coalesce(sum(msg_count) FILTER (WHERE state = 'FAILED'), 0)
                    FROM delivery_batch WHERE run_id = ?
                    """), runId);
            Map<String, Counts> progress = new LinkedHashMap<>();
            progress.put("users", new Counts(tasks[0], tasks[1], tasks[2]));
            progress.put("conversations", new Counts(tasks[3], tasks[4], tasks[5]));
            progress.put("attachments", attachments(connection, runId));
            // Messages a plan found in TalkJS already (PRESENT batches) are not to be sent: not part of the total.
            progress.put("messages", new Counts(tasks[6] - batches.total(), batches.done(),
                    tasks[7] + batches.failed()));
            return progress;
        });
    }

    /**
     * Users total, done, failed; conversations total, set up, failed before set-up; messages planned, and planned in
     * conversations that failed before set-up.
     */
    private static long[] tasks(Connection connection, long runId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT coalesce(sum(items_total) FILTER (WHERE kind = 'USER_BATCH'), 0),
                       coalesce(sum(items_done) FILTER (WHERE kind = 'USER_BATCH'), 0),
                       coalesce(sum(items_failed) FILTER (WHERE kind = 'USER_BATCH'), 0),
                       count(*) FILTER (WHERE kind = 'CONVERSATION'),
                       count(*) FILTER (WHERE kind = 'CONVERSATION' AND setup_done),
                       count(*) FILTER (WHERE kind = 'CONVERSATION' AND state = 'FAILED' AND NOT setup_done),
                       coalesce(sum(items_total) FILTER (WHERE kind = 'CONVERSATION'), 0),
                       coalesce(sum(items_total) FILTER (WHERE kind = 'CONVERSATION' AND state = 'FAILED'
                                                         AND NOT setup_done), 0)
                FROM delivery_task WHERE run_id = ? AND kind IN ('USER_BATCH', 'CONVERSATION')
                """)) {
            statement.setLong(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long[] values = new long[8];
                for (int i = 0; i < values.length; i++) {
                    values[i] = rows.getLong(i + 1);
                }
                return values;
            }
        }
    }

    private static Counts attachments(Connection connection, long runId) throws SQLException {
        return query(connection.prepareStatement("""
                SELECT (SELECT count(DISTINCT a.sha256) FROM staged_attachment a JOIN run r ON r.job_id = a.job_id
                        WHERE r.id = d.run_id),
                       count(*) FILTER (WHERE state = 'DONE'), count(*) FILTER (WHERE state = 'FAILED')
                FROM (SELECT ?::bigint AS run_id) d LEFT JOIN delivery_attachment x ON x.run_id = d.run_id
                GROUP BY d.run_id
                """), runId);
    }

    /** Bytes of the files uploaded to TalkJS so far. */
    public long uploadedBytes(long runId) {
        return Sql.inTransaction(dataSource, connection -> query(connection.prepareStatement("""
                SELECT coalesce(sum(size) FILTER (WHERE state = 'DONE'), 0), 0, 0 FROM delivery_attachment
                WHERE run_id = ?
                """), runId).total());
    }

    private static Counts query(PreparedStatement statement, long runId) throws SQLException {
        try (statement) {
            statement.setLong(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Counts(rows.getLong(1), rows.getLong(2), rows.getLong(3));
            }
        }
    }
}
