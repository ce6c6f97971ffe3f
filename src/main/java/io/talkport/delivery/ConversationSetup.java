package io.talkport.delivery;

import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.ledger.Sql;
import io.talkport.delivery.ledger.Task;
import io.talkport.delivery.ledger.LeaseLostException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsClient.BatchAnswer;
import io.talkport.talkjs.TalkJsNotFoundException;
import io.talkport.talkjs.TalkJsRejectedException;
import io.talkport.talkjs.TalkJsUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Creates a conversation task's conversation in TalkJS with its participants (idempotent upserts) before its messages
 * are imported.
 *
 * <p>With the batch endpoint ({@code talkjs.batch.enabled}), the worker that has to create one conversation also
 * leases up to nine not yet created conversations that come after it in the ledger and creates them all in one batch
 * call, which spends TalkJS's batch budget (documented apart from the general rate). Their own workers later find
 * them created and only import: conversation PUTs stop taking from the general budget, which goes to imports alone.
 * Conversations that need participant calls beyond the PUT are left to their own workers. A conversation that TalkJS
 * refuses inside a batch is not marked created, so its own worker sends it again and records the refusal.
 */
@ApplicationScoped
public class ConversationSetup {

    private final DataSource dataSource;
    private final DeliveryLedger ledger;
    private final TalkJsClient client;
    private final DeliveryContext context;
    private final DeliveryConfig config;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;

