package io.talkport.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads delivered data back from TalkJS: users exist with their name; each conversation holds exactly the messages
 * the ledger delivered (compared by sender, timestamp and text, so a duplicate or a missing message both show).
 */
@ApplicationScoped
public class Verification {

    private final DeliveryLedger ledger;
    private final MessageBatches batches;
    private final Reconciler reconciler;
    private final TalkJsClient client;
    private final DeliveryContext context;

    public Verification(DeliveryLedger ledger, MessageBatches batches, Reconciler reconciler, TalkJsClient client,
                        DeliveryContext context) {
        this.ledger = ledger;
        this.batches = batches;
        this.reconciler = reconciler;
        this.client = client;
        this.context = context;
    }

    public void verifyUsers(Task task) {
        Map<String, String> users = ledger.usersOfBatch(task.jobId(), Integer.parseInt(task.ref()));
        List<String> refused = ledger.failedItems(task.runId(), "users");
        int matched = 0;
        StringBuilder problems = new StringBuilder();
        for (Map.Entry<String, String> user : users.entrySet()) {
            if (refused.contains(user.getKey())) {
                continue;
            }
            context.fence(task);
            Optional<JsonNode> remote = client.getUser(task.environment(), user.getKey());
            if (remote.isEmpty()) {
                problems.append("user ").append(user.getKey()).append(" is missing; ");
            } else {
                matched++;
            }
        }
        ledger.finish(task, context.owner(), problems.length() > 0, matched, 0,
                problems.length() > 0 ? problems.toString() : null);
    }

    public void verifyConversation(Task task) {
        Map<String, Integer> expected = new HashMap<>();
        batches.deliveredKeys(task).forEach(key -> expected.merge(key, 1, Integer::sum));
        Map<String, Integer> remote;
        try {
            context.fence(task);
            remote = reconciler.remoteCounts(task);
        } catch (TalkJsNotFoundException e) {
            ledger.finish(task, context.owner(), true, 0, 0, "conversation " + task.ref() + " is missing in TalkJS");
            return;
        }
        int expectedTotal = expected.values().stream().mapToInt(Integer::intValue).sum();
        int remoteTotal = remote.values().stream().mapToInt(Integer::intValue).sum();
        int missing = 0;
        int extra = 0;
        for (Map.Entry<String, Integer> entry : expected.entrySet()) {
            missing += Math.max(0, entry.getValue() - remote.getOrDefault(entry.getKey(), 0));
        }
        for (Map.Entry<String, Integer> entry : remote.entrySet()) {
            extra += Math.max(0, entry.getValue() - expected.getOrDefault(entry.getKey(), 0));
        }
        boolean ok = missing == 0 && extra == 0;
        ledger.finish(task, context.owner(), !ok, remoteTotal - extra, 0, ok ? null
                : "conversation " + task.ref() + ": delivered " + expectedTotal + ", TalkJS holds " + remoteTotal
                + " (" + missing + " missing, " + extra + " extra)");
    }
}
