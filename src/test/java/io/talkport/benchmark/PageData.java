package io.talkport.benchmark;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.job.Run;
import io.talkport.testsupport.Db;

/**
 * The data behind the page benchmark, besides the staged bundle itself: a big issue table, other jobs, an audit
 * trail, and runs whose delivery ledger looks like a real push mid-way. Plain SQL (one statement per table) because
 * going through the app would mean actually pushing a million messages.
 */
final class PageData {

    /** Issue codes of the generated issue table, by {@code n % 10}: five error codes, five warning codes. */
    private static final String ISSUE_CODES = """
            (VALUES (0, 'error', 'SENDER_NOT_PARTICIPANT', 'messages.jsonl', 'sender'),
                    (1, 'error', 'UNKNOWN_USER', 'conversations.jsonl', 'participants'),
                    (2, 'error', 'UNKNOWN_CONVERSATION', 'messages.jsonl', 'conversationId'),
                    (3, 'error', 'INVALID_TIMESTAMP', 'messages.jsonl', 'createdAt'),
                    (4, 'error', 'MISSING_FIELD', 'users.jsonl', 'name'),
                    (5, 'warning', 'DUPLICATE_MESSAGE', 'messages.jsonl', 'id'),
                    (6, 'warning', 'FUTURE_TIMESTAMP', 'messages.jsonl', 'createdAt'),
                    (7, 'warning', 'UNKNOWN_READER', 'messages.jsonl', 'readBy'),
                    (8, 'warning', 'READER_NOT_PARTICIPANT', 'messages.jsonl', 'readBy'),
                    (9, 'warning', 'CUSTOM_NOT_STRING', 'conversations.jsonl', 'custom'))
            """;

    private final Db db;
    private final DeliveryLedger ledger;

    PageData(Db db, DeliveryLedger ledger) {
        this.db = db;
        this.ledger = ledger;
    }

    /**
     * 100,000 issues in ten codes of 10,000 each (the stager's cap per code), codes interleaved by line the way a
     * bad export reports them, plus 25 rows of a rare code (ATTACHMENT_MISSING), so that filters hit both big and
     * tiny subsets. Inserted directly: a bundle that produces 100,000 issues would stage for minutes. The job's error
     * and warning counts are set from the table, as staging would have.
     */
    void addIssues(long jobId, int count) {
        db.update("""
                INSERT INTO job_issue (job_id, severity, code, file, line, field, item_id, message)
                SELECT %d, c.severity, c.code, c.file, g, c.field, 'item-' || g,
                       c.code || ': generated issue ' || g || ' (field ' || c.field || ')'
                FROM generate_series(1, %d) g JOIN %s AS c (k, severity, code, file, field) ON c.k = g %% 10
                ORDER BY g
                """.formatted(jobId, count, ISSUE_CODES));
        db.update("""
                INSERT INTO job_issue (job_id, severity, code, file, line, field, item_id, message)
                SELECT %d, 'error', 'ATTACHMENT_MISSING', 'messages.jsonl', g * 4000, 'attachment', 'item-' || g,
                       'The attachment attachments/missing-' || g || '.png is not in the archive'
                FROM generate_series(1, 25) g
                """.formatted(jobId));
        db.update("""
                UPDATE job SET error_count = (SELECT count(*) FROM job_issue WHERE job_id = %1$d AND severity = 'error'),
                               warning_count = (SELECT count(*) FROM job_issue WHERE job_id = %1$d AND severity = 'warning')
                WHERE id = %1$d
                """.formatted(jobId));
    }

    /**
     * Issues of {@code jobs} older jobs (the oldest of {@link #addOtherJobs}), so that job_issue holds more than the
     * benchmark job's rows and a query that forgets the job filter shows.
     */
    void addIssuesOfOtherJobs(int jobs, int count) {
        db.rows("SELECT id FROM job WHERE name LIKE 'Older export %' ORDER BY created_at LIMIT " + jobs)
                .forEach(id -> addIssues(Long.parseLong(id), count));
    }

    /** Other, small jobs in the list (no staged rows), so the job list is not just the one big job. */
    void addOtherJobs(int count) {
        db.update("""
                INSERT INTO job (name, status, created_by, created_at, updated_at, validated_at, user_count,
                                 conversation_count, message_count, warning_count)
                SELECT 'Older export ' || g, 'READY', 'operator', now() - g * interval '1 hour',
                       now() - g * interval '1 hour', now() - g * interval '1 hour', 10 * g, 20 * g, 300 * g, g
                FROM generate_series(1, %d) g
                """.formatted(count));
    }

    /** An audit trail of a few months of use. */
    void addAuditEvents(int count) {
        db.update("""
                INSERT INTO audit_event (at, username, action, job_id, environment, detail)
                SELECT now() - g * interval '1 minute', 'operator', 'run.pause', g %% 50, 'test', NULL
                FROM generate_series(1, %d) g
                """.formatted(count));
    }

