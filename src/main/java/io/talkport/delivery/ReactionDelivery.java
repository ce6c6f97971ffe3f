package io.talkport.delivery;

import io.quarkus.logging.Log;
import io.talkport.delivery.ledger.BatchState;
import io.talkport.delivery.ledger.Task;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsMessage;
import io.talkport.talkjs.TalkJsNotFoundException;
import io.talkport.talkjs.TalkJsRejectedException;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Re-adds a conversation's staged reactions (staged_reaction, V20) once its messages are in TalkJS, during the
 * conversation's verification: TalkJS's import takes no reactions and answers ids the ledger does not keep, so the
 * messages verification listed are matched to the staged ones by {@link MessageKey} (several with one key: in import
 * order). Each reaction is one {@code PUT …/reactions/{emoji}/{userId}} (idempotent, at the current time: TalkJS keeps
 * no reaction time; ../shared/talkjs-api.md section 13 "Reactions"). Where the listed message shows
 * {@code reactions} with at least as many users for an emoji as are staged, that emoji is taken as re-added and costs
 * no call (a second verification adds nothing). A refusal (4xx) is not retried: it is counted in the note returned.
 */
@ApplicationScoped
public class ReactionDelivery {

    /** One staged message of the conversation: its key and its reactions, emoji → users. */
    private record Staged(String key, Map<String, List<String>> reactions) {
    }

    /** What one conversation's reactions came to. */
    private static final class Tally {
        int added;
        int present;
        int refused;
        int unmatched;
        String firstRefusal;
    }

    private final DataSource dataSource;
    private final TalkJsClient client;
    private final DeliveryContext context;

    public ReactionDelivery(DataSource dataSource, TalkJsClient client, DeliveryContext context) {
        this.dataSource = dataSource;
        this.client = client;
        this.context = context;
    }

    /**
     * Re-adds the reactions of the conversation's delivered (or already present) messages that TalkJS does not show.
     *
     * @param remote the conversation's TalkJS messages by {@link MessageKey}, each list newest first as listed
     * @return a note for the verification's finding ("2 reactions refused by TalkJS (…)"), or null when every staged
     *         reaction is in TalkJS
     */
    public String deliver(Task task, Map<String, List<TalkJsMessage>> remote) {
        List<Staged> staged = staged(task);
        if (staged.isEmpty()) {
            return null;
        }
        Map<String, List<Staged>> byKey = new LinkedHashMap<>();
        staged.forEach(s -> byKey.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s));
        Tally tally = new Tally();
        byKey.forEach((key, ours) -> {
            List<TalkJsMessage> held = new ArrayList<>(remote.getOrDefault(key, List.of()));
            Collections.reverse(held); // oldest first, as imported
            for (int i = 0; i < ours.size(); i++) {
                if (held.size() != ours.size()) {
                    ours.get(i).reactions().values().forEach(users -> tally.unmatched += users.size());
                } else {
                    addMissing(task, held.get(i), ours.get(i).reactions(), tally);
                }
            }
        });
        Log.infof("Job %d: conversation %s: %d reactions re-added, %d already in TalkJS, %d refused, %d on messages "
                + "not matched", task.jobId(), task.ref(), tally.added, tally.present, tally.refused, tally.unmatched);
        return note(tally);
    }

    private void addMissing(Task task, TalkJsMessage message, Map<String, List<String>> reactions, Tally tally) {
        reactions.forEach((emoji, users) -> {
            Integer shown = message.reactions() == null ? null : message.reactions().get(emoji);
            if (shown != null && shown >= users.size()) {
                tally.present += users.size();
                return;
            }
            for (String user : users) {
                try {
                    context.fence(task);
                    client.addReaction(task.environment(), task.ref(), message.id(), emoji, user);
                    tally.added++;
                } catch (TalkJsRejectedException | TalkJsNotFoundException e) {
                    tally.refused++;
                    if (tally.firstRefusal == null) {
                        tally.firstRefusal = emoji + " by " + user + ": HTTP " + e.status();
                    }
                }
            }
        });
    }

    private static String note(Tally tally) {
        if (tally.refused == 0 && tally.unmatched == 0) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (tally.refused > 0) {
            parts.add(reactions(tally.refused) + " refused by TalkJS (first: " + tally.firstRefusal + ")");
        }
        if (tally.unmatched > 0) {
            parts.add(reactions(tally.unmatched) + " not re-added (their message is missing or repeated in TalkJS)");
        }
        return String.join(", ", parts);
    }

    private static String reactions(int n) {
        return n + (n == 1 ? " reaction" : " reactions");
    }

    /**
     * The conversation's delivered or already present messages that carry valid staged reactions, in staging order.
     * A conversation without reactions costs one index lookup.
     */
    private List<Staged> staged(Task task) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT m.seq, m.sender, m.ts, m.text, r.emoji, r.user_id
                     FROM staged_reaction r
                     JOIN delivery_batch b ON b.run_id = ? AND b.conversation_id = r.conversation_id
                       AND b.state IN %s AND r.seq = ANY (b.seqs)
                     JOIN staged_message m ON m.job_id = r.job_id AND m.seq = r.seq
                     WHERE r.job_id = ? AND r.conversation_id = ? AND r.valid
                     ORDER BY m.seq, r.emoji, r.user_id
                     """.formatted(BatchState.sql(BatchState.IN_TALKJS)))) {
            statement.setLong(1, task.runId());
            statement.setLong(2, task.jobId());
            statement.setString(3, task.ref());
            List<Staged> staged = new ArrayList<>();
            long seq = -1;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (rows.getLong(1) != seq) {
                        seq = rows.getLong(1);
                        staged.add(new Staged(MessageKey.of(rows.getString(2), rows.getLong(3), rows.getString(4)),
                                new LinkedHashMap<>()));
                    }
                    staged.get(staged.size() - 1).reactions().computeIfAbsent(rows.getString(5),
                            e -> new ArrayList<>()).add(rows.getString(6));
                }
            }
            return staged;
        } catch (SQLException e) {
            throw new IllegalStateException("Job " + task.jobId() + ": cannot read the staged reactions of "
                    + task.ref(), e);
        }
    }
}
