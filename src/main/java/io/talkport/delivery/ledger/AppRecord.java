package io.talkport.delivery.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the per-TalkJS-app record of what Talkport put there (tables {@code app_record_*}, V9): every delivered
 * message by (conversation, sender, timestamp, md5 of its text) with its attachment digest and source id, and the
 * conversations Talkport created. Keyed by app id, so it spans jobs and outlives them; a plan reads it to tell what an
 * app already holds ({@link DeliveryPlanner}).
 *
 * <p>A batch is recorded by the very statement that marks it DELIVERED ({@link #markDelivered}), so a crash can never
 * leave one without the other. The app id comes from the run's {@code run_plan} row, written before the run starts.
 */
public final class AppRecord {

    /**
     * Marks one batch DELIVERED and records its messages, in one statement. Parameters: reconciled, run, conversation,
     * batch number, job. Only an IN_FLIGHT batch changes ({@link BatchState}): a batch already DELIVERED is left alone,
     * so it is never recorded twice.
     */
    public static final String MARK_DELIVERED = """
            WITH marked AS (
                UPDATE delivery_batch SET state = 'DELIVERED', reconciled = ?, error = NULL, updated_at = now()
                WHERE run_id = ? AND conversation_id = ? AND batch_no = ? AND %s
                RETURNING run_id, conversation_id, seqs)
            INSERT INTO app_record_message (app_id, conversation_id, sender, ts, text_digest, attachment_sha256,
                                            source_id, job_id, job_name)
            SELECT p.app_id, k.conversation_id, m.sender, m.ts, md5(coalesce(m.text, '')), a.sha256, m.source_id,
                   r.job_id, j.name
            FROM marked k
            JOIN run r ON r.id = k.run_id
            JOIN run_plan p ON p.run_id = k.run_id
            JOIN job j ON j.id = r.job_id
            JOIN staged_message m ON m.job_id = ? AND m.seq = ANY (k.seqs)
            LEFT JOIN staged_attachment a ON a.job_id = m.job_id AND a.path = m.attachment_path
            """.formatted(BatchState.guard(BatchState.DELIVERED));

    private AppRecord() {
    }

    /** The record's key of a message as read from TalkJS: sender, timestamp and the md5 (hex) of its text. */
    public static String digestKey(String sender, long timestamp, String text) {
        try {
            byte[] md5 = java.security.MessageDigest.getInstance("MD5")
                    .digest((text == null ? "" : text).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return sender + '\u0000' + timestamp + '\u0000' + java.util.HexFormat.of().formatHex(md5);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** Marks a batch DELIVERED and records its messages in the app's record (see {@link #MARK_DELIVERED}). */
    public static void markDelivered(Connection connection, Task task, int batchNo, int reconciled) throws SQLException {
        Sql.update(connection, MARK_DELIVERED, reconciled, task.runId(), task.ref(), batchNo, task.jobId());
    }

    /**
     * Records the conversations of these tasks (still leased by {@code owner}) as Talkport's, unless the app's record
     * knows them already (then their first writer, or "found" for a conversation another tool made, stays).
     */
    public static void recordConversations(Connection connection, List<Long> taskIds, String owner) throws SQLException {
        Sql.updateEach(connection, """
                INSERT INTO app_record_conversation (app_id, conversation_id, origin, job_id, job_name)
                SELECT p.app_id, t.ref, 'talkport', r.job_id, j.name
                FROM delivery_task t JOIN run r ON r.id = t.run_id JOIN run_plan p ON p.run_id = r.id
                JOIN job j ON j.id = r.job_id
                WHERE t.id = ? AND t.lease_owner = ?
                ON CONFLICT (app_id, conversation_id) DO NOTHING
                """, taskIds, owner);
    }

    /** Records the users of a delivered user batch (ordered by id, as the batch was cut). */
    public static void recordUsers(Connection connection, long runId, long jobId, List<String> userIds) throws SQLException {
        try (PreparedStatement statement = Sql.prepare(connection, """
                INSERT INTO app_record_user (app_id, user_id, job_id)
                SELECT p.app_id, u, ? FROM run_plan p CROSS JOIN unnest(?::text[]) AS u
                WHERE p.run_id = ?
                ON CONFLICT (app_id, user_id) DO NOTHING
                """, jobId, connection.createArrayOf("text", userIds.toArray()), runId)) {
            statement.executeUpdate();
        }
    }
}
