package io.talkport.delivery;

import io.talkport.delivery.ledger.MessageBatches;
import io.talkport.delivery.ledger.Task;
import io.talkport.delivery.ledger.LeaseLostException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.talkport.talkjs.ImportMessage;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsException;
import io.talkport.talkjs.TalkJsNotFoundException;
import io.talkport.talkjs.TalkJsRejectedException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Delivers one conversation: has it created with its participants ({@link ConversationSetup}), then imports its
 * message batches strictly in timestamp order, one in flight at a time. A batch found IN_FLIGHT (a crash, a timeout, a
 * 5xx) is reconciled against TalkJS before anything of it is sent again.
 *
 * <p>Ledger writes are folded into as few transactions as exactly-once allows: a batch's DELIVERED mark is written
 * together with the next batch's IN_FLIGHT mark, or with the end of the task. Until then it is only in memory; if that
 * write never happens, the batch stays IN_FLIGHT and is reconciled, never resent blindly.
 */
@ApplicationScoped
public class ConversationDelivery {

    /**
     * Batches whose staged messages are read in one query (staged data no longer changes once the job is READY).
     * One query per batch was the busiest statement of a push; 20 batches of 10 keep the memory per worker small.
     */
    private static final int PREFETCH_BATCHES = 20;

    private final MessageBatches batches;
    private final ConversationSetup setup;
    private final Reconciler reconciler;
    private final ConversationGroups groups;
    private final ImportPayloads payloads;
    private final TalkJsClient client;
    private final DeliveryContext context;
    private final DeliveryConfig config;
    private final MeterRegistry metrics;
    private final int batchSize;

    public ConversationDelivery(MessageBatches batches, ConversationSetup setup,
                                Reconciler reconciler, ConversationGroups groups, ImportPayloads payloads,
                                TalkJsClient client, DeliveryContext context, DeliveryConfig config,
                                MeterRegistry metrics,
                                @ConfigProperty(name = "talkjs.import.batch-size", defaultValue = "10") int batchSize) {
        this.batches = batches;
        this.setup = setup;
        this.reconciler = reconciler;
        this.groups = groups;
        this.payloads = payloads;
        this.client = client;
        this.context = context;
        this.config = config;
        this.metrics = metrics;
        this.batchSize = batchSize;
    }

    public void deliver(Task task) {
        if (groups.accepts(task, batchSize) && deliveredInGroup(task)) {
            return;
        }
        if (!task.setupDone() && !setup.setUp(task)) {
            return;
        }
        MessageBatches.Start start = batches.start(task, batchSize, PREFETCH_BATCHES, task.lease(),
                config.lease(), config.maxAttempts());
        List<MessageBatches.Batch> open = start.open();
        MessageBatches.Taken taken = null;
        try {
            for (int from = 0; from < open.size(); from += PREFETCH_BATCHES) {
                List<MessageBatches.Batch> group = open.subList(from, Math.min(from + PREFETCH_BATCHES, open.size()));
                Iterator<StagedMessage> staged = (from == 0 ? start.firstMessages()
                        : batches.messages(task.jobId(), MessageBatches.seqsOf(group))).iterator();
                for (MessageBatches.Batch batch : group) {
                    List<StagedMessage> messages = new ArrayList<>(batch.seqs().length);
                    for (int i = 0; i < batch.seqs().length; i++) {
                        messages.add(staged.next());
                    }
                    boolean inFlightByUs = start.firstInFlight() && batch == open.get(0);
                    taken = deliverBatch(task, taken, batch, messages, inFlightByUs);
                }
            }
        } catch (RuntimeException e) {
            recordQuietly(task, taken);
            throw e;
        }
        batches.finish(task, taken, task.lease());
    }

    /**
     * Delivers the task with a group of small conversations. When the group fails as a whole on a local fault (a
     * write of its shared transaction), which member caused it is unknown: the task then goes on alone, where a
     * failure is its own, and the other members are claimed again one by one.
     */
    private boolean deliveredInGroup(Task task) {
        try {
            return groups.deliver(task, batchSize);
        } catch (LeaseLostException | TalkJsException e) {
            throw e;
        } catch (RuntimeException e) {
            if (FailureClass.of(e) != FailureClass.ITEM) {
                throw e;
            }
            Log.warnf("job %d run %d: the group led by %s failed (%s); it goes on alone", task.jobId(),
                    task.runId(), task.ref(), FailureClass.reason(e));
            return false;
        }
    }

