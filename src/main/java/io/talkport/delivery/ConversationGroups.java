package io.talkport.delivery;

import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.ledger.MessageBatches;
import io.talkport.delivery.ledger.Sql;
import io.talkport.delivery.ledger.Task;
import io.talkport.delivery.ledger.LeaseLostException;
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
import java.time.Duration;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            tasks.addAll(DeliveryLedger.leaseAhead(connection, leader, config.lease(), DeliveryLedger.Ahead.FRESH_SMALL,
                    groupSize() - 1, batchSize));
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
        MessageBatches.putInFlight(connection, batchesOf(group, State.IN_FLIGHT));
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
        Duration spare = Duration.ofMillis(Math.min(config.minLeaseLeft().toMillis(), config.lease().toMillis() / 2));
        return Sql.inTransaction(dataSource, connection -> DeliveryLedger.holds(connection, task, spare));
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
                        MessageBatches.markDelivered(connection, member.task, member.batch.number(), 0);
                    }
                }
                for (Member member : group) {
                    recordRefusals(connection, member);
                }
                MessageBatches.setBackUnsent(connection, batchesOf(group, State.UNSENT), leader.lease());
                MessageBatches.finish(connection, group.stream().filter(m -> m.state == State.DELIVERED
                        || m.state == State.FAILED || m.state == State.EMPTY).map(m -> m.task.id()).toList(),
                        leader.lease());
                boolean keepLeader = leaderFailed(group.get(0), stop);
                for (Member member : group) {
                    boolean leaderKept = keepLeader && member.task == leader;
                    if (!leaderKept && (member.state == State.UNSENT || member.state == State.RETRY)) {
                        DeliveryLedger.release(connection, member.task, member.task.lease(),
                                member.state == State.RETRY ? config.backoff() : Duration.ZERO,
                                member.error == null ? null : DeliveryLedger.truncate(member.error));
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
            MessageBatches.markFailed(connection, task, member.batch,
                    member.messages.stream().map(StagedMessage::itemId).toList(), member.error);
            metrics.counter("talkport.delivery.failures", "kind", "messages").increment(member.messages.size());
        } else if (member.state == State.REFUSED) {
            DeliveryLedger.refuseConversation(connection, task, member.error);
        }
    }

    /** The batches of the members in this state, as the ledger's protocol takes them. */
    private static List<MessageBatches.Member> batchesOf(List<Member> group, State state) {
        return group.stream().filter(m -> m.state == state && m.batch != null)
                .map(m -> new MessageBatches.Member(m.task, m.batch)).toList();
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