    /** A RUNNING run in the conversations phase, its ledger planned by the app's own code. */
    long startRun(long jobId, String environment) {
        long runId = db.count("""
                INSERT INTO run (job_id, environment, status, phase, created_by, created_at, started_at, updated_at)
                VALUES (%d, '%s', 'RUNNING', 'CONVERSATIONS', 'admin', now() - interval '20 minutes',
                        now() - interval '20 minutes', now()) RETURNING id
                """.formatted(jobId, environment.toUpperCase(java.util.Locale.ROOT)));
        Run run = QuarkusTransaction.requiringNew().call(() -> Run.<Run>findById(runId));
        ledger.plan(run);
        db.update("UPDATE delivery_task SET state = 'DONE', items_done = items_total WHERE run_id = " + runId
                + " AND kind = 'USER_BATCH'");
        return runId;
    }

    /**
     * The message batches of every conversation in one statement (batches of 10 in import order, as
     * {@code MessageBatches} plans them), with the first {@code deliveredShare} of the conversations delivered, the
     * next eight in flight (one per worker), every 500th failed and the rest pending; then the conversation tasks
     * and failure rows that go with that.
     */
    void fillLedger(long runId, long jobId, double deliveredShare) {
        db.update("""
                WITH numbered AS (
                    SELECT conversation_id, seq, ts,
                           (row_number() OVER (PARTITION BY conversation_id ORDER BY ts, seq) - 1) / 10 AS batch_no
                    FROM staged_message WHERE job_id = %2$d AND valid),
                batches AS (
                    SELECT conversation_id, batch_no::int AS batch_no, array_agg(seq ORDER BY ts, seq) AS seqs
                    FROM numbered GROUP BY conversation_id, batch_no),
                ranked AS (
                    SELECT ref, row_number() OVER (ORDER BY id) AS r, count(*) OVER () AS n
                    FROM delivery_task WHERE run_id = %1$d AND kind = 'CONVERSATION')
                INSERT INTO delivery_batch (run_id, conversation_id, batch_no, seqs, msg_count, state, attempts, error)
                SELECT %1$d, b.conversation_id, b.batch_no, b.seqs, cardinality(b.seqs),
                       CASE WHEN k.r %% 500 = 0 THEN 'FAILED'
                            WHEN k.r <= k.n * %3$s THEN 'DELIVERED'
                            WHEN k.r <= k.n * %3$s + 8 THEN CASE WHEN b.batch_no = 0 THEN 'IN_FLIGHT' ELSE 'PENDING' END
                            ELSE 'PENDING' END,
                       CASE WHEN k.r <= k.n * %3$s + 8 THEN 1 ELSE 0 END,
                       CASE WHEN k.r %% 500 = 0 THEN 'TalkJS refused the batch: 400 Bad Request' END
                FROM batches b JOIN ranked k ON k.ref = b.conversation_id
                """.formatted(runId, jobId, Double.toString(deliveredShare)));
        // Without fresh statistics the planner expects no rows for the new run and joins below in a nested loop.
        db.update("ANALYZE delivery_task, delivery_batch");
        db.update("""
                UPDATE delivery_task t
                SET setup_done = true, items_done = s.delivered, items_failed = s.failed,
                    state = CASE WHEN s.open > 0 THEN 'PENDING' WHEN s.failed > 0 THEN 'FAILED' ELSE 'DONE' END
                FROM (SELECT conversation_id,
                             coalesce(sum(msg_count) FILTER (WHERE state = 'DELIVERED'), 0) AS delivered,
                             coalesce(sum(msg_count) FILTER (WHERE state = 'FAILED'), 0) AS failed,
                             count(*) FILTER (WHERE state IN ('PENDING', 'IN_FLIGHT')) AS open,
                             count(*) FILTER (WHERE state <> 'PENDING') AS touched
                      FROM delivery_batch WHERE run_id = %1$d GROUP BY conversation_id) s
                WHERE t.run_id = %1$d AND t.kind = 'CONVERSATION' AND t.ref = s.conversation_id AND s.touched > 0
                """.formatted(runId));
        db.update("""
                INSERT INTO delivery_failure (run_id, kind, item_id, reason)
                SELECT %1$d, 'messages', b.conversation_id || '/' || s.seq, 'TalkJS refused the batch: 400 Bad Request'
                FROM delivery_batch b CROSS JOIN LATERAL unnest(b.seqs) AS s (seq)
                WHERE b.run_id = %1$d AND b.state = 'FAILED'
                """.formatted(runId));
    }

    /**
     * Ends the run the way a successful push does: every batch delivered (the failed ones by "retry failed"), every
     * task done, verification planned by the app's code and passed.
     */
    void finishRun(long runId) {
        db.update("UPDATE delivery_batch SET state = 'DELIVERED', error = NULL WHERE run_id = " + runId
                + " AND state <> 'DELIVERED'");
        db.update("DELETE FROM delivery_failure WHERE run_id = " + runId);
        db.update("UPDATE delivery_task SET state = 'DONE', setup_done = true, items_done = items_total, items_failed = 0"
                + " WHERE run_id = " + runId);
        ledger.planVerification(runId, true);
        db.update("UPDATE delivery_task SET state = 'DONE', items_done = items_total WHERE run_id = " + runId
                + " AND kind IN ('VERIFY', 'VERIFY_USERS')");
        db.update("UPDATE run SET status = 'SUCCEEDED', phase = 'DONE', verified = true, finished_at = now(),"
                + " verification = 'All users, conversations and messages found.' WHERE id = " + runId);
    }
}
