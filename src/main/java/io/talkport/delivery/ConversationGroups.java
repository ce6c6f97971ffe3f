package io.talkport.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.talkport.bundle.AttachmentUnreadableException;
import io.talkport.talkjs.TalkJsAuthException;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsClient.BatchAnswer;
import io.talkport.talkjs.TalkJsNotConfiguredException;
import io.talkport.talkjs.TalkJsNotFoundException;
import io.talkport.talkjs.TalkJsRejectedException;
import io.talkport.talkjs.TalkJsUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * Delivers small conversations (all their messages fit in one import call) several at a time. Delivered one by one,
 * such a conversation costs a claim, a start and a finish transaction of its own for a single import call, which made
 * 20,000 conversations of 5 messages push at a third of the rate of 200 conversations of 500.
 *
 * <p>The worker that claims a small conversation for the first time also leases the next fresh small conversations
 * of the run (up to {@link DeliveryConfig#groupSize()} in all, {@code FOR UPDATE SKIP LOCKED}, the same lease as a
 * claim) and, in that transaction, plans their batches, reads their messages and puts their batches IN_FLIGHT. The
 * conversations not created yet are created in one batch call first (then IN_FLIGHT is written after it). Each import
 * call is then made in turn, each only while its lease is still ours and its run still active (a read, no write); the
 * heartbeat renews all the group's leases meanwhile. One transaction at the end records what TalkJS took, what it
 * refused, and ends the tasks. The exactly-once rules stay those of a single conversation:
 * <ul>
 *   <li>IN_FLIGHT is committed, fenced by a live lease, before the import call;</li>
 *   <li>an import with an unknown outcome leaves its batch IN_FLIGHT, to be reconciled by read-back;</li>
 *   <li>a batch put IN_FLIGHT but never sent is set back to PENDING only by the lease holder that knows it was not
 *       sent; if that write is lost, the batch is reconciled like any other.</li>
 * </ul>
 * Anything unusual goes the single-conversation way ({@link ConversationDelivery}): a conversation seen before
 * (claimed, failed or reset), one with a batch in flight, a file to upload or participant calls to make.
 */
@ApplicationScoped
public class ConversationGroups {

    /** Tasks after the leader among which the group is chosen: bounds the scan when small and large conversations mix. */
    private static final int CANDIDATE_WINDOW = 100;

    private final DataSource dataSource;
    private final ConversationSetup setup;
    private final ImportPayloads payloads;
    private final TalkJsClient client;
    private final DeliveryContext context;
    private final DeliveryConfig config;
    private final MeterRegistry metrics;

    public ConversationGroups(DataSource dataSource, ConversationSetup setup, ImportPayloads payloads,
                              TalkJsClient client, DeliveryContext context, DeliveryConfig config,
                              MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.setup = setup;
        this.payloads = payloads;
        this.client = client;
        this.context = context;
        this.config = config;
        this.metrics = metrics;
    }

    private enum State {
        /** Passed the checks; its batch is not in flight yet (waiting for the conversation to be created). */
        READY,
        /** Its batch is IN_FLIGHT, fenced by our lease: it may be sent. */
        IN_FLIGHT,
        /** Nothing to import (no eligible message left); the conversation exists. */
        EMPTY,
        DELIVERED,
        /** TalkJS refused the import (400/404): nothing stored. */
        FAILED,
        /** TalkJS refused to create the conversation. */
        REFUSED,
        /** Not sent: set back and given back. */
        UNSENT,
        /** Our lease is gone: touch nothing of it. */
        LOST,
        /** A transient failure: given back with a back-off; an import's batch stays IN_FLIGHT to be reconciled. */
        RETRY
    }

    /** One conversation of a group. {@code batch} is null when nothing is left to import. */
    private static final class Member {
        final Task task;
        final MessageBatches.Batch batch;
        final List<StagedMessage> messages;
        final StagedConversations.Conversation toCreate;
        State state = State.READY;
        String error;

        Member(Task task, MessageBatches.Batch batch, List<StagedMessage> messages,
               StagedConversations.Conversation toCreate) {
            this.task = task;
            this.batch = batch;
            this.messages = messages;
            this.toCreate = toCreate;
        }

        void to(State next, String reason) {
            state = next;
            error = reason;
        }
    }

    /** Whether the claimed task may lead a group: a small conversation claimed for the first time. */
    public boolean accepts(Task task, int batchSize) {
        return groupSize() > 1 && task.kind() == Task.Kind.CONVERSATION && task.attempts() == 1
                && task.itemsTotal() <= batchSize;
    }

    /**
     * Delivers the task together with the next small conversations. False, with nothing done, when the task itself
     * turns out not to fit a group (then it is delivered on its own).
     */
    public boolean deliver(Task leader, int batchSize) {
        List<Member> group = lease(leader, batchSize);
        if (group.isEmpty()) {
            return false;
        }
        List<Task> followers = group.stream().map(m -> m.task).filter(t -> t != leader).toList();
        followers.forEach(context::hold);
        try {
            RuntimeException stop = null;
            try {
                create(leader, group);
                stop = send(group);
            } catch (RuntimeException e) {
                // Creating failed as a whole (or its ledger write): nothing was imported.
                group.stream().filter(m -> m.state == State.READY || m.state == State.IN_FLIGHT)
                        .forEach(m -> m.state = State.UNSENT);
                stop = e;
            }
            settle(leader, group, stop);
            metrics.counter("talkport.delivery.conversation_groups", "environment", leader.environment().name())
                    .increment();
            rethrowForLeader(leader, group.get(0), stop);
        } finally {
            followers.forEach(context::letGo);
        }
        return true;
    }

    private int groupSize() {
        return client.batchEnabled() ? Math.min(config.groupSize(), client.batchSize()) : config.groupSize();
    }

    /**
     * Fences the leader, leases the followers and reads everything the group needs, in one transaction; puts the
     * batches IN_FLIGHT too when no conversation needs creating. Empty when the leader does not fit a group.
     */
    private List<Member> lease(Task leader, int batchSize) {
        return Sql.inTransaction(dataSource, connection -> {
            if (!DeliveryLedger.renew(connection, leader.id(), leader.lease(), config.lease())) {
                throw new LeaseLostException(leader);
            }
            List<Task> tasks = new ArrayList<>();
            tasks.add(leader);
            tasks.addAll(leaseFollowers(connection, leader, batchSize));
            List<String> refs = tasks.stream().map(Task::ref).toList();
            MessageBatches.plan(connection, leader.runId(), leader.jobId(), refs, leader.addMissingSenders(),
                    batchSize);
            Map<String, List<MessageBatches.Batch>> open = MessageBatches.open(connection, leader.runId(), refs);
            Map<Long, StagedMessage> staged = MessageBatches.messagesBySeq(connection, leader.jobId(),
                    MessageBatches.seqsOf(open.values().stream().map(batches -> batches.get(0)).toList()));
            List<String> uncreated = tasks.stream().filter(t -> !t.setupDone()).map(Task::ref).toList();
            Map<String, StagedConversations.Conversation> conversations = uncreated.isEmpty() ? Map.of()
                    : StagedConversations.load(connection, leader.jobId(), uncreated, leader.addMissingSenders());
            List<Member> group = new ArrayList<>();
            List<Long> notForUs = new ArrayList<>();
            for (Task task : tasks) {
                Member member = member(task, open.getOrDefault(task.ref(), List.of()), staged, conversations);
                if (member != null) {
                    group.add(member);
                } else if (task == leader) {
                    DeliveryLedger.giveBack(connection, tasks.subList(1, tasks.size()).stream().map(Task::id).toList(),
                            leader.lease());
                    return List.of();
                } else {
                    notForUs.add(task.id());
                }
            }
            DeliveryLedger.giveBack(connection, notForUs, leader.lease());
            if (group.stream().allMatch(m -> m.toCreate == null)) {
                putInFlight(connection, group);
            }
            return group;
        });
    }

    /**
     * Leases small conversation tasks of the run that nobody has claimed yet ({@code attempts = 0}), among the next
     * pending ones after the leader, counting it as a claim.
     */
    private List<Task> leaseFollowers(Connection connection, Task leader, int batchSize) throws SQLException {
        List<Task> followers = new ArrayList<>();
        try (PreparedStatement statement = Sql.prepare(connection, """
                UPDATE delivery_task t SET lease_owner = ?, lease_until = now() + make_interval(secs => ?),
                    attempts = t.attempts + 1, updated_at = now()
                WHERE t.id IN (
                    SELECT c.id FROM delivery_task c
                    WHERE c.id IN (SELECT w.id FROM delivery_task w
                                   WHERE w.run_id = ? AND w.kind = 'CONVERSATION' AND w.state = 'PENDING' AND w.id > ?
                                   ORDER BY w.run_id, w.kind, w.id LIMIT ?)
                      AND c.state = 'PENDING' AND c.attempts = 0 AND c.items_total <= ?
                      AND (c.lease_until IS NULL OR c.lease_until < now())
                      AND (c.not_before IS NULL OR c.not_before <= now())
                    ORDER BY c.id
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED)
                RETURNING t.id, t.ref, t.setup_done, t.attempts, t.items_total
                """, leader.lease(), (double) config.lease().toMillis() / 1000, leader.runId(), leader.id(),
                CANDIDATE_WINDOW, batchSize, groupSize() - 1);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                followers.add(new Task(rows.getLong(1), leader.runId(), leader.jobId(), leader.environment(),
                        Task.Kind.CONVERSATION, rows.getString(2), rows.getBoolean(3), rows.getInt(4),
                        leader.addMissingSenders(), rows.getInt(5), leader.lease()));
            }
        }
        followers.sort((a, b) -> Long.compare(a.id(), b.id()));
        return followers;
    }

    /** The task as a group member, or null when it must be delivered on its own. */
    private Member member(Task task, List<MessageBatches.Batch> open, Map<Long, StagedMessage> staged,
                          Map<String, StagedConversations.Conversation> conversations) {
        StagedConversations.Conversation toCreate = null;
        if (!task.setupDone()) {
            toCreate = conversations.get(task.ref());
            if (toCreate == null || toCreate.needsParticipantCalls()) {
                return null;
            }
        }
        if (open.isEmpty()) {
            Member member = new Member(task, null, List.of(), toCreate);
            member.state = toCreate == null ? State.EMPTY : State.READY;
            return member;
        }
        MessageBatches.Batch batch = open.get(0);
        if (open.size() > 1 || batch.inFlight() || batch.attempts() >= config.maxAttempts()) {
            return null;
        }
        List<StagedMessage> messages = new ArrayList<>(batch.seqs().length);
        for (long seq : batch.seqs()) {
            StagedMessage message = staged.get(seq);
            if (message == null || message.attachmentPath() != null) {
                return null;
            }
            messages.add(message);
        }
        return new Member(task, batch, messages, toCreate);
    }

    /**
     * Creates the group's new conversations (one batch call, or one PUT each without the batch endpoint), then marks
     * them created, renews every lease of the group and puts the batches IN_FLIGHT, in one transaction.
     */
    private void create(Task leader, List<Member> group) {
        List<Member> toCreate = group.stream().filter(m -> m.toCreate != null).toList();
        if (toCreate.isEmpty()) {
            return;
        }
        Map<String, BatchAnswer> answers = createInTalkJs(leader, toCreate);
        for (Member member : toCreate) {
            BatchAnswer answer = answers.get(member.task.ref());
            if (ConversationSetup.isTransient(answer)) {
                member.to(State.RETRY, "TalkJS did not create conversation " + member.task.ref()
                        + " (HTTP " + answer.status() + ": " + answer.body() + ")");
            } else if (!answer.isSuccess()) {
                member.to(State.REFUSED, ConversationSetup.refusal(member.task, answer));
            }
        }
        Sql.inTransaction(dataSource, connection -> {
            List<Long> created = toCreate.stream().filter(m -> m.state == State.READY).map(m -> m.task.id()).toList();
            DeliveryLedger.markCreated(connection, created, leader.lease());
            List<Member> ready = group.stream().filter(m -> m.state == State.READY).toList();
            Set<Long> held = DeliveryLedger.renew(connection, ready.stream().map(m -> m.task.id()).toList(),
                    leader.lease(), config.lease());
            for (Member member : ready) {
                if (!held.contains(member.task.id())) {
                    member.to(State.LOST, null);
                }
            }
            putInFlight(connection, group);
            return null;
        });
    }

    private Map<String, BatchAnswer> createInTalkJs(Task leader, List<Member> toCreate) {
        Map<String, ObjectNode> bodies = new LinkedHashMap<>();
        toCreate.forEach(m -> bodies.put(m.task.ref(), setup.payload(m.toCreate)));
        if (client.batchEnabled()) {
            return client.upsertConversations(leader.environment(), bodies);
        }
        Map<String, BatchAnswer> answers = new LinkedHashMap<>();
        bodies.forEach((id, body) -> {
            try {
                client.upsertConversation(leader.environment(), id, body);
                answers.put(id, new BatchAnswer(200, ""));
            } catch (TalkJsRejectedException | TalkJsNotFoundException e) {
                answers.put(id, new BatchAnswer(e.status(), e.getMessage()));
            }
        });
        return answers;
    }

    /** Puts the batches of the READY members IN_FLIGHT (members with nothing to import become EMPTY). */
    private void putInFlight(Connection connection, List<Member> group) throws SQLException {
        List<Member> ready = group.stream().filter(m -> m.state == State.READY).toList();
        ready.forEach(m -> m.state = m.batch == null ? State.EMPTY : State.IN_FLIGHT);
        updateBatches(connection, group, m -> m.state == State.IN_FLIGHT, """
                UPDATE delivery_batch SET state = 'IN_FLIGHT', attempts = attempts + 1, updated_at = now()
                WHERE run_id = ? AND conversation_id = ? AND batch_no = ?
                """);
    }

    /**
     * Sends the import calls in turn; stops at the first transient failure. The first call follows the fence of the
     * transaction that put it IN_FLIGHT; each later one first checks that the lease is still ours with time to spare
     * and the run still active.
     *
     * @return the failure that stopped the group, or null
     */
    private RuntimeException send(List<Member> group) {
        RuntimeException stop = null;
        boolean first = true;
        for (Member member : group) {
            if (member.state != State.IN_FLIGHT) {
                continue;
            }
            if (stop != null || (!first && !stillHeld(member.task))) {
                member.state = State.UNSENT;
                continue;
            }
            first = false;
            try {
                client.importMessages(member.task.environment(), member.task.ref(),
                        payloads.of(member.task, member.messages));
                member.state = State.DELIVERED;
                metrics.counter("talkport.delivery.messages", "environment", member.task.environment().name())
                        .increment(member.messages.size());
            } catch (TalkJsRejectedException | TalkJsNotFoundException | AttachmentUnreadableException e) {
                member.to(State.FAILED, e.getMessage());
            } catch (TalkJsAuthException | TalkJsNotConfiguredException e) {
                // Refused before anything was stored.
                member.state = State.UNSENT;
                stop = e;
            } catch (RuntimeException e) {
                member.to(State.RETRY, e.getMessage());
                stop = e;
            }
        }
        return stop;
    }

    /** Our lease of the task is still live, with time to spare for a call, and its run still active (a read only). */
    private boolean stillHeld(Task task) {
        double spare = (double) Math.min(config.minLeaseLeft().toMillis(), config.lease().toMillis() / 2) / 1000;
        return Sql.inTransaction(dataSource, connection -> {
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT 1 FROM delivery_task t JOIN run r ON r.id = t.run_id
                    WHERE t.id = ? AND t.lease_owner = ? AND t.lease_until > now() + make_interval(secs => ?)
                      AND t.state = 'PENDING' AND r.status IN ('RUNNING', 'VERIFYING')
                    """, task.id(), task.lease(), spare);
                 ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        });
    }

    /**
     * Records the group's outcome in one transaction: batches delivered or failed, unsent ones back to PENDING, tasks
     * ended or given back. The leader is not given back when its failure is rethrown (the worker backs it off). If
     * this transaction is lost, the delivered batches stay IN_FLIGHT and are reconciled, never resent blindly.
     */
    private void settle(Task leader, List<Member> group, RuntimeException stop) {
        try {
            Sql.inTransactionRetrying(dataSource, connection -> {
                for (Member member : group) {
                    if (member.state == State.DELIVERED) {
                        AppRecord.markDelivered(connection, member.task, member.batch.number(), 0);
                    }
                }
                for (Member member : group) {
                    recordRefusals(connection, member);
                }
                setBackUnsent(connection, group);
                finishTasks(connection, group);
                boolean keepLeader = leaderFailed(group.get(0), stop);
                for (Member member : group) {
                    boolean leaderKept = keepLeader && member.task == leader;
                    if (!leaderKept && (member.state == State.UNSENT || member.state == State.RETRY)) {
                        Sql.update(connection, """
                                UPDATE delivery_task SET lease_owner = NULL, lease_until = NULL,
                                    not_before = now() + make_interval(secs => ?), error = ?, updated_at = now()
                                WHERE id = ? AND lease_owner = ?
                                """, member.state == State.RETRY ? (double) config.backoff().toMillis() / 1000 : 0.0,
                                member.error == null ? null : DeliveryLedger.truncate(member.error), member.task.id(),
                                member.task.lease());
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            Log.warnf("job %d run %d: a group of %d conversations could not be recorded (%s); its batches stay "
                    + "IN_FLIGHT and will be reconciled", leader.jobId(), leader.runId(), group.size(), e.getMessage());
            throw e;
        }
        if (stop != null && !leaderFailed(group.get(0), stop)) {
            String where = group.stream().filter(m -> m.state == State.RETRY).map(m -> m.task.ref()).findFirst()
                    .orElse("?");
            long unsent = group.stream().filter(m -> m.state == State.UNSENT).count();
            Log.infof("job %d run %d: conversation %s: %s; it and %d unsent conversations of its group are tried "
                    + "again later", leader.jobId(), leader.runId(), where, stop.getMessage(), unsent);
            metrics.counter("talkport.delivery.transient_errors", "kind", "CONVERSATION").increment();
        }
    }

    /** A failed import's batch, and every message of it, as failures; a refused conversation likewise. */
    private void recordRefusals(Connection connection, Member member) throws SQLException {
        Task task = member.task;
        if (member.state == State.FAILED) {
            Sql.update(connection, """
                    UPDATE delivery_batch SET state = 'FAILED', error = ?, updated_at = now()
                    WHERE run_id = ? AND conversation_id = ? AND batch_no = ?
                    """, DeliveryLedger.truncate(member.error), task.runId(), task.ref(), member.batch.number());
            Sql.update(connection, """
                    INSERT INTO delivery_failure (run_id, kind, item_id, reason)
                    SELECT ?, 'messages', unnest(?::text[]), ?
                    """, task.runId(), connection.createArrayOf("text",
                    member.messages.stream().map(StagedMessage::itemId).toArray()),
                    DeliveryLedger.truncate(member.error));
            metrics.counter("talkport.delivery.failures", "kind", "messages").increment(member.messages.size());
        } else if (member.state == State.REFUSED) {
            Sql.update(connection, "INSERT INTO delivery_failure (run_id, kind, item_id, reason) VALUES (?, ?, ?, ?)",
                    task.runId(), "conversations", task.ref(), DeliveryLedger.truncate(member.error));
            Sql.update(connection, """
                    UPDATE delivery_task SET state = 'FAILED', items_done = 0, items_failed = 0, error = ?,
                        lease_owner = NULL, lease_until = NULL, updated_at = now()
                    WHERE id = ? AND lease_owner = ?
                    """, DeliveryLedger.truncate(member.error), task.id(), task.lease());
        }
    }

    /** Batches put IN_FLIGHT but never sent go back to PENDING, only where the lease is still ours. */
    private void setBackUnsent(Connection connection, List<Member> group) throws SQLException {
        for (Member member : group) {
            if (member.state == State.UNSENT && member.batch != null) {
                Sql.update(connection, """
                        UPDATE delivery_batch b SET state = 'PENDING', attempts = b.attempts - 1, updated_at = now()
                        FROM delivery_task t
                        WHERE t.id = ? AND t.lease_owner = ? AND b.run_id = t.run_id AND b.conversation_id = t.ref
                          AND b.batch_no = ? AND b.state = 'IN_FLIGHT'
                        """, member.task.id(), member.task.lease(), member.batch.number());
            }
        }
    }

    /** Ends the tasks with nothing left to do as DONE, with their delivered and failed message counts. */
    private void finishTasks(Connection connection, List<Member> group) throws SQLException {
        List<Long> ended = group.stream().filter(m -> m.state == State.DELIVERED || m.state == State.FAILED
                || m.state == State.EMPTY).map(m -> m.task.id()).toList();
        Sql.updateEach(connection, """
                UPDATE delivery_task t SET state = 'DONE', error = NULL, lease_owner = NULL, lease_until = NULL,
                    updated_at = now(),
                    (items_done, items_failed) = (
                        SELECT coalesce(sum(b.msg_count) FILTER (WHERE b.state IN ('DELIVERED', 'PRESENT')), 0),
                               coalesce(sum(b.msg_count) FILTER (WHERE b.state = 'FAILED'), 0)
                        FROM delivery_batch b WHERE b.run_id = t.run_id AND b.conversation_id = t.ref)
                WHERE t.id = ? AND t.lease_owner = ?
                """, ended, group.get(0).task.lease());
    }

    /**
     * Runs {@code sql} (parameters: run, conversation, batch number) for each member that matches, as one JDBC batch:
     * one round trip, each row found by its primary key.
     */
    private static void updateBatches(Connection connection, List<Member> group, Predicate<Member> which, String sql)
            throws SQLException {
        List<Member> matching = group.stream().filter(which).toList();
        if (matching.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Member member : matching) {
                statement.setLong(1, member.task.runId());
                statement.setString(2, member.task.ref());
                statement.setInt(3, member.batch.number());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Whether the leader ended unresolved, so that the worker must back it off (and so it keeps its lease). */
    private static boolean leaderFailed(Member leader, RuntimeException stop) {
        return leader.state == State.LOST || leader.state == State.RETRY
                || (leader.state == State.UNSENT && stop != null);
    }

    /** Hands the leader's failure to the worker, which logs it and backs the leader off (or fails the run). */
    private static void rethrowForLeader(Task leader, Member member, RuntimeException stop) {
        if (stop instanceof TalkJsAuthException || stop instanceof TalkJsNotConfiguredException) {
            throw stop;
        }
        if (!leaderFailed(member, stop)) {
            return;
        }
        if (member.state == State.LOST) {
            throw new LeaseLostException(leader);
        }
        if (stop != null) {
            throw stop;
        }
        throw new TalkJsUnavailableException(leader.environment(), 0, member.error, null);
    }
}
