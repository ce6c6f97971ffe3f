package io.talkport.delivery.ledger;

import io.talkport.delivery.MessageKey;
import io.talkport.delivery.StagedMessage;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The message part of the ledger: a conversation's messages cut into import batches in timestamp order, each batch
 * moving PENDING → IN_FLIGHT → DELIVERED (or FAILED). IN_FLIGHT is committed, in the same transaction as the lease
 * renewal that fences it, before the import call is made.
 */
@ApplicationScoped
public class MessageBatches {

    /** A batch of one conversation, as the ledger holds it. */
    public record Batch(int number, long[] seqs, BatchState state, int attempts) {
        public boolean inFlight() {
            return state == BatchState.IN_FLIGHT;
        }
    }

    private final DataSource dataSource;

    public MessageBatches(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A batch TalkJS took, whose DELIVERED mark is written with the ledger's next step (one transaction less). */
    public record Taken(Batch batch, int reconciled) {
    }

    /**
     * Where a conversation task starts: its batches still to do (PENDING or IN_FLIGHT) in order, the staged messages
     * of the first {@code prefetch} of them, and whether the first batch was put IN_FLIGHT by us already.
     */
    public record Start(List<Batch> open, List<StagedMessage> firstMessages, boolean firstInFlight) {
    }

    /**
     * Reads what a conversation task needs in one transaction: the first call cuts the conversation's eligible
     * messages into batches of {@code size}; then the open batches and the first ones' messages are read, and the
     * first batch, when PENDING and needing no file upload, is put IN_FLIGHT fenced by our lease. A conversation of
     * one batch then costs three ledger transactions in all (claim, this, finish).
     *
     * @throws LeaseLostException when the lease or the run is gone
     */
    public Start start(Task task, int size, int prefetch, String owner, Duration lease, int maxAttempts) {
        return Sql.inTransaction(dataSource, connection -> {
            plan(connection, task, size);
            List<Batch> open = open(connection, task);
            if (open.isEmpty()) {
                return new Start(open, List.of(), false);
            }
            List<Batch> first = open.subList(0, Math.min(prefetch, open.size()));
            List<StagedMessage> messages = messages(connection, task.jobId(), seqsOf(first));
            Batch batch = open.get(0);
            boolean uploads = messages.subList(0, batch.seqs().length).stream()
                    .anyMatch(message -> message.attachmentPath() != null);
            if (batch.inFlight() || batch.attempts() >= maxAttempts || uploads) {
                return new Start(open, messages, false);
            }
            if (!DeliveryLedger.renew(connection, task.id(), owner, lease)) {
                throw new LeaseLostException(task);
            }
            markInFlight(connection, task, batch);
            return new Start(open, messages, true);
        });
    }

    /** The seqs of several batches, in order. */
    public static long[] seqsOf(List<Batch> batches) {
        return batches.stream().flatMapToLong(batch -> java.util.Arrays.stream(batch.seqs())).toArray();
    }

    /** Cuts the conversation's eligible messages into batches, unless that was done already. */
    private static void plan(Connection connection, Task task, int size) throws SQLException {
        plan(connection, task.runId(), task.jobId(), List.of(task.ref()), task.addMissingSenders(), size);
    }

    /**
     * Cuts the eligible messages of each of these conversations into batches of {@code size} in timestamp order,
     * except for conversations planned already. One statement per conversation (in one JDBC batch), each naming its
     * conversation: a statement over an array of conversations was planned while the run's ledger was still empty and
     * kept scanning every batch of the run.
     */
    public static void plan(Connection connection, long runId, long jobId, List<String> conversationIds,
                     boolean addMissingSenders, int size) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO delivery_batch (run_id, conversation_id, batch_no, seqs, msg_count)
                SELECT ?, ?, b, array_agg(seq ORDER BY ts, seq), count(*) FROM (
                    SELECT m.seq, m.ts, (row_number() OVER (ORDER BY m.ts, m.seq) - 1) / ? AS b
                    FROM staged_message m
                    WHERE m.job_id = ? AND m.conversation_id = ? AND %s
                      AND NOT EXISTS (SELECT 1 FROM delivery_batch d WHERE d.run_id = ? AND d.conversation_id = ?
                                      AND d.batch_no >= 0)
                      AND NOT EXISTS (SELECT 1 FROM delivery_batch p WHERE p.run_id = ? AND p.conversation_id = ?
                                      AND p.batch_no < 0 AND m.seq = ANY (p.seqs))
                    ) numbered
                GROUP BY b
                ON CONFLICT (run_id, conversation_id, batch_no) DO NOTHING
                """.formatted(DeliveryLedger.ELIGIBLE_MESSAGE))) {
            for (String conversationId : conversationIds) {
                statement.setLong(1, runId);
                statement.setString(2, conversationId);
                statement.setInt(3, size);
                statement.setLong(4, jobId);
                statement.setString(5, conversationId);
                statement.setBoolean(6, addMissingSenders);
                statement.setLong(7, runId);
                statement.setString(8, conversationId);
                statement.setLong(9, runId);
                statement.setString(10, conversationId);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static List<Batch> open(Connection connection, Task task) throws SQLException {
        return open(connection, task.runId(), List.of(task.ref())).getOrDefault(task.ref(), List.of());
    }

    /**
     * The PENDING and IN_FLIGHT batches of each of these conversations that has any, in order: one query per
     * conversation, by primary key (see {@link #plan}).
     */
    public static Map<String, List<Batch>> open(Connection connection, long runId, List<String> conversationIds)
            throws SQLException {
        Map<String, List<Batch>> open = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT batch_no, seqs, state, attempts FROM delivery_batch
                WHERE run_id = ? AND conversation_id = ? AND state IN %s
                ORDER BY batch_no
                """.formatted(BatchState.sql(BatchState.OPEN)))) {
            for (String conversationId : conversationIds) {
                statement.setLong(1, runId);
                statement.setString(2, conversationId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        open.computeIfAbsent(conversationId, id -> new ArrayList<>()).add(new Batch(rows.getInt(1),
                                toLongs(rows.getArray(2)), BatchState.valueOf(rows.getString(3)), rows.getInt(4)));
                    }
                }
            }
        }
        return open;
    }

    private static void markInFlight(Connection connection, Task task, Batch batch) throws SQLException {
        putInFlight(connection, List.of(new Member(task, batch)));
    }

    /** A conversation task with one of its batches: the unit of the exactly-once protocol's writes. */
    public record Member(Task task, Batch batch) {
    }

    /**
     * Puts these batches IN_FLIGHT (an attempt more each), one statement per batch by primary key in one JDBC batch.
     * The caller has just renewed, in the same transaction, the lease that fences the import calls that follow.
     */
    public static void putInFlight(Connection connection, List<Member> members) throws SQLException {
        eachBatch(connection, members, """
                UPDATE delivery_batch SET state = 'IN_FLIGHT', attempts = attempts + 1, updated_at = now()
                WHERE run_id = ? AND conversation_id = ? AND batch_no = ? AND %s
                """.formatted(BatchState.guard(BatchState.IN_FLIGHT)));
    }

    /**
     * Sets batches put IN_FLIGHT but never sent back to PENDING (the attempt undone), only where the task's lease is
     * still {@code owner}'s: a lease holder that lost it does not know what its successor did.
     */
    public static void setBackUnsent(Connection connection, List<Member> members, String owner) throws SQLException {
        for (Member member : members) {
            Sql.update(connection, """
                    UPDATE delivery_batch b SET state = 'PENDING', attempts = b.attempts - 1, updated_at = now()
                    FROM delivery_task t
                    WHERE t.id = ? AND t.lease_owner = ? AND b.run_id = t.run_id AND b.conversation_id = t.ref
                      AND b.batch_no = ? AND b.state = 'IN_FLIGHT'
                    """, member.task().id(), owner, member.batch().number());
        }
    }

    /**
     * Fails a batch TalkJS refused (or that could not be built or answered) and lists each of its messages among the
     * run's failed items with the reason, in the caller's transaction. A batch that may no longer fail (another
     * worker recorded it DELIVERED meanwhile) is left alone, and so are its messages.
     */
    public static void markFailed(Connection connection, Task task, Batch batch, List<String> itemIds, String reason)
            throws SQLException {
        String error = DeliveryLedger.truncate(reason);
        int failed = Sql.update(connection, """
                UPDATE delivery_batch SET state = 'FAILED', error = ?, updated_at = now()
                WHERE run_id = ? AND conversation_id = ? AND batch_no = ? AND %s
                """.formatted(BatchState.guard(BatchState.FAILED)), error, task.runId(), task.ref(), batch.number());
        if (failed == 0) {
            return;
        }
        Sql.update(connection, """
                INSERT INTO delivery_failure (run_id, kind, item_id, reason)
                SELECT ?, 'messages', unnest(?::text[]), ?
                """, task.runId(), connection.createArrayOf("text", itemIds.toArray()), error);
    }

    /**
     * Ends these conversation tasks, where {@code owner} still holds them, as DONE with their delivered (or present)
     * and failed message counts summed from their batches; one statement per task by primary key.
     */
    public static void finish(Connection connection, List<Long> taskIds, String owner) throws SQLException {
        Sql.updateEach(connection, """
                UPDATE delivery_task t SET state = 'DONE', error = NULL, lease_owner = NULL, lease_until = NULL,
                    updated_at = now(),
                    (items_done, items_failed) = (
                        SELECT coalesce(sum(b.msg_count) FILTER (WHERE b.state IN %s), 0),
                               coalesce(sum(b.msg_count) FILTER (WHERE b.state = 'FAILED'), 0)
                        FROM delivery_batch b WHERE b.run_id = t.run_id AND b.conversation_id = t.ref)
                WHERE t.id = ? AND t.lease_owner = ? AND %s
                """.formatted(BatchState.sql(BatchState.IN_TALKJS), TaskState.guard("t.state", TaskState.DONE)),
                taskIds, owner);
    }

    /**
     * Records messages of a conversation found in TalkJS when the run was planned, as its PRESENT batch (numbered -1,
     * never sent), unless the run's ledger has batches of the conversation already.
     */
    public static void recordPresent(Connection connection, long runId, String conversationId, long[] seqs)
            throws SQLException {
        Sql.update(connection, """
                INSERT INTO delivery_batch (run_id, conversation_id, batch_no, seqs, msg_count, state)
                SELECT ?, ?, -1, ?, ?, 'PRESENT'
                WHERE NOT EXISTS (SELECT 1 FROM delivery_batch b WHERE b.run_id = ? AND b.conversation_id = ?)
                """, runId, conversationId, connection.createArrayOf("bigint", box(seqs)), seqs.length, runId,
                conversationId);
    }

    /** Runs {@code sql} (parameters: run, conversation, batch number) for each member, as one JDBC batch. */
    private static void eachBatch(Connection connection, List<Member> members, String sql) throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Member member : members) {
                statement.setLong(1, member.task().runId());
                statement.setString(2, member.task().ref());
                statement.setInt(3, member.batch().number());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * Records {@code previous} (may be null) as delivered, then marks {@code batch} IN_FLIGHT fenced by our lease, in
     * one transaction. False means the lease or the run is gone and nothing may be sent; {@code previous} is recorded
     * all the same, since TalkJS has it.
     */
    public boolean markInFlight(Task task, Taken previous, Batch batch, String owner, Duration lease) {
        return Sql.inTransaction(dataSource, connection -> {
            markDelivered(connection, task, previous);
            if (!DeliveryLedger.renew(connection, task.id(), owner, lease)) {
                return false;
            }
            markInFlight(connection, task, batch);
            return true;
        });
    }

    /** Records a delivered batch on its own (when nothing follows it in this transaction). */
    public void markDelivered(Task task, Taken delivered) {
        if (delivered != null) {
            Sql.inTransaction(dataSource, connection -> markDelivered(connection, task, delivered));
        }
    }

    /** Marks one batch DELIVERED and records its messages in the app's record, in the caller's transaction. */
    public static void markDelivered(Connection connection, Task task, int batchNo, int reconciled)
            throws SQLException {
        AppRecord.markDelivered(connection, task, batchNo, reconciled);
    }

    private static Void markDelivered(Connection connection, Task task, Taken delivered) throws SQLException {
        if (delivered != null) {
            AppRecord.markDelivered(connection, task, delivered.batch().number(), delivered.reconciled());
        }
        return null;
    }

    /**
     * Records {@code last} (may be null) as delivered and ends the conversation task as DONE with its delivered and
     * failed message counts, in one transaction.
     */
    public void finish(Task task, Taken last, String owner) {
        Sql.inTransaction(dataSource, connection -> {
            markDelivered(connection, task, last);
            finish(connection, List.of(task.id()), owner);
            return null;
        });
    }

    /**
     * Takes these messages out of the batch, before it is sent, into a FAILED batch of their own (numbered after the
     * conversation's last), each with its reason as a failure, in one transaction: the batch then imports, counts and
     * verifies only the rest, and "retry failed items" puts the split-off messages back in the queue.
     */
    public void splitOff(Task task, Batch batch, Map<StagedMessage, String> failed) {
        Long[] seqs = failed.keySet().stream().map(StagedMessage::seq).toArray(Long[]::new);
        String reason = DeliveryLedger.truncate(failed.values().iterator().next());
        Sql.inTransaction(dataSource, connection -> {
            Array split = connection.createArrayOf("bigint", seqs);
            Sql.update(connection, """
                    UPDATE delivery_batch SET seqs = ARRAY(SELECT s FROM unnest(seqs) WITH ORDINALITY AS x (s, n)
                                                           WHERE s <> ALL (?) ORDER BY n),
                        msg_count = msg_count - ?, updated_at = now()
                    WHERE run_id = ? AND conversation_id = ? AND batch_no = ?
                    """, split, seqs.length, task.runId(), task.ref(), batch.number());
            Sql.update(connection, """
                    INSERT INTO delivery_batch (run_id, conversation_id, batch_no, seqs, msg_count, state, error)
                    SELECT ?, ?, max(batch_no) + 1, ?, ?, 'FAILED', ? FROM delivery_batch
                    WHERE run_id = ? AND conversation_id = ?
                    """, task.runId(), task.ref(), split, seqs.length, reason, task.runId(), task.ref());
            for (Map.Entry<StagedMessage, String> entry : failed.entrySet()) {
                Sql.update(connection, "INSERT INTO delivery_failure (run_id, kind, item_id, reason) "
                        + "VALUES (?, 'messages', ?, ?)", task.runId(), entry.getKey().itemId(),
                        DeliveryLedger.truncate(entry.getValue()));
            }
            return null;
        });
    }

    /** {@link #markFailed(Connection, Task, Batch, List, String)} in a transaction of its own. */
    public void markFailed(Task task, Batch batch, List<String> itemIds, String reason) {
        Sql.inTransaction(dataSource, connection -> {
            markFailed(connection, task, batch, itemIds, reason);
            return null;
        });
    }

    /**
     * The staged messages with these seqs, in the given order; readBy keeps valid users other than the sender, in
     * their order, and in a message waiting for placeholder users also the missing users validation kept (placeholder
     * participants). Each readBy entry is looked up by index ({@code LIMIT 1} in a lateral join): left to itself the
     * planner hashed all the job's users once per message, 12 ms a message with 10,000 users.
     */
    public List<StagedMessage> messages(long jobId, long[] seqs) {
        return Sql.inTransaction(dataSource, connection -> messages(connection, jobId, seqs));
    }

    private static List<StagedMessage> messages(Connection connection, long jobId, long[] seqs) throws SQLException {
        Map<Long, StagedMessage> bySeq = messagesBySeq(connection, jobId, seqs);
        List<StagedMessage> ordered = new ArrayList<>(seqs.length);
        for (long seq : seqs) {
            ordered.add(bySeq.get(seq));
        }
        return ordered;
    }

    /** The staged messages of the job with these seqs (seqs are unique per job), by seq. */
    public static Map<Long, StagedMessage> messagesBySeq(Connection connection, long jobId, long[] seqs) throws SQLException {
        Map<Long, StagedMessage> bySeq = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT m.seq, m.line, m.source_id, m.sender, m.ts, m.text,
                       (SELECT coalesce(jsonb_agg(r.value ORDER BY r.n), '[]'::jsonb)
                          FROM jsonb_array_elements_text(m.read_by) WITH ORDINALITY AS r (value, n)
                          LEFT JOIN LATERAL (SELECT u.valid FROM staged_user u WHERE u.job_id = m.job_id
                                               AND u.user_id = r.value ORDER BY u.valid DESC LIMIT 1) known ON true
                         WHERE r.value <> m.sender
                           AND (known.valid OR (known.valid IS NULL AND m.needs_placeholders)))::text,
                       m.custom::text, m.attachment_path, m.attachment_token
                FROM staged_message m WHERE m.job_id = ? AND m.seq = ANY (?)
                """)) {
            statement.setLong(1, jobId);
            statement.setArray(2, connection.createArrayOf("bigint", box(seqs)));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    bySeq.put(rows.getLong(1), new StagedMessage(rows.getLong(1), rows.getInt(2), rows.getString(3),
                            rows.getString(4), rows.getLong(5), rows.getString(6), rows.getString(7),
                            rows.getString(8), rows.getString(9), rows.getString(10)));
                }
            }
        }
        return bySeq;
    }

    /** Match keys of every message of the conversation this run has recorded as delivered. */
    public List<String> deliveredKeys(Task task) {
        return Sql.inTransaction(dataSource, connection -> {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT m.sender, m.ts, m.text FROM delivery_batch b
                    JOIN staged_message m ON m.job_id = ? AND m.conversation_id = b.conversation_id AND m.seq = ANY (b.seqs)
                    WHERE b.run_id = ? AND b.conversation_id = ? AND b.state IN %s
                    """.formatted(BatchState.sql(BatchState.IN_TALKJS)), task.jobId(), task.runId(), task.ref());
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(MessageKey.of(rows.getString(1), rows.getLong(2), rows.getString(3)));
                }
            }
            return keys;
        });
    }

    /** Delivered messages of the conversation with the attachment each should carry. */
    public record Delivered(String key, Long attachmentSize, boolean attachmentExpected) {
    }

    /**
     * Every delivered message of the conversation with its expected attachment: the staged file's size, or
     * "some attachment" for a token passed through from the bundle.
     */
    public List<Delivered> delivered(Task task) {
        return Sql.inTransaction(dataSource, connection -> {
            List<Delivered> delivered = new ArrayList<>();
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT m.sender, m.ts, m.text, a.size, m.attachment_path IS NOT NULL OR m.attachment_token IS NOT NULL
                    FROM delivery_batch b
                    JOIN staged_message m ON m.job_id = ? AND m.conversation_id = b.conversation_id AND m.seq = ANY (b.seqs)
                    LEFT JOIN staged_attachment a ON a.job_id = m.job_id AND a.path = m.attachment_path
                    WHERE b.run_id = ? AND b.conversation_id = ? AND b.state IN %s
                    """.formatted(BatchState.sql(BatchState.IN_TALKJS)), task.jobId(), task.runId(), task.ref());
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long size = rows.getLong(4);
                    delivered.add(new Delivered(MessageKey.of(rows.getString(1), rows.getLong(2), rows.getString(3)),
                            rows.wasNull() ? null : size, rows.getBoolean(5)));
                }
            }
            return delivered;
        });
    }

    private static long[] toLongs(Array array) throws SQLException {
        Long[] boxed = (Long[]) array.getArray();
        long[] values = new long[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            values[i] = boxed[i];
        }
        return values;
    }

    private static Long[] box(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

}
