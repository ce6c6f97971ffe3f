package io.talkport.delivery.ledger;

import io.talkport.job.Run;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The delivery ledger's tasks: planning, leased claiming ({@code FOR UPDATE SKIP LOCKED}, so any number of
 * instances share the work and a dead instance's work is taken over when its lease runs out), completion and
 * failures. Every state change is committed before or after the TalkJS call it records, never guessed.
 */
@ApplicationScoped
public class DeliveryLedger {

    /** Users per batch call: TalkJS accepts at most 100. */
    public static final int USERS_PER_BATCH = 100;

    /**
     * Messages that take part in a run: the valid ones and, when the run adds missing senders as participants, those
     * whose only error is that their sender is not a participant. Messages that wait only for placeholder users count
     * too: they belong to conversations that take part only when the run creates placeholders
     * ({@link #ELIGIBLE_CONVERSATION}), and every use of this names such conversations.
     */
    public static final String ELIGIBLE_MESSAGE = "(m.valid OR m.needs_placeholders OR (? AND m.sender_not_participant))";

    /**
     * Conversations that take part in a run: the valid ones and, when the run creates placeholder users, those whose
     * only error is participants missing from users (V18).
     */
    public static final String ELIGIBLE_CONVERSATION = "(c.valid OR (? AND c.needs_placeholders))";

    /**
     * Users missing from the job's users whom placeholder users stand in for: the missing participants of the
     * conversations that miss nothing else (parameter: job). Readers missing from users are among them when they are
     * such participants; other missing readers are left out of readBy, as readers who are not participants are.
     */
    public static final String PLACEHOLDERS = """
            SELECT DISTINCT p.user_id FROM staged_participant p
            JOIN staged_conversation c ON c.job_id = p.job_id AND c.conversation_id = p.conversation_id
                 AND c.line = p.line AND c.needs_placeholders
            WHERE p.job_id = ? AND NOT EXISTS (SELECT 1 FROM staged_user u WHERE u.job_id = p.job_id
                                               AND u.user_id = p.user_id)""";

    /** The ref of a user batch task of placeholder users starts with this (then the batch number). */
    public static final String PLACEHOLDER_BATCH = "p";

    private final DataSource dataSource;

    public DeliveryLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the run's user-batch and conversation tasks; idempotent, so a resumed run keeps its ledger. */
    public void plan(Run run) {
        Sql.inTransaction(dataSource, connection -> {
            Sql.update(connection, """
                    INSERT INTO delivery_task (run_id, kind, ref, items_total)
                    SELECT ?, 'USER_BATCH', b::text, count(*) FROM (
                        SELECT (row_number() OVER (ORDER BY user_id) - 1) / ? AS b
                        FROM staged_user WHERE job_id = ? AND valid) numbered
                    GROUP BY b
                    ON CONFLICT (run_id, kind, ref) DO NOTHING
                    """, run.id, USERS_PER_BATCH, run.jobId);
            if (run.addPlaceholderUsers) {
                Sql.update(connection, """
                        INSERT INTO delivery_task (run_id, kind, ref, items_total)
                        SELECT ?, 'USER_BATCH', ? || b, count(*) FROM (
                            SELECT (row_number() OVER (ORDER BY user_id) - 1) / ? AS b FROM (%s) placeholders) numbered
                        GROUP BY b
                        ON CONFLICT (run_id, kind, ref) DO NOTHING
                        """.formatted(PLACEHOLDERS), run.id, PLACEHOLDER_BATCH, USERS_PER_BATCH, run.jobId);
            }
            Sql.update(connection, """
                    INSERT INTO delivery_task (run_id, kind, ref, items_total)
                    SELECT ?, 'CONVERSATION', c.conversation_id, coalesce(counts.n, 0)
                    FROM staged_conversation c
                    LEFT JOIN (SELECT m.conversation_id, count(*) AS n FROM staged_message m
                               WHERE m.job_id = ? AND %s GROUP BY m.conversation_id) counts
                           ON counts.conversation_id = c.conversation_id
                    WHERE c.job_id = ? AND %s
                    ON CONFLICT (run_id, kind, ref) DO NOTHING
                    """.formatted(ELIGIBLE_MESSAGE, ELIGIBLE_CONVERSATION), run.id, run.jobId, run.addMissingSenders,
                    run.jobId, run.addPlaceholderUsers);
            return null;
        });
    }

