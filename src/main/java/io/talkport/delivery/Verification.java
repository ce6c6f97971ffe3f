package io.talkport.delivery;

import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.ledger.MessageBatches;
import io.talkport.delivery.ledger.Task;
import io.talkport.delivery.ledger.AppRecord;
import com.fasterxml.jackson.databind.JsonNode;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;

import io.talkport.talkjs.TalkJsMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads delivered data back from TalkJS: users exist with their name; each conversation holds exactly the messages
 * the ledger delivered or found there already (compared by sender, timestamp and text, so a duplicate or a missing
 * message both show). Messages the job does not hold at all are kept, not a failure, and explained: sent by another
 * Talkport job (named, from the app's record) or from outside Talkport.
 */
@ApplicationScoped
public class Verification {

    private final DeliveryLedger ledger;
    private final MessageBatches batches;
    private final Reconciler reconciler;
    private final TalkJsClient client;
    private final DeliveryContext context;
    private final ReactionDelivery reactions;

    public Verification(DeliveryLedger ledger, MessageBatches batches, Reconciler reconciler, TalkJsClient client,
                        DeliveryContext context, ReactionDelivery reactions) {
        this.reactions = reactions;
        this.ledger = ledger;
        this.batches = batches;
        this.reconciler = reconciler;
        this.client = client;
        this.context = context;
    }

    public void verifyUsers(Task task) {
        Map<String, String> users = ledger.usersOfBatch(task.jobId(), task.ref());
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
        ledger.finish(task, task.lease(), problems.length() > 0, matched, 0,
                problems.length() > 0 ? problems.toString() : null);
    }

    public void verifyConversation(Task task) {
        Map<String, List<MessageBatches.Delivered>> expected = new HashMap<>();
        batches.delivered(task).forEach(d -> expected.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d));
        Map<String, List<TalkJsMessage>> remote = new HashMap<>();
        try {
            context.fence(task);
            for (TalkJsMessage m : client.listAllMessages(task.environment(), task.ref())) {
                remote.computeIfAbsent(MessageKey.of(m.senderId(), m.createdAt(), m.text()), k -> new ArrayList<>())
                        .add(m);
            }
        } catch (TalkJsNotFoundException e) {
            ledger.finish(task, task.lease(), true, 0, 0, "conversation " + task.ref() + " is missing in TalkJS");
            return;
        }
        int expectedTotal = expected.values().stream().mapToInt(List::size).sum();
        int remoteTotal = remote.values().stream().mapToInt(List::size).sum();
        int missing = 0;
        int extra = 0;
        int wrongAttachments = 0;
        for (Map.Entry<String, List<MessageBatches.Delivered>> entry : expected.entrySet()) {
            List<TalkJsMessage> held = remote.getOrDefault(entry.getKey(), List.of());
            missing += Math.max(0, entry.getValue().size() - held.size());
            if (held.size() == entry.getValue().size()) {
                wrongAttachments += attachmentMismatches(entry.getValue(), held);
            }
        }
        List<TalkJsMessage> others = new ArrayList<>();
        for (Map.Entry<String, List<TalkJsMessage>> entry : remote.entrySet()) {
            List<MessageBatches.Delivered> ours = expected.get(entry.getKey());
            if (ours == null) {
                others.addAll(entry.getValue()); // not a message of this job: another job's or another tool's
            } else {
                extra += Math.max(0, entry.getValue().size() - ours.size()); // a copy too many of ours: a duplicate
            }
        }
        boolean ok = missing == 0 && extra == 0 && wrongAttachments == 0;
        String kept = others.isEmpty() ? null : "conversation " + task.ref() + ": " + explain(task, others);
        String reacted = reactions.deliver(task, remote); // staged reactions re-added, now that the messages are in
        kept = reacted == null ? kept : (kept == null ? "conversation " + task.ref() + ": " : kept + "; ") + reacted;
        ledger.finish(task, task.lease(), !ok, remoteTotal - extra - others.size(), 0, ok ? kept
                : "conversation " + task.ref() + ": delivered " + expectedTotal + ", TalkJS holds " + remoteTotal
                + " (" + missing + " missing, " + extra + " extra, " + wrongAttachments + " without their attachment)"
                + (kept == null ? "" : "; " + kept));
    }

    /** Who sent messages this job did not: other Talkport jobs (named, from the app's record) or someone outside. */
    private String explain(Task task, List<TalkJsMessage> others) {
        Map<String, List<String>> byOtherJobs = ledger.recordedByOtherJobs(task);
        Map<String, Integer> perJob = new java.util.TreeMap<>();
        int outside = 0;
        for (TalkJsMessage m : others) {
            List<String> jobs = byOtherJobs.get(AppRecord.digestKey(m.senderId(), m.createdAt(), m.text()));
            if (jobs == null || jobs.isEmpty()) {
                outside++;
            } else {
                perJob.merge(jobs.remove(0), 1, Integer::sum);
            }
        }
        StringBuilder why = new StringBuilder();
        perJob.forEach((job, n) -> why.append(why.length() == 0 ? "" : ", ").append(n)
                .append(" from Talkport job \"").append(job).append('"'));
        if (outside > 0) {
            why.append(why.length() == 0 ? "" : ", ").append(outside).append(" from outside Talkport");
        }
        return others.size() + " messages this job did not send are kept (" + why + ")";
    }

    /**
     * Messages that should carry an attachment (of a known size, or any for a passed-through token) but whose
     * counterparts in TalkJS do not. Exact sizes are matched first, then "any attachment".
     */
    static int attachmentMismatches(List<MessageBatches.Delivered> expected, List<TalkJsMessage> held) {
        List<Long> sizes = new ArrayList<>();
        held.forEach(m -> sizes.add(m.attachmentUrl() == null ? null : m.attachmentSize()));
        int mismatches = 0;
        List<MessageBatches.Delivered> anyAttachment = new ArrayList<>();
        for (MessageBatches.Delivered d : expected) {
            if (d.attachmentExpected() && d.attachmentSize() == null) {
                anyAttachment.add(d);
            } else if (!sizes.remove(d.attachmentExpected() ? d.attachmentSize() : null)) {
                mismatches++;
            }
        }
        for (int i = 0; i < anyAttachment.size(); i++) {
            int index = firstNonNull(sizes);
            if (index < 0) {
                mismatches++;
            } else {
                sizes.remove(index);
            }
        }
        return mismatches;
    }

    private static int firstNonNull(List<Long> sizes) {
        for (int i = 0; i < sizes.size(); i++) {
            if (sizes.get(i) != null) {
                return i;
            }
        }
        return -1;
    }
}
