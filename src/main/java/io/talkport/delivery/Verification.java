package io.talkport.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.talkport.delivery.ledger.AppRecord;
import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.ledger.MessageBatches;
import io.talkport.delivery.ledger.Task;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsMessage;
import io.talkport.talkjs.TalkJsNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads delivered data back from TalkJS where the ledger cannot vouch for it ({@link DeliveryConfig#verifyReadBack()};
 * the rest is settled when the checks are planned, {@link DeliveryLedger#planVerification}): users exist; each
 * conversation holds exactly the messages the ledger delivered or found there already (compared by sender, timestamp
 * and text, so a duplicate or a missing message both show). Messages the job does not hold at all are kept, not a
 * failure, and explained: sent by another Talkport job (named, from the app's record) or from outside Talkport.
 *
 * <p>Conversations are read back ten at a time: the worker that claims a check leases the next pending checks of the
 * run and reads their first pages in one call of the batch endpoint, whose budget is TalkJS's batch budget and not
 * the general one the push uses; only a conversation of more than a page, or one whose operation was not answered,
 * costs general calls.
 */
@ApplicationScoped
public class Verification {

    private final DeliveryLedger ledger;
    private final MessageBatches batches;
    private final TalkJsClient client;
    private final DeliveryContext context;
    private final DeliveryConfig config;
    private final MeterRegistry metrics;
    private final ReactionDelivery reactions;

    public Verification(DeliveryLedger ledger, MessageBatches batches, TalkJsClient client, DeliveryContext context,
                        DeliveryConfig config, MeterRegistry metrics, ReactionDelivery reactions) {
        this.reactions = reactions;
        this.ledger = ledger;
        this.batches = batches;
        this.client = client;
        this.context = context;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Plans the run's checks ({@link DeliveryLedger#planVerification}) and notes on each vouched conversation the
     * messages other Talkport jobs put there, from the app's record, as a read-back would have explained them.
     */
    public void planChecks(long runId) {
        ledger.planVerification(runId, config.verifyReadBack() == DeliveryConfig.ReadBack.ALL);
        Map<String, String> notes = new HashMap<>();
        ledger.recordedOthersInVouched(runId).forEach((ref, perJob) -> notes.put(ref,
                "conversation " + ref + ": " + kept(perJob.values().stream().mapToInt(Integer::intValue).sum(),
                        perJob, 0)));
        if (!notes.isEmpty()) {
            ledger.noteVouchedChecks(runId, notes);
        }
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

    /**
     * Checks the claimed conversation, and with the batch endpoint up to nine more pending checks of its run, leased
     * for it: their first pages in one batch call, then each compared and finished. A failure of the batch call gives
     * the leased checks back and is the claimed task's (the worker backs it off).
     */
    public void verifyConversation(Task task) {
        if (!client.batchEnabled()) {
            check(task, readAll(task));
            return;
        }
        List<Task> group = new ArrayList<>();
        group.add(task);
        group.addAll(ledger.leaseAhead(task, config.lease(), DeliveryLedger.Ahead.TO_VERIFY, client.batchSize() - 1));
        List<Task> followers = group.subList(1, group.size());
        followers.forEach(context::hold);
        List<Task> open = new ArrayList<>(group);
        try {
            context.fence(task);
            Map<String, TalkJsClient.MessagePage> pages = client.firstMessagePages(task.environment(),
                    group.stream().map(Task::ref).toList());
            metrics.counter("talkport.verification.batch_reads", "environment", task.environment().name())
                    .increment(group.size());
            for (Task member : group) {
                check(member, messagesOf(member, pages.get(member.ref())));
                open.remove(member);
            }
        } finally {
            followers.forEach(context::letGo);
            open.remove(task);
            if (!open.isEmpty()) {
                ledger.giveBack(open);
            }
        }
    }

    /**
     * The conversation's messages from its first page, paging on with the general listing when the page is full;
     * read on its own when its operation was not answered (throttled, a TalkJS failure). Null when it is missing.
     */
    private List<TalkJsMessage> messagesOf(Task task, TalkJsClient.MessagePage page) {
        if (page.status() == 404) {
            return null;
        }
        if (!page.isSuccess()) {
            return readAll(task);
        }
        List<TalkJsMessage> all = new ArrayList<>(page.messages());
        if (page.mayHaveMore()) {
            String after = all.get(all.size() - 1).id();
            while (true) {
                context.fence(task);
                List<TalkJsMessage> next = client.listMessages(task.environment(), task.ref(),
                        TalkJsClient.MESSAGE_PAGE_SIZE, after);
                all.addAll(next);
                if (next.size() < TalkJsClient.MESSAGE_PAGE_SIZE || next.get(next.size() - 1).id() == null) {
                    break;
                }
                after = next.get(next.size() - 1).id();
            }
        }
        return all;
    }

    /** Every message of the conversation through the general listing; null when the conversation is missing. */
    private List<TalkJsMessage> readAll(Task task) {
        try {
            context.fence(task);
            return client.listAllMessages(task.environment(), task.ref());
        } catch (TalkJsNotFoundException e) {
            return null;
        }
    }

    /** Compares what TalkJS holds ({@code listed}, null for a missing conversation) with the ledger; ends the check. */
    private void check(Task task, List<TalkJsMessage> listed) {
        if (listed == null) {
            ledger.finish(task, task.lease(), true, 0, 0, "conversation " + task.ref() + " is missing in TalkJS");
            return;
        }
        Map<String, List<MessageBatches.Delivered>> expected = new HashMap<>();
        batches.delivered(task).forEach(d -> expected.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d));
        Map<String, List<TalkJsMessage>> remote = new HashMap<>();
        for (TalkJsMessage m : listed) {
            remote.computeIfAbsent(MessageKey.of(m.senderId(), m.createdAt(), m.text()), k -> new ArrayList<>()).add(m);
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
        return kept(others.size(), perJob, outside);
    }

    /** "N messages this job did not send are kept (n from Talkport job "x", m from outside Talkport)". */
    private static String kept(int total, Map<String, Integer> perJob, int outside) {
        StringBuilder why = new StringBuilder();
        perJob.forEach((job, n) -> why.append(why.length() == 0 ? "" : ", ").append(n)
                .append(" from Talkport job \"").append(job).append('"'));
        if (outside > 0) {
            why.append(why.length() == 0 ? "" : ", ").append(outside).append(" from outside Talkport");
        }
        return total + " messages this job did not send are kept (" + why + ")";
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
