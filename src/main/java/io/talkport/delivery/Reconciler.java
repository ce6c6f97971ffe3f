package io.talkport.delivery;

import io.talkport.delivery.ledger.MessageBatches;
import io.talkport.delivery.ledger.Task;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsMessage;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, for a batch whose outcome is unknown, which of its messages TalkJS already holds. It reads the whole
 * conversation back and counts messages by (sender, timestamp, text); what the ledger already records as delivered
 * accounts for its share of those counts, and only the remainder can be this batch's. Counting (not set membership)
 * keeps identical messages that a bundle legitimately repeats apart.
 */
@ApplicationScoped
public class Reconciler {

    private final TalkJsClient client;
    private final MessageBatches batches;

    public Reconciler(TalkJsClient client, MessageBatches batches) {
        this.client = client;
        this.batches = batches;
    }

    /** The messages of {@code batch} that TalkJS does not hold yet, in order. */
    public List<StagedMessage> missing(Task task, List<StagedMessage> batch) {
        Map<String, Integer> unaccounted = remoteCounts(task);
        for (String key : batches.deliveredKeys(task)) {
            unaccounted.merge(key, -1, Integer::sum);
        }
        List<StagedMessage> missing = new ArrayList<>();
        for (StagedMessage message : batch) {
            String key = message.matchKey();
            if (unaccounted.getOrDefault(key, 0) > 0) {
                unaccounted.merge(key, -1, Integer::sum);
            } else {
                missing.add(message);
            }
        }
        return missing;
    }

    /** How many messages of each key the conversation holds in TalkJS. */
    public Map<String, Integer> remoteCounts(Task task) {
        Map<String, Integer> counts = new HashMap<>();
        for (TalkJsMessage message : client.listAllMessages(task.environment(), task.ref())) {
            counts.merge(MessageKey.of(message.senderId(), message.createdAt(), message.text()), 1, Integer::sum);
        }
        return counts;
    }
}
