package io.talkport.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Per-kind totals of a run, summed from the ledger (one indexed query per kind). */
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

    /** Keys: users, conversations, attachments, messages. */
    public Map<String, Counts> of(long runId) {
        return Sql.inTransaction(dataSource, connection -> {
            Map<String, Counts> progress = new LinkedHashMap<>();
            progress.put("users", query(connection.prepareStatement("""
                    SELECT coalesce(sum(items_total), 0), coalesce(sum(items_done), 0), coalesce(sum(items_failed), 0)
                    FROM delivery_task WHERE run_id = ? AND kind = 'USER_BATCH'
                    """), runId));
            progress.put("conversations", query(connection.prepareStatement("""
                    SELECT count(*), count(*) FILTER (WHERE setup_done),
                           count(*) FILTER (WHERE state = 'FAILED' AND NOT setup_done)
                    FROM delivery_task WHERE run_id = ? AND kind = 'CONVERSATION'
                    """), runId));
            progress.put("attachments", query(connection.prepareStatement("""
                    SELECT (SELECT count(DISTINCT a.sha256) FROM staged_attachment a JOIN run r ON r.job_id = a.job_id
                            WHERE r.id = d.run_id),
                           count(*) FILTER (WHERE state = 'DONE'), count(*) FILTER (WHERE state = 'FAILED')
                    FROM (SELECT ?::bigint AS run_id) d LEFT JOIN delivery_attachment x ON x.run_id = d.run_id
                    GROUP BY d.run_id
                    """), runId));
            Counts planned = query(connection.prepareStatement("""
                    SELECT coalesce(sum(items_total), 0), 0,
                           coalesce(sum(items_total) FILTER (WHERE state = 'FAILED' AND NOT setup_done), 0)
                    FROM delivery_task WHERE run_id = ? AND kind = 'CONVERSATION'
                    """), runId);
            Counts batches = query(connection.prepareStatement("""
                    SELECT 0, coalesce(sum(msg_count) FILTER (WHERE state = 'DELIVERED'), 0),
                           coalesce(sum(msg_count) FILTER (WHERE state = 'FAILED'), 0)
                    FROM delivery_batch WHERE run_id = ?
                    """), runId);
            progress.put("messages", new Counts(planned.total(), batches.done(), planned.failed() + batches.failed()));
            return progress;
        });
    }

    /** Bytes of the files uploaded to TalkJS so far. */
    public long uploadedBytes(long runId) {
        return Sql.inTransaction(dataSource, connection -> query(connection.prepareStatement("""
                SELECT coalesce(sum(size) FILTER (WHERE state = 'DONE'), 0), 0, 0 FROM delivery_attachment
                WHERE run_id = ?
                """), runId).total());
    }

    private static Counts query(PreparedStatement statement, long runId) throws java.sql.SQLException {
        try (statement) {
            statement.setLong(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Counts(rows.getLong(1), rows.getLong(2), rows.getLong(3));
            }
        }
    }
}