    /**
     * Starts a SUCCEEDED run over: queues it again (a new pass: its start and end times go, so its duration and rate
     * are its own) and clears its ledger (tasks, batches, files, failures, plan), in one transaction that first checks the run is still SUCCEEDED. Nothing is lost: every delivered message is in the
     * app's record, and the new plan (against what TalkJS holds now) sends only what is missing there.
     *
     * @param addMissingSenders   the run's new setting, or null to keep it
     * @param addPlaceholderUsers the run's new setting, or null to keep it
     * @return false when the run is no longer SUCCEEDED (someone else started it over first)
     */
    public boolean startOver(long runId, Boolean addMissingSenders, Boolean addPlaceholderUsers) {
        return Sql.inTransaction(dataSource, connection -> {
            int queued = Sql.update(connection, """
                    UPDATE run SET status = 'QUEUED', phase = 'USERS', error = NULL, verified = NULL,
                        verification = NULL, started_at = NULL, finished_at = NULL, updated_at = now(),
                        add_missing_senders = coalesce(?, add_missing_senders),
                        add_placeholder_users = coalesce(?, add_placeholder_users)
                    WHERE id = ? AND status = 'SUCCEEDED'
                    """, addMissingSenders, addPlaceholderUsers, runId);
            if (queued == 0) {
                return false;
            }
            for (String table : List.of("delivery_task", "delivery_batch", "delivery_attachment", "delivery_failure",
                    "delivery_plan", "run_plan")) {
                Sql.update(connection, "DELETE FROM " + table + " WHERE run_id = ?", runId);
            }
            return true;
        });
    }

    /**
     * A conversation of the run whose content the ledger vouches for, so that verification need not read it back
     * (parameter: the run's id, as {@code t.run_id}): every batch the run sent was taken by TalkJS on its one and only
     * import call (answered 2xx, never retried, nothing reconciled), nothing failed, and its plan found nothing there
     * that Talkport did not send and nothing it had to read back. The import endpoint stores a call's messages
     * all-or-nothing and answers one id per message (talkjs-api.md section 5.3), so such a conversation holds each
     * message once. A retry, a reconciliation, another tool's messages or staged reactions (which need TalkJS's message
     * ids) make it a read-back.
     */
    public static final String VOUCHED_CONVERSATION = """
            (t.state = 'DONE' AND t.items_failed = 0
             AND NOT EXISTS (SELECT 1 FROM delivery_batch b WHERE b.run_id = t.run_id AND b.conversation_id = t.ref
                             AND NOT (b.state = 'PRESENT'
                                      OR (b.state = 'DELIVERED' AND b.attempts = 1 AND b.reconciled = 0)))
             AND NOT EXISTS (SELECT 1 FROM delivery_plan p WHERE p.run_id = t.run_id AND p.conversation_id = t.ref
                             AND (p.read_back OR p.foreign_messages > 0))
             AND NOT EXISTS (SELECT 1 FROM run r JOIN staged_reaction sr ON sr.job_id = r.job_id
                             WHERE r.id = t.run_id AND sr.conversation_id = t.ref AND sr.valid))""";

    /**
     * Creates the run's checks once pushing has ended: a user batch's check and a conversation's check, each DONE and
     * {@code vouched} at once where the ledger vouches for it, else PENDING for a worker to read back. A user batch
     * is vouched by TalkJS's 2xx answer to its batch PUT (all-or-nothing, an upsert that cannot duplicate) and a
     * conversation by {@link #VOUCHED_CONVERSATION}; {@code readBackAll} reads every one back all the same.
     */
    /** A check's state, items done and vouched flag, from the lateral {@code v.vouched}: DONE at once or PENDING. */
    private static final String VOUCHED_CHECK = """
            CASE WHEN v.vouched THEN 'DONE' ELSE 'PENDING' END, CASE WHEN v.vouched THEN t.items_done ELSE 0 END,
            v.vouched""";

    public void planVerification(long runId, boolean readBackAll) {
        Sql.inTransaction(dataSource, connection -> {
            Sql.update(connection, """
                    INSERT INTO delivery_task (run_id, kind, ref, items_total, state, items_done, vouched)
                    SELECT t.run_id, 'VERIFY_USERS', t.ref, t.items_done, %s
                    FROM delivery_task t CROSS JOIN LATERAL (SELECT NOT ? AND t.state = 'DONE' AS vouched) v
                    WHERE t.run_id = ? AND t.kind = 'USER_BATCH'
                    ON CONFLICT (run_id, kind, ref) DO NOTHING
                    """.formatted(VOUCHED_CHECK), readBackAll, runId);
            Sql.update(connection, """
                    INSERT INTO delivery_task (run_id, kind, ref, items_total, state, items_done, vouched)
                    SELECT t.run_id, 'VERIFY', t.ref, t.items_done, %s
                    FROM delivery_task t CROSS JOIN LATERAL (SELECT NOT ? AND %s AS vouched) v
                    WHERE t.run_id = ? AND t.kind = 'CONVERSATION' AND t.setup_done
                    ON CONFLICT (run_id, kind, ref) DO NOTHING
                    """.formatted(VOUCHED_CHECK, VOUCHED_CONVERSATION), readBackAll, runId);
            return null;
        });
    }

