package io.talkport.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.talkport.talkjs.ImportMessage;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsNotFoundException;
import io.talkport.talkjs.TalkJsRejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Delivers one conversation: creates it with its participants (idempotent upserts), then imports its message
 * batches strictly in timestamp order, one in flight at a time. A batch found IN_FLIGHT (a crash, a timeout, a 5xx)
 * is reconciled against TalkJS before anything of it is sent again.
 */
@ApplicationScoped
public class ConversationDelivery {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    /**
     * Batches whose staged messages are read in one query (staged data no longer changes once the job is READY).
     * One query per batch was the busiest statement of a push; 20 batches of 10 keep the memory per worker small.
     */
    private static final int PREFETCH_BATCHES = 20;

    private final DeliveryLedger ledger;
    private final MessageBatches batches;
    private final StagedConversations conversations;
    private final Reconciler reconciler;
    private final AttachmentTokens attachments;
    private final TalkJsClient client;
    private final DeliveryContext context;
    private final DeliveryConfig config;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;
    private final int batchSize;

    public ConversationDelivery(DeliveryLedger ledger, MessageBatches batches, StagedConversations conversations,
                                Reconciler reconciler, AttachmentTokens attachments, TalkJsClient client,
                                DeliveryContext context, DeliveryConfig config, ObjectMapper mapper,
                                MeterRegistry metrics,
                                @ConfigProperty(name = "talkjs.import.batch-size", defaultValue = "10") int batchSize) {
        this.ledger = ledger;
        this.batches = batches;
        this.conversations = conversations;
        this.reconciler = reconciler;
        this.attachments = attachments;
        this.client = client;
        this.context = context;
        this.config = config;
        this.mapper = mapper;
        this.metrics = metrics;
        this.batchSize = batchSize;
    }

    public void deliver(Task task) {
        if (!task.setupDone() && !setUp(task)) {
            return;
        }
        List<MessageBatches.Batch> open = batches.open(task);
        for (int from = 0; from < open.size(); from += PREFETCH_BATCHES) {
            List<MessageBatches.Batch> group = open.subList(from, Math.min(from + PREFETCH_BATCHES, open.size()));
            Iterator<StagedMessage> staged = batches.messages(task.jobId(), task.ref(), seqsOf(group)).iterator();
            for (MessageBatches.Batch batch : group) {
                List<StagedMessage> messages = new ArrayList<>(batch.seqs().length);
                for (int i = 0; i < batch.seqs().length; i++) {
                    messages.add(staged.next());
                }
                deliverBatch(task, batch, messages);
            }
        }
        int[] counts = batches.counts(task);
        ledger.finish(task, context.owner(), false, counts[0], counts[1], null);
    }

    /** Creates the conversation and its participants and plans its batches; false when TalkJS refused it. */
    private boolean setUp(Task task) {
        StagedConversations.Conversation conversation = conversations.load(task.jobId(), task.ref());
        ObjectNode payload = readObject(conversation.payloadJson());
        ArrayNode participants = payload.putArray("participants");
        conversation.participants().forEach(p -> participants.add(p.userId()));
        try {
            context.fence(task);
            client.upsertConversation(task.environment(), task.ref(), payload);
            for (StagedConversations.Participant participant : conversation.participants()) {
                if (!participant.hasDefaultSettings()) {
                    context.fence(task);
                    client.joinParticipant(task.environment(), task.ref(), participant.userId(), participant.access(),
                            participant.notifies());
                }
            }
            for (String sender : conversations.missingSenders(task)) {
                // Added only so that their messages can be imported; they get no notifications from it.
                context.fence(task);
                client.joinParticipant(task.environment(), task.ref(), sender, "ReadWrite", false);
            }
        } catch (TalkJsRejectedException | TalkJsNotFoundException e) {
            ledger.recordFailure(task.runId(), "conversations", task.ref(), e.getMessage());
            ledger.finish(task, context.owner(), true, 0, 0, e.getMessage());
            return false;
        }
        batches.plan(task, batchSize);
        ledger.markSetupDone(task);
        return true;
    }

    /** The seqs of several batches, in order. */
    private static long[] seqsOf(List<MessageBatches.Batch> group) {
        return group.stream().flatMapToLong(batch -> java.util.Arrays.stream(batch.seqs())).toArray();
    }

    private void deliverBatch(Task task, MessageBatches.Batch batch, List<StagedMessage> messages) {
        List<StagedMessage> toSend = messages;
        if (batch.inFlight()) {
            toSend = reconciler.missing(task, messages);
            metrics.counter("talkport.delivery.reconciled", "environment", task.environment().name())
                    .increment(messages.size() - toSend.size());
            Log.infof("job %d run %d: batch %d of %s had an unknown outcome; %d of %d already in TalkJS",
                    task.jobId(), task.runId(), batch.number(), task.ref(), messages.size() - toSend.size(),
                    messages.size());
            if (toSend.isEmpty()) {
                batches.markDelivered(task, batch, messages.size());
                return;
            }
        }
        if (batch.attempts() >= config.maxAttempts()) {
            fail(task, batch, toSend, "TalkJS gave no clear answer after " + batch.attempts() + " attempts.");
            return;
        }
        List<ImportMessage> payload = toImport(task, toSend);
        if (!batches.markInFlight(task, batch, context.owner(), config.lease())) {
            throw new LeaseLostException(task);
        }
        try {
            client.importMessages(task.environment(), task.ref(), payload);
        } catch (TalkJsRejectedException | TalkJsNotFoundException e) {
            // A 400 stores nothing (the import is all-or-nothing): the batch fails with TalkJS's reason.
            fail(task, batch, toSend, e.getMessage());
            return;
        }
        batches.markDelivered(task, batch, messages.size() - toSend.size());
        metrics.counter("talkport.delivery.messages", "environment", task.environment().name())
                .increment(toSend.size());
    }

    private void fail(Task task, MessageBatches.Batch batch, List<StagedMessage> messages, String reason) {
        batches.markFailed(task, batch, reason);
        for (StagedMessage message : messages) {
            ledger.recordFailure(task.runId(), "messages", message.itemId(), reason);
        }
        metrics.counter("talkport.delivery.failures", "kind", "messages").increment(messages.size());
    }

    private List<ImportMessage> toImport(Task task, List<StagedMessage> messages) {
        return messages.stream().map(m -> new ImportMessage(m.sender(), m.text() == null ? "" : m.text(),
                m.timestamp(), read(m.readByJson(), STRINGS), attachments.tokenFor(task, m),
                m.customJson() == null ? null : read(m.customJson(), STRING_MAP))).toList();
    }

    private ObjectNode readObject(String json) {
        try {
            return (ObjectNode) mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