    /**
     * Sends one batch, after recording the previous one; returns this batch when TalkJS took it (to be recorded with
     * the next step), otherwise null. {@code inFlightByUs}: the batch was put IN_FLIGHT for this very send when the
     * task started, so there is nothing to reconcile and nothing to mark.
     */
    private MessageBatches.Taken deliverBatch(Task task, MessageBatches.Taken previous, MessageBatches.Batch batch,
                                              List<StagedMessage> messages, boolean inFlightByUs) {
        List<StagedMessage> toSend = messages;
        if (!inFlightByUs && batch.inFlight()) {
            toSend = reconciler.missing(task, messages);
            metrics.counter("talkport.delivery.reconciled", "environment", task.environment().name())
                    .increment(messages.size() - toSend.size());
            Log.infof("job %d run %d: batch %d of %s had an unknown outcome; %d of %d already in TalkJS",
                    task.jobId(), task.runId(), batch.number(), task.ref(), messages.size() - toSend.size(),
                    messages.size());
            if (toSend.isEmpty()) {
                batches.markDelivered(task, previous);
                return new MessageBatches.Taken(batch, messages.size());
            }
        }
        if (!inFlightByUs && batch.attempts() >= config.maxAttempts()) {
            batches.markDelivered(task, previous);
            fail(task, batch, toSend, "TalkJS gave no clear answer after " + batch.attempts() + " attempts.");
            return null;
        }
        int reconciled = messages.size() - toSend.size();
        List<ImportMessage> payload;
        try {
            ImportPayloads.Built built = payloads.ofEach(task, toSend);
            if (!built.leftOut().isEmpty()) {
                // A file that cannot be read here (or that TalkJS refused), or a message that cannot be turned into a
                // payload, fails that message only: no retry fixes it, and the rest of the call is still imported.
                if (built.sent().isEmpty()) {
                    batches.markDelivered(task, previous);
                    fail(task, batch, toSend, built.leftOut().values().iterator().next());
                    return null;
                }
                batches.splitOff(task, batch, built.leftOut());
                metrics.counter("talkport.delivery.failures", "kind", "messages").increment(built.leftOut().size());
                Log.infof("job %d run %d: %d of %d messages of batch %d of %s left out: %s",
                        task.jobId(), task.runId(), built.leftOut().size(), toSend.size(), batch.number(),
                        task.ref(), built.leftOut().values().iterator().next());
            }
            payload = built.payload();
            toSend = built.sent();
        } catch (TalkJsNotFoundException e) {
            // The app is gone (404 on the upload): no retry fixes it, the batch fails with the reason.
            batches.markDelivered(task, previous);
            fail(task, batch, toSend, e.getMessage());
            return null;
        }
        if (!inFlightByUs && !batches.markInFlight(task, previous, batch, task.lease(), config.lease())) {
            throw new LeaseLostException(task);
        }
        try {
            client.importMessages(task.environment(), task.ref(), payload);
        } catch (TalkJsRejectedException | TalkJsNotFoundException e) {
            // A 400 stores nothing (the import is all-or-nothing): the batch fails with TalkJS's reason.
            fail(task, batch, toSend, e.getMessage());
            return null;
        }
        metrics.counter("talkport.delivery.messages", "environment", task.environment().name())
                .increment(toSend.size());
        return new MessageBatches.Taken(batch, reconciled);
    }

    /** Writes a taken batch's DELIVERED mark when the task stops early; if even that fails, reconciling covers it. */
    private void recordQuietly(Task task, MessageBatches.Taken taken) {
        try {
            batches.markDelivered(task, taken);
        } catch (RuntimeException e) {
            Log.debugf("%s: batch %d stays IN_FLIGHT and will be reconciled (%s)", task, taken.batch().number(),
                    e.getMessage());
        }
    }

    private void fail(Task task, MessageBatches.Batch batch, List<StagedMessage> messages, String reason) {
        batches.markFailed(task, batch, messages.stream().map(StagedMessage::itemId).toList(), reason);
        metrics.counter("talkport.delivery.failures", "kind", "messages").increment(messages.size());
    }
}