    /**
     * For the run's vouched conversation checks: the messages there that this job did not send, as the app's record
     * knows them (sent by other Talkport jobs, matched to none of this job's messages by sender, timestamp and text
     * digest), counted per sending job's name. A vouched conversation holds nothing the record cannot explain, so
     * these are all it holds besides this job's messages.
     *
     * @return per conversation id, the count per job name
     */
    public Map<String, Map<String, Integer>> recordedOthersInVouched(long runId) {
        return Sql.inTransaction(dataSource, connection -> {
            Map<String, Map<String, Integer>> others = new java.util.TreeMap<>();
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT t.ref, r.job_name, count(*) FROM delivery_task t
                    JOIN run ON run.id = t.run_id
                    JOIN run_plan p ON p.run_id = t.run_id
                    JOIN app_record_message r ON r.app_id = p.app_id AND r.conversation_id = t.ref
                         AND r.job_id IS DISTINCT FROM run.job_id
                    WHERE t.run_id = ? AND t.kind = 'VERIFY' AND t.vouched
                      AND NOT EXISTS (SELECT 1 FROM staged_message m WHERE m.job_id = run.job_id
                                      AND m.conversation_id = t.ref AND m.sender = r.sender AND m.ts = r.ts
                                      AND md5(coalesce(m.text, '')) = r.text_digest)
                    GROUP BY t.ref, r.job_name
                    """, runId);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    others.computeIfAbsent(rows.getString(1), k -> new java.util.TreeMap<>())
                            .put(rows.getString(2), rows.getInt(3));
                }
            }
            return others;
        });
    }

    /** Writes each check's note (what it found besides the job's messages) on the run's vouched checks. */
    public void noteVouchedChecks(long runId, Map<String, String> notes) {
        Sql.inTransaction(dataSource, connection -> {
            for (Map.Entry<String, String> note : notes.entrySet()) {
                Sql.update(connection, """
                        UPDATE delivery_task SET error = ?, updated_at = now()
                        WHERE run_id = ? AND kind = 'VERIFY' AND ref = ? AND vouched
                        """, truncate(note.getValue()), runId, note.getKey());
            }
            return null;
        });
    }

    /**
     * Takes the next task whose run and phase allow it, under a lease for {@code owner}. The candidates are found
     * per active run and task kind through the partial index {@code delivery_task_claimable}, so a claim costs the
     * same however many tasks other runs (finished, paused or cancelled) have left: scanning every task in id
     * order made a claim take 60-80 ms once 50,000 tasks existed, and the claim the bottleneck of a push. The run is
     * bound by a range ({@code run_id >= r AND run_id <= r}) and the order written as the index's key: with
     * {@code run_id = r} the planner reduces {@code ORDER BY run_id, kind, id} to {@code ORDER BY id}, which the
     * primary key also gives, and it took that path through every pending task of a cancelled run with lower ids
     * (15-19 ms a claim behind 50,000 of them on PostgreSQL 15 and 16; unthrottled push after a cancelled run
     * 2,316 messages/s against 7,410 without one).
     */
    public Optional<Task> claim(String owner, Duration lease) {
        return Sql.inTransaction(dataSource, connection -> {
            try (PreparedStatement statement = Sql.prepare(connection, """
                    UPDATE delivery_task t
                    SET lease_owner = ?, lease_until = now() + make_interval(secs => ?), attempts = t.attempts + 1,
                        updated_at = now()
                    FROM run r
                    WHERE r.id = t.run_id AND t.id = (
                        SELECT c.id FROM run r2
                        CROSS JOIN LATERAL unnest(CASE
                            WHEN r2.status = 'RUNNING' AND r2.phase = 'USERS' THEN ARRAY['USER_BATCH']
                            WHEN r2.status = 'RUNNING' AND r2.phase = 'CONVERSATIONS' THEN ARRAY['CONVERSATION']
                            WHEN r2.status = 'VERIFYING' THEN ARRAY['VERIFY_USERS', 'VERIFY'] END) AS k (kind)
                        CROSS JOIN LATERAL (
                            SELECT t2.id FROM delivery_task t2
                            WHERE t2.run_id >= r2.id AND t2.run_id <= r2.id AND t2.kind = k.kind
                              AND t2.state = 'PENDING'
                              AND (t2.lease_until IS NULL OR t2.lease_until < now())
                              AND (t2.not_before IS NULL OR t2.not_before <= now())
                            ORDER BY t2.run_id, t2.kind, t2.id
                            LIMIT 1
                            FOR UPDATE SKIP LOCKED) c
                        WHERE r2.status IN ('RUNNING', 'VERIFYING')
                        ORDER BY c.id
                        LIMIT 1)
                    RETURNING t.id, t.run_id, r.job_id, r.environment, t.kind, t.ref, t.setup_done, t.attempts,
                              r.add_missing_senders, t.items_total
                    """, owner, (double) lease.toMillis() / 1000);
                 ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Task(rows.getLong(1), rows.getLong(2), rows.getLong(3),
                        TalkJsEnvironment.valueOf(rows.getString(4)), Task.Kind.valueOf(rows.getString(5)),
                        rows.getString(6), rows.getBoolean(7), rows.getInt(8), rows.getBoolean(9),
                        rows.getInt(10), owner));
            }
        });
    }

    /**
     * Extends our lease, but only while we still hold it and the run is still active. This is the fence before every
     * TalkJS call: false means stop at once and send nothing.
     */
    public boolean renew(Task task, String owner, Duration lease) {
        return Sql.inTransaction(dataSource, connection -> renew(connection, task.id(), owner, lease));
    }

    public static boolean renew(Connection connection, long taskId, String owner, Duration lease) throws SQLException {
        return !renew(connection, List.of(taskId), owner, lease).isEmpty();
    }

    /**
     * Extends the leases of those of these tasks that are still ours and whose runs are active; returns their ids. One
     * statement per task in one JDBC batch, so that each finds its row by primary key (with {@code id = ANY (?)} the
     * planner scanned the run's pending tasks instead: 2.2 ms a renewal with 20,000 of them).
     */
    public static Set<Long> renew(Connection connection, Collection<Long> taskIds, String owner, Duration lease)
            throws SQLException {
        List<Long> ids = List.copyOf(taskIds);
        Set<Long> renewed = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE delivery_task t SET lease_until = now() + make_interval(secs => ?), updated_at = now()
                FROM run r
                WHERE t.id = ? AND t.lease_owner = ? AND t.lease_until > now() AND t.state = 'PENDING'
                  AND r.id = t.run_id AND r.status IN ('RUNNING', 'VERIFYING')
                """)) {
            for (long id : ids) {
                statement.setDouble(1, (double) lease.toMillis() / 1000);
                statement.setLong(2, id);
                statement.setString(3, owner);
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    renewed.add(ids.get(i));
                }
            }
        }
        return renewed;
    }

    /** Which conversation tasks a worker leases ahead of the one it claimed, to handle with it. */
    public enum Ahead {
        /** Conversations not created yet, created in the same batch call; not counted as a claim of theirs. */
        TO_CREATE,
        /** Small conversations nobody has claimed yet, delivered as one group; counted as their claim. */
        FRESH_SMALL,
        /** Conversation checks, read back together in one batch call; counted as their claim. */
        TO_VERIFY
    }

    /** {@link #leaseAhead(Connection, Task, Duration, Ahead, int, int)} in a transaction of its own. */
    public List<Task> leaseAhead(Task claimed, Duration lease, Ahead which, int limit) {
        return Sql.inTransaction(dataSource, connection -> leaseAhead(connection, claimed, lease, which, limit, 0));
    }

    /** Gives these tasks back unfinished where their lease is still theirs, in one transaction. */
    public void giveBack(List<Task> tasks) {
        Sql.inTransaction(dataSource, connection -> {
            for (Task task : tasks) {
                giveBack(connection, List.of(task.id()), task.lease());
            }
            return null;
        });
    }

    /** Pending tasks after the claimed one among which {@link #leaseAhead} chooses. */
    public static final int AHEAD_WINDOW = 100;

    /**
     * Leases up to {@code limit} conversation tasks of the claimed task's run that nobody holds, among the next
     * {@link #AHEAD_WINDOW} pending ones after it, under the claimed task's lease ({@code FOR UPDATE SKIP LOCKED}, so
     * two workers never lease the same task). The lease keeps other workers and instances away meanwhile; the caller
     * ends it, or gives the tasks back.
     *
     * @param maxItems for {@link Ahead#FRESH_SMALL}: the most messages a conversation may have
     * @return the leased tasks, by id
     */
    public static List<Task> leaseAhead(Connection connection, Task claimed, Duration lease, Ahead which, int limit,
                                        int maxItems) throws SQLException {
        String filter = switch (which) {
            case TO_CREATE -> "NOT c.setup_done";
            case FRESH_SMALL -> "c.attempts = 0 AND c.items_total <= " + maxItems;
            case TO_VERIFY -> "TRUE";
        };
        Task.Kind kind = which == Ahead.TO_VERIFY ? Task.Kind.VERIFY : Task.Kind.CONVERSATION;
        List<Task> leased = new java.util.ArrayList<>();
        try (PreparedStatement statement = Sql.prepare(connection, """
                UPDATE delivery_task t SET lease_owner = ?, lease_until = now() + make_interval(secs => ?),
                    attempts = t.attempts + ?, updated_at = now()
                WHERE t.id IN (
                    SELECT c.id FROM delivery_task c
                    WHERE c.id IN (SELECT w.id FROM delivery_task w
                                   WHERE w.run_id = ? AND w.kind = ? AND w.state = 'PENDING' AND w.id > ?
                                   ORDER BY w.run_id, w.kind, w.id LIMIT ?)
                      AND c.state = 'PENDING' AND %s
                      AND (c.lease_until IS NULL OR c.lease_until < now())
                      AND (c.not_before IS NULL OR c.not_before <= now())
                    ORDER BY c.id
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED)
                RETURNING t.id, t.ref, t.setup_done, t.attempts, t.items_total
                """.formatted(filter), claimed.lease(), (double) lease.toMillis() / 1000,
                which == Ahead.TO_CREATE ? 0 : 1, claimed.runId(), kind.name(), claimed.id(), AHEAD_WINDOW, limit);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                leased.add(new Task(rows.getLong(1), claimed.runId(), claimed.jobId(), claimed.environment(),
                        kind, rows.getString(2), rows.getBoolean(3), rows.getInt(4),
                        claimed.addMissingSenders(), rows.getInt(5), claimed.lease()));
            }
        }
        leased.sort((a, b) -> Long.compare(a.id(), b.id()));
        return leased;
    }

    /**
     * Whether {@code task}'s lease is still its holder's with at least {@code spare} left, and its run still active:
     * the check (a read, no write) before each later call of a batch of calls fenced by one renewal.
     */
    public static boolean holds(Connection connection, Task task, Duration spare) throws SQLException {
        try (PreparedStatement statement = Sql.prepare(connection, """
                SELECT 1 FROM delivery_task t JOIN run r ON r.id = t.run_id
                WHERE t.id = ? AND t.lease_owner = ? AND t.lease_until > now() + make_interval(secs => ?)
                  AND t.state = 'PENDING' AND r.status IN ('RUNNING', 'VERIFYING')
                """, task.id(), task.lease(), (double) spare.toMillis() / 1000);
             ResultSet rows = statement.executeQuery()) {
            return rows.next();
        }
    }

    /** Marks these tasks' conversations as created in TalkJS, where the tasks are still ours (by primary key). */
    public static void markCreated(Connection connection, List<Long> taskIds, String owner) throws SQLException {
        Sql.updateEach(connection, """
                UPDATE delivery_task SET setup_done = TRUE, updated_at = now() WHERE id = ? AND lease_owner = ?
                """, taskIds, owner);
        AppRecord.recordConversations(connection, taskIds, owner);
    }

    /** Ends our leases of these tasks, unfinished and at once available to any worker (by primary key). */
    public static void giveBack(Connection connection, List<Long> taskIds, String owner) throws SQLException {
        Sql.updateEach(connection, """
                UPDATE delivery_task SET lease_owner = NULL, lease_until = NULL, updated_at = now()
                WHERE id = ? AND lease_owner = ?
                """, taskIds, owner);
    }

    /**
     * Gives back every task of the run still held under {@code lease} (a conversation group's members share their
     * leader's), as they are: called by a worker that found its run paused or cancelled, once its TalkJS call has
     * returned. Without it those tasks stayed leased until the lease ran out, so a run resumed at once sat for up to a
     * lease (60 s) with nothing sent and no reason shown. A batch left IN_FLIGHT is reconciled by its next claimer as
     * after a crash. Leases another worker took over are not touched.
     */
    public void giveBack(long runId, String lease) {
        Sql.inTransaction(dataSource, connection -> Sql.update(connection, """
                UPDATE delivery_task SET lease_owner = NULL, lease_until = NULL, updated_at = now()
                WHERE run_id = ? AND lease_owner = ? AND state = 'PENDING'
                """, runId, lease));
    }

    /** Gives the task back unfinished; nobody takes it before {@code notBefore}. */
    public void release(Task task, String owner, Instant notBefore, String error) {
        Sql.inTransaction(dataSource, connection -> Sql.update(connection, """
                UPDATE delivery_task SET lease_owner = NULL, lease_until = NULL, not_before = ?, error = ?,
                    updated_at = now()
                WHERE id = ? AND lease_owner = ?
                """, notBefore, error, task.id(), owner));
    }

    /**
     * Gives the task back unfinished where {@code owner} still holds it, in the caller's transaction; nobody takes it
     * for {@code backoff} (the database's clock), and {@code error} (may be null) says why it waits.
     */
    public static void release(Connection connection, Task task, String owner, Duration backoff, String error)
            throws SQLException {
        Sql.update(connection, """
                UPDATE delivery_task SET lease_owner = NULL, lease_until = NULL,
                    not_before = now() + make_interval(secs => ?), error = ?, updated_at = now()
                WHERE id = ? AND lease_owner = ?
                """, (double) backoff.toMillis() / 1000, error, task.id(), owner);
    }

    /** Ends the task as DONE or FAILED with its item counts. */
    public void finish(Task task, String owner, boolean failed, int done, int failedItems, String error) {
        TaskState end = failed ? TaskState.FAILED : TaskState.DONE;
        Sql.inTransaction(dataSource, connection -> Sql.update(connection, """
                UPDATE delivery_task SET state = ?, items_done = ?, items_failed = ?, error = ?, lease_owner = NULL,
                    lease_until = NULL, updated_at = now()
                WHERE id = ? AND lease_owner = ? AND %s
                """.formatted(TaskState.guard(end)), end.name(), done, failedItems, error, task.id(), owner));
    }

    /**
     * Ends a task that failed for good ({@link FailureClass#ITEM}) with the reason, in one transaction: a user batch's
     * users, or the conversation, are listed among the run's failed items; the conversation's batches not sent yet fail
     * with it (an IN_FLIGHT one stays, to be reconciled if the item is retried); a failed check counts as a
     * verification problem. False when the lease was gone (then another worker or the end of the run owns the task).
     */
    public boolean failTask(Task task, String reason) {
        return Sql.inTransaction(dataSource, connection -> failTask(connection, task, reason));
    }

    /** {@link #failTask(Task, String)} in the caller's transaction. */
    public static boolean failTask(Connection connection, Task task, String reason) throws SQLException {
        String error = truncate(reason);
        int ended = Sql.update(connection, """
                UPDATE delivery_task SET state = 'FAILED', error = ?, lease_owner = NULL, lease_until = NULL,
                    items_failed = CASE WHEN kind = 'USER_BATCH' THEN items_total ELSE items_failed END,
                    items_done = CASE WHEN kind = 'USER_BATCH' THEN 0 ELSE items_done END, updated_at = now()
                WHERE id = ? AND lease_owner = ? AND %s
                """.formatted(TaskState.guard(TaskState.FAILED)), error, task.id(), task.lease());
        if (ended == 0) {
            return false;
        }
        switch (task.kind()) {
            case USER_BATCH -> {
                Object[] query = batchUsers(task.jobId(), task.ref());
                Sql.update(connection, "INSERT INTO delivery_failure (run_id, kind, item_id, reason) "
                        + "SELECT ?, 'users', user_id, ? FROM (" + query[0] + ") batch", task.runId(), error,
                        query[1], query[2], query[3]);
            }
            case CONVERSATION -> {
                Sql.update(connection, """
                        UPDATE delivery_batch SET state = 'FAILED', error = ?, updated_at = now()
                        WHERE run_id = ? AND conversation_id = ? AND state = 'PENDING'
                        """, error, task.runId(), task.ref());
                Sql.update(connection, "INSERT INTO delivery_failure (run_id, kind, item_id, reason) "
                        + "VALUES (?, 'conversations', ?, ?)", task.runId(), task.ref(), error);
            }
            default -> {
                // VERIFY, VERIFY_USERS: the FAILED check is the verification's finding (outcome()).
            }
        }
        return true;
    }

    /**
     * Ends a conversation task whose conversation TalkJS refused to create, where the task is still ours: FAILED with
     * no items done, the conversation listed among the run's failed items with TalkJS's reason (only then). Batches planned for it
     * stay as they are (nothing of them was sent); retrying failed items takes the task up again.
     */
    public void refuseConversation(Task task, String reason) {
        Sql.inTransaction(dataSource, connection -> {
            refuseConversation(connection, task, reason);
            return null;
        });
    }

    /** {@link #refuseConversation(Task, String)} in the caller's transaction. */
    public static void refuseConversation(Connection connection, Task task, String reason) throws SQLException {
        String error = truncate(reason);
        int ended = Sql.update(connection, """
                UPDATE delivery_task SET state = 'FAILED', items_done = 0, items_failed = 0, error = ?,
                    lease_owner = NULL, lease_until = NULL, updated_at = now()
                WHERE id = ? AND lease_owner = ? AND %s
                """.formatted(TaskState.guard(TaskState.FAILED)), error, task.id(), task.lease());
        if (ended > 0) { // a lease lost meanwhile: its new holder decides and records
            Sql.update(connection, "INSERT INTO delivery_failure (run_id, kind, item_id, reason) VALUES (?, ?, ?, ?)",
                    task.runId(), "conversations", task.ref(), error);
        }
    }

    /** Ends a user batch's task as DONE and records the users TalkJS took in the app's record, in one transaction. */
    public void finishUsers(Task task, List<String> delivered, int failedItems) {
        Sql.inTransaction(dataSource, connection -> {
            int ended = Sql.update(connection, """
                    UPDATE delivery_task SET state = 'DONE', items_done = ?, items_failed = ?, error = NULL,
                        lease_owner = NULL, lease_until = NULL, updated_at = now()
                    WHERE id = ? AND lease_owner = ? AND %s
                    """.formatted(TaskState.guard(TaskState.DONE)), delivered.size(), failedItems, task.id(), task.lease());
            if (ended > 0) {
                AppRecord.recordUsers(connection, task.runId(), task.jobId(), delivered);
            }
            return null;
        });
    }

    /**
     * Messages of the task's conversation that other Talkport jobs delivered to the run's app, by
     * {@link AppRecord#digestKey} and in recording order, each with the sending job's name (the job may be deleted).
     */
    public Map<String, List<String>> recordedByOtherJobs(Task task) {
        return Sql.inTransaction(dataSource, connection -> {
            Map<String, List<String>> senders = new java.util.HashMap<>();
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT m.sender, m.ts, m.text_digest, m.job_name FROM app_record_message m
                    JOIN run_plan p ON p.app_id = m.app_id AND p.run_id = ?
                    WHERE m.conversation_id = ? AND m.job_id <> ?
                    ORDER BY m.recorded_at
                    """, task.runId(), task.ref(), task.jobId());
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    senders.computeIfAbsent(rows.getString(1) + '\u0000' + rows.getLong(2) + '\u0000'
                            + rows.getString(3), k -> new java.util.ArrayList<>()).add(rows.getString(4));
                }
            }
            return senders;
        });
    }

    public void recordFailure(long runId, String kind, String itemId, String reason) {
        Sql.inTransaction(dataSource, connection -> Sql.update(connection,
                "INSERT INTO delivery_failure (run_id, kind, item_id, reason) VALUES (?, ?, ?, ?)",
                runId, kind, itemId, truncate(reason)));
    }

    /** How a run ended: failed items and what verification found. */
    public record Outcome(int failedItems, int verificationProblems, String verificationSummary) {
    }

    /** Sums up failures and verification results of a run whose tasks have all finished. */
    public Outcome outcome(long runId) {
        return Sql.inTransaction(dataSource, connection -> {
            int failed;
            try (PreparedStatement statement = Sql.prepare(connection,
                    "SELECT count(*) FROM delivery_failure WHERE run_id = ?", runId);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                failed = rows.getInt(1);
            }
            int checked = 0;
            int vouched = 0;
            int problems = 0;
            int notes = 0;
            StringBuilder examples = new StringBuilder();
            StringBuilder kept = new StringBuilder();
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT state, error, kind, vouched FROM delivery_task
                    WHERE run_id = ? AND kind IN ('VERIFY', 'VERIFY_USERS')
                    ORDER BY (state = 'FAILED') DESC, id
                    """, runId);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    checked++;
                    vouched += rows.getBoolean(4) ? 1 : 0;
                    if ("FAILED".equals(rows.getString(1))) {
                        problems++;
                        if (problems <= 3) {
                            examples.append(rows.getString(2)).append("; ");
                        }
                    } else if (rows.getString(2) != null) {
                        // A conversation that matched, with messages this job did not send or reactions not re-added.
                        notes++;
                        if (notes <= 3) {
                            kept.append(' ').append(rows.getString(2)).append('.');
                        }
                    }
                }
            }
            String summary = problems == 0
                    ? "Checked " + checked + " user batches and conversations (" + (checked - vouched)
                    + " read back from TalkJS, " + vouched + " vouched for by TalkJS's answers to one clean call "
                    + "each): everything delivered is in TalkJS, nothing twice."
                    : problems + " of " + checked + " checks found differences: " + examples
                    + (problems > 3 ? "…" : "");
            long present = alreadyPresent(connection, runId);
            if (present > 0) {
                summary += " " + present + " messages already present in the app were not sent again.";
            }
            if (notes > 0) {
                summary += " " + notes + " conversations have notes (messages this job did not send, reactions):" + kept
                        + (notes > 3 ? " …" : "");
            }
            return new Outcome(failed, problems, summary);
        });
    }

    private static long alreadyPresent(Connection connection, long runId) throws SQLException {
        try (PreparedStatement statement = Sql.prepare(connection,
                "SELECT coalesce(sum(msg_count), 0) FROM delivery_batch WHERE run_id = ? AND state = 'PRESENT'",
                runId);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Item ids of one kind that failed in this run. */
    public List<String> failedItems(long runId, String kind) {
        return Sql.inTransaction(dataSource, connection -> {
            List<String> ids = new java.util.ArrayList<>();
            try (PreparedStatement statement = Sql.prepare(connection,
                    "SELECT item_id FROM delivery_failure WHERE run_id = ? AND kind = ?", runId, kind);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        });
    }

    /** The users of one batch (parameters: job, offset, limit), ordered by id. */
    private static final String BATCH_USERS = """
            SELECT user_id, payload::text FROM staged_user WHERE job_id = ? AND valid
            ORDER BY user_id OFFSET ? LIMIT ?""";

    /**
     * The placeholder users of one batch (same parameters): named after their id, and marked in custom so that they
     * can be found and completed in TalkJS later.
     */
    private static final String BATCH_PLACEHOLDERS = """
            SELECT user_id, jsonb_build_object('name', user_id,
                                               'custom', jsonb_build_object('talkportPlaceholder', 'true'))::text
            FROM (%s) placeholders ORDER BY user_id OFFSET ? LIMIT ?""".formatted(PLACEHOLDERS);

    /** The query of a user batch task's users ({@code ref}: its number, or a placeholder batch's) and its parameters. */
    private static Object[] batchUsers(long jobId, String ref) {
        boolean placeholders = ref.startsWith(PLACEHOLDER_BATCH);
        long batch = Long.parseLong(placeholders ? ref.substring(PLACEHOLDER_BATCH.length()) : ref);
        return new Object[] {placeholders ? BATCH_PLACEHOLDERS : BATCH_USERS, jobId, batch * USERS_PER_BATCH,
                USERS_PER_BATCH};
    }

    /** The users of one batch task, ordered by id, as TalkJS payloads (JSON text). */
    public Map<String, String> usersOfBatch(long jobId, String ref) {
        Object[] query = batchUsers(jobId, ref);
        return Sql.inTransaction(dataSource, connection -> {
            Map<String, String> users = new LinkedHashMap<>();
            try (PreparedStatement statement = Sql.prepare(connection, (String) query[0], query[1], query[2],
                    query[3]);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    users.put(rows.getString(1), rows.getString(2));
                }
            }
            return users;
        });
    }

    /** Counts of tasks of a kind that are not finished yet. */
    public int unfinished(long runId, Task.Kind... kinds) {
        return Sql.inTransaction(dataSource, connection -> {
            String[] names = java.util.Arrays.stream(kinds).map(Enum::name).toArray(String[]::new);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT count(*) FROM delivery_task WHERE run_id = ? AND kind = ANY (?) AND state = 'PENDING'")) {
                statement.setLong(1, runId);
                statement.setArray(2, connection.createArrayOf("text", names));
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    /** Puts failed tasks, batches and their failure rows back to pending. Returns how many things were reset. */
    public int resetFailed(long runId) {
        return Sql.inTransaction(dataSource, connection -> {
            // A failed batch that was ever put in flight may be in TalkJS all the same (an import without a clear
            // answer): it goes back IN_FLIGHT, so that it is reconciled by read-back before anything is sent again.
            int batches = Sql.update(connection, """
                    UPDATE delivery_batch SET state = CASE WHEN attempts > 0 THEN 'IN_FLIGHT' ELSE 'PENDING' END,
                        attempts = 0, error = NULL, updated_at = now()
                    WHERE run_id = ? AND state = 'FAILED'
                    """, runId);
            int tasks = Sql.update(connection, """
                    UPDATE delivery_task t SET state = 'PENDING', items_failed = 0, attempts = 0, error = NULL,
                        not_before = NULL, updated_at = now()
                    WHERE t.run_id = ? AND t.kind IN ('USER_BATCH', 'CONVERSATION')
                      AND (t.state = 'FAILED' OR t.items_failed > 0
                           OR EXISTS (SELECT 1 FROM delivery_batch b WHERE b.run_id = t.run_id
                                      AND b.conversation_id = t.ref AND t.kind = 'CONVERSATION'
                                      AND b.state = 'PENDING'))
                    """, runId);
            Sql.update(connection, "DELETE FROM delivery_task WHERE run_id = ? AND kind IN ('VERIFY', 'VERIFY_USERS')",
                    runId);
            Sql.update(connection, "DELETE FROM delivery_failure WHERE run_id = ?", runId);
            Sql.update(connection, "UPDATE run SET phase = 'USERS' WHERE id = ?", runId);
            return batches + tasks;
        });
    }

    public static String truncate(String reason) {
        if (reason == null) {
            return "unknown";
        }
        return reason.length() > 2000 ? reason.substring(0, 2000) + "…" : reason;
    }
}