    public ConversationSetup(DataSource dataSource, DeliveryLedger ledger, TalkJsClient client,
                             DeliveryContext context, DeliveryConfig config, ObjectMapper mapper,
                             MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.ledger = ledger;
        this.client = client;
        this.context = context;
        this.config = config;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    /**
     * What one setup works on: our conversation, the tasks leased to be created with it, and those of them that go
     * into the batch call (the others need participant calls and are left to their own workers).
     */
    private record Work(StagedConversations.Conversation own, List<Long> leased,
                        Map<Long, StagedConversations.Conversation> ahead) {
    }

    /** Creates the task's conversation (and possibly the next ones); false when TalkJS refused it. */
    public boolean setUp(Task task) {
        Work work = leaseAndLoad(task);
        Map<String, ObjectNode> payloads = new LinkedHashMap<>();
        payloads.put(task.ref(), payload(work.own()));
        work.ahead().values().forEach(c -> payloads.put(c.id(), payload(c)));
        List<Long> created = new ArrayList<>();
        try {
            BatchAnswer answer = create(task, payloads, work.ahead(), created);
            if (!answer.isSuccess()) {
                refused(task, refusal(task, answer));
                return false;
            }
            addParticipants(task, work.own());
        } catch (TalkJsRejectedException | TalkJsNotFoundException e) {
            refused(task, e.getMessage());
            return false;
        } finally {
            settleAhead(task, work.leased(), created);
        }
        markCreated(task);
        return true;
    }

    /** Fences our task, leases the conversations to create with it (batch mode only) and loads them, in one go. */
    private Work leaseAndLoad(Task task) {
        return Sql.inTransaction(dataSource, connection -> {
            if (!DeliveryLedger.renew(connection, task.id(), task.lease(), config.lease())) {
                throw new LeaseLostException(task);
            }
            Map<Long, String> leased = client.batchEnabled()
                    ? leaseAhead(connection, task, client.batchSize() - 1) : Map.of();
            List<String> ids = new ArrayList<>();
            ids.add(task.ref());
            ids.addAll(leased.values());
            Map<String, StagedConversations.Conversation> loaded = StagedConversations.load(connection, task.jobId(),
                    ids, task.addMissingSenders());
            StagedConversations.Conversation own = loaded.get(task.ref());
            if (own == null) {
                throw new IllegalStateException("conversation " + task.ref() + " is not staged");
            }
            Map<Long, StagedConversations.Conversation> ahead = new LinkedHashMap<>();
            leased.forEach((taskId, conversationId) -> {
                StagedConversations.Conversation conversation = loaded.get(conversationId);
                if (conversation != null && !conversation.needsParticipantCalls()) {
                    ahead.put(taskId, conversation);
                }
            });
            return new Work(own, new ArrayList<>(leased.keySet()), ahead);
        });
    }

    /**
     * Leases the next conversation tasks of the run that nobody holds and that are not created yet, by id with their
     * conversation ids. The lease keeps other workers (and instances) from creating or importing them meanwhile; it is
     * given back right after the call.
     */
    private Map<Long, String> leaseAhead(Connection connection, Task task, int limit) throws SQLException {
        Map<Long, String> leased = new LinkedHashMap<>();
        for (Task ahead : DeliveryLedger.leaseAhead(connection, task, config.lease(), DeliveryLedger.Ahead.TO_CREATE,
                limit, 0)) {
            leased.put(ahead.id(), ahead.ref());
        }
        return leased;
    }

    /** Sends the PUTs (one batch call, or one PUT without batch); returns TalkJS's answer for our conversation. */
    private BatchAnswer create(Task task, Map<String, ObjectNode> payloads,
                               Map<Long, StagedConversations.Conversation> ahead, List<Long> created) {
        if (!client.batchEnabled()) {
            client.upsertConversation(task.environment(), task.ref(), payloads.get(task.ref()));
            return new BatchAnswer(200, "");
        }
        Map<String, BatchAnswer> answers = client.upsertConversations(task.environment(), payloads);
        ahead.forEach((taskId, conversation) -> {
            if (answers.get(conversation.id()).isSuccess()) {
                created.add(taskId);
            }
        });
        metrics.counter("talkport.delivery.conversations_created_ahead", "environment", task.environment().name())
                .increment(created.size());
        BatchAnswer own = answers.get(task.ref());
        if (isTransient(own)) {
            throw new TalkJsUnavailableException(task.environment(), own.status(), "TalkJS did not create "
                    + "conversation " + task.ref() + " in a batch call (HTTP " + own.status() + ": " + own.body() + ")",
                    null);
        }
        return own;
    }

    /** Participants with settings of their own, and senders added only so that their messages can be imported. */
    private void addParticipants(Task task, StagedConversations.Conversation conversation) {
        for (StagedConversations.Participant participant : conversation.participants()) {
            if (!participant.hasDefaultSettings()) {
                context.fence(task);
                client.joinParticipant(task.environment(), task.ref(), participant.userId(), participant.access(),
                        participant.notifies());
            }
        }
        for (String sender : conversation.missingSenders()) {
            // They get no notifications from it.
            context.fence(task);
            client.joinParticipant(task.environment(), task.ref(), sender, "ReadWrite", false);
        }
    }

    /** Why TalkJS refused to create the task's conversation, as recorded in the run's failures. */
    static String refusal(Task task, BatchAnswer answer) {
        return "TalkJS rejected conversation " + task.ref() + " in the " + task.environment().key() + " app (HTTP "
                + answer.status() + "): " + answer.body();
    }

    /** An answer that says nothing about the conversation (no answer, throttled, a TalkJS failure): try again. */
    static boolean isTransient(BatchAnswer answer) {
        return answer.status() == 0 || answer.status() == 429 || answer.status() >= 500;
    }

    private void refused(Task task, String reason) {
        ledger.refuseConversation(task, reason);
    }

    /**
     * Marks the conversations created ahead and gives every leased task back, in one transaction: those still under
     * this claim's lease only (another worker may have taken one whose lease ran out meanwhile).
     */
    private void settleAhead(Task task, List<Long> leased, List<Long> created) {
        if (leased.isEmpty()) {
            return;
        }
        try {
            Sql.inTransaction(dataSource, connection -> {
                DeliveryLedger.markCreated(connection, created, task.lease());
                DeliveryLedger.giveBack(connection, leased, task.lease());
                return null;
            });
        } catch (RuntimeException e) {
            // Their leases run out by themselves; their own workers then create them again (an idempotent PUT).
            Log.warnf("%d conversations leased to be created ahead could not be given back: %s", leased.size(),
                    e.getMessage());
        }
    }

    private void markCreated(Task task) {
        Sql.inTransaction(dataSource, connection -> {
            DeliveryLedger.markCreated(connection, List.of(task.id()), task.lease());
            return null;
        });
    }

    /** The conversation PUT's body: the staged payload with its participants. */
    ObjectNode payload(StagedConversations.Conversation conversation) {
        try {
            ObjectNode payload = (ObjectNode) mapper.readTree(conversation.payloadJson());
            ArrayNode participants = payload.putArray("participants");
            conversation.participants().forEach(p -> participants.add(p.userId()));
            return payload;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
