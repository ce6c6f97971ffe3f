package io.talkport.delivery;

import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.ledger.BatchState;
import io.talkport.delivery.ledger.MessageBatches;
import io.talkport.delivery.ledger.Sql;
import io.talkport.delivery.ledger.AppRecord;
import io.quarkus.logging.Log;
import io.talkport.job.Run;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsClient.ConversationSummary;
import io.talkport.talkjs.TalkJsEnvironment;
import io.talkport.talkjs.TalkJsMessage;
import io.talkport.talkjs.TalkJsNotConfiguredException;
import io.talkport.talkjs.TalkJsNotFoundException;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The plan before every run: for each conversation of a job, what the target TalkJS app already holds. Conversations
 * that TalkJS does not list are new. Listed conversations that the app's record ({@link AppRecord}) vouches for
 * (created by Talkport, not re-created since, no message newer than the record knows) are matched against the record
 * in SQL; the others (made by another tool, changed since) are read back from TalkJS. Messages are matched by
 * (sender, timestamp, text), counted, so identical messages a bundle repeats stay apart.
 *
 * <p>{@link #plan(Run)} writes the outcome into the run's ledger before the run starts: the messages already there go
 * into one batch of state {@code PRESENT} (batch number -1, never sent), which the lazy cut of the conversation into
 * import batches leaves out, so the run delivers exactly the new part. Recorded conversations TalkJS no longer lists
 * (a reset, a deletion) are forgotten by the record. Cost in TalkJS calls: one paged listing of the app's
 * conversations (30 a page) plus one paged read per conversation the record cannot vouch for.
 */
@ApplicationScoped
public class DeliveryPlanner {

    /** Conversations per planning transaction (each locks the run row, so planners on two instances take turns). */
    private static final int CHUNK = 1000;

    private final DataSource dataSource;
    private final TalkJsClient client;

    public DeliveryPlanner(DataSource dataSource, TalkJsClient client) {
        this.dataSource = dataSource;
        this.client = client;
    }

    /** What planning found for one conversation that TalkJS holds already. */
    public record ConversationPlan(String conversationId, int messages, int present, int foreignMessages,
                                   boolean readBack) {
        public int newMessages() {
            return messages - present;
        }
    }

    /**
     * A plan: the job's conversations and eligible messages, the new messages to send, the messages already in the
     * app (skipped), messages there that this job does not hold (kept), and what planning cost (TalkJS calls, ms).
     * {@code inTalkJs} lists only conversations the app holds already.
     */
    public record Plan(String environment, String appId, int conversations, long messages, long newMessages,
                       int conversationsWithNew, long alreadyPresent, long foreignMessages, int conversationsWithForeign,
                       int conversationsInTalkJs, int readBacks, int listingCalls, int readCalls, long planMillis,
                       int forgotten, List<ConversationPlan> inTalkJs) {
    }

    /**
     * What a run's plan found and cost, as the run document shows it: messages already in the app (not sent),
     * messages there that the job does not hold (kept) and in how many conversations, conversations read back, calls
     * (listing pages, message pages), planning time in ms and recorded conversations forgotten (gone from TalkJS).
     */
    public record Figures(long alreadyPresent, long foreignMessages, int conversationsWithForeign, int readBacks,
                          int listingCalls, int readCalls, long planMillis, int forgotten) {
    }

    /** The plan figures of a run; empty before it was planned. */
    public java.util.Optional<Figures> figures(long runId) {
        return Sql.inTransaction(dataSource, connection -> {
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT (SELECT coalesce(sum(msg_count), 0) FROM delivery_batch
                            WHERE run_id = p.run_id AND state = 'PRESENT'),
                           (SELECT coalesce(sum(foreign_messages), 0) FROM delivery_plan WHERE run_id = p.run_id),
                           (SELECT count(*) FROM delivery_plan WHERE run_id = p.run_id AND foreign_messages > 0),
                           p.read_backs, p.listing_calls, p.read_calls, p.plan_ms, p.forgotten
                    FROM run_plan p WHERE p.run_id = ?
                    """, runId);
                 ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of(new Figures(rows.getLong(1), rows.getLong(2), rows.getInt(3),
                        rows.getInt(4), rows.getInt(5), rows.getInt(6), rows.getLong(7), rows.getInt(8)));
            }
        });
    }

    /** The outcome of the reads, before anything is written. */
    /** {@code learned}: TalkJS's createdAt (ms) of vouched conversations whose record did not know it yet. */
    private record Survey(String appId, Map<String, Integer> messages, List<String> vouched,
                          Map<String, ReadBack> readBack, List<String> forget, int listingCalls, int readCalls,
                          Map<String, Long> learned) {
    }

    private record ReadBack(long[] presentSeqs, int foreignMessages) {
    }

    /**
     * Works out what the app holds for the job's conversations, without writing anything ({@code GET .../plan}).
     * With a run to resume, conversations it has started already count with their open batches as new.
     *
     * @throws TalkJsNotConfiguredException when the environment has no app id
     */
    public Plan preview(long jobId, Long resumedRunId, TalkJsEnvironment environment, boolean addMissingSenders,
                        boolean addPlaceholderUsers) {
        long started = System.nanoTime();
        long runId = resumedRunId == null ? -1 : resumedRunId;
        Survey survey = survey(jobId, runId, environment, addMissingSenders, addPlaceholderUsers);
        Map<String, Integer> presentByRecord = new HashMap<>();
        for (List<String> chunk : chunks(survey.vouched())) {
            presentByRecord.putAll(Sql.inTransaction(dataSource, connection ->
                    recordMatches(connection, jobId, addMissingSenders, survey.appId(), chunk)));
        }
        List<ConversationPlan> found = details(survey, presentByRecord);
        long[] resumed = resumedRunId == null ? new long[2] : openAndPresent(resumedRunId);
        long messages = survey.messages().values().stream().mapToLong(Integer::longValue).sum() + resumed[0]
                + resumed[1];
        long present = found.stream().mapToLong(ConversationPlan::present).sum() + resumed[1];
        return plan(environment, survey, found, messages, present, System.nanoTime() - started);
    }

    /**
     * Plans the run against what its app holds now, for the conversations it has not started yet (idempotent: a
     * resumed or re-planned run keeps what it has). Writes {@code run_plan} first: the record of every batch
     * delivered later names the app from it.
     */
    public Plan plan(Run run) {
        long started = System.nanoTime();
        Survey survey = survey(run.jobId, run.id, run.environment, run.addMissingSenders, run.addPlaceholderUsers);
        Sql.inTransaction(dataSource, connection -> Sql.update(connection, """
                INSERT INTO run_plan (run_id, app_id) VALUES (?, ?)
                ON CONFLICT (run_id) DO UPDATE SET app_id = excluded.app_id
                """, run.id, survey.appId()));
        forget(survey);
        Map<String, Integer> presentByRecord = new HashMap<>();
        for (List<String> chunk : chunks(survey.vouched())) {
            presentByRecord.putAll(Sql.inTransaction(dataSource, connection -> {
                lockRun(connection, run.id);
                learn(connection, survey, chunk);
                return writeRecordMatches(connection, run, survey.appId(), chunk);
            }));
        }
        List<ConversationPlan> found = details(survey, presentByRecord);
        List<String> readBackIds = new ArrayList<>(survey.readBack().keySet());
        for (List<String> chunk : chunks(readBackIds)) {
            Sql.inTransaction(dataSource, connection -> {
                lockRun(connection, run.id);
                writeReadBacks(connection, run, survey, chunk);
                return null;
            });
        }
        long elapsed = System.nanoTime() - started;
        if (survey.messages().isEmpty()) {
            return plan(run.environment, survey, found, 0, 0, elapsed); // planned before (a restart): keep its figures
        }
        Sql.inTransaction(dataSource, connection -> Sql.update(connection, """
                UPDATE run_plan SET listing_calls = ?, read_backs = ?, read_calls = ?, plan_ms = ?, forgotten = ?,
                    planned_at = now()
                WHERE run_id = ?
                """, survey.listingCalls(), survey.readBack().size(), survey.readCalls(), elapsed / 1_000_000,
                survey.forget().size(), run.id));
        long messages = survey.messages().values().stream().mapToLong(Integer::longValue).sum();
        long present = found.stream().mapToLong(ConversationPlan::present).sum();
        Plan plan = plan(run.environment, survey, found, messages, present, elapsed);
        Log.infof("job %d run %d (%s): planned %d conversations against app %s: %d new messages, %d already there, "
                        + "%d there not sent by this job; %d listing and %d read calls, %d conversations forgotten",
                run.jobId, run.id, run.environment, plan.conversations(), plan.appId(), plan.newMessages(),
                plan.alreadyPresent(), plan.foreignMessages(), plan.listingCalls(), plan.readCalls(),
                plan.forgotten());
        return plan;
    }

    private static Plan plan(TalkJsEnvironment environment, Survey survey, List<ConversationPlan> found,
                             long messages, long present, long nanos) {
        long foreign = found.stream().mapToLong(ConversationPlan::foreignMessages).sum();
        int withForeign = (int) found.stream().filter(c -> c.foreignMessages() > 0).count();
        java.util.Set<String> inTalkJs = new java.util.HashSet<>();
        found.forEach(c -> inTalkJs.add(c.conversationId()));
        int withNew = (int) (found.stream().filter(c -> c.newMessages() > 0).count()
                + survey.messages().entrySet().stream()
                .filter(e -> !inTalkJs.contains(e.getKey()) && e.getValue() > 0).count());
        return new Plan(environment.key(), survey.appId(), survey.messages().size(), messages, messages - present,
                withNew, present, foreign, withForeign, found.size(), survey.readBack().size(), survey.listingCalls(),
                survey.readCalls(), nanos / 1_000_000, survey.forget().size(), found);
    }

    private static List<ConversationPlan> details(Survey survey, Map<String, Integer> presentByRecord) {
        List<ConversationPlan> found = new ArrayList<>();
        for (String id : survey.vouched()) {
            found.add(new ConversationPlan(id, survey.messages().get(id), presentByRecord.getOrDefault(id, 0), 0,
                    false));
        }
        survey.readBack().forEach((id, read) -> found.add(new ConversationPlan(id, survey.messages().get(id),
                read.presentSeqs().length, read.foreignMessages(), true)));
        return found;
    }

    // ---- reading: the job, the record, TalkJS --------------------------------------------------------------------

    private Survey survey(long jobId, long runId, TalkJsEnvironment environment, boolean addMissingSenders,
                          boolean addPlaceholderUsers) {
        String appId = client.appId(environment)
                .orElseThrow(() -> new TalkJsNotConfiguredException(environment, "its app id"));
        Map<String, Integer> messages = Sql.inTransaction(dataSource, connection ->
                unstarted(connection, jobId, runId, addMissingSenders, addPlaceholderUsers));
        if (messages.isEmpty()) {
            return new Survey(appId, messages, List.of(), Map.of(), List.of(), 0, 0, Map.of());
        }
        int[] pages = new int[1];
        Map<String, ConversationSummary> listed = new HashMap<>();
        for (ConversationSummary summary : client.listAllConversations(environment, pages)) {
            if (messages.containsKey(summary.id())) {
                listed.put(summary.id(), summary);
            }
        }
        Map<String, Vouch> record = Sql.inTransaction(dataSource, connection ->
                record(connection, appId, new ArrayList<>(messages.keySet())));
        List<String> vouched = new ArrayList<>();
        List<String> toRead = new ArrayList<>();
        List<String> forget = new ArrayList<>();
        Map<String, Long> learned = new HashMap<>();
        for (String id : messages.keySet()) {
            ConversationSummary inTalkJs = listed.get(id);
            Vouch vouch = record.get(id);
            if (inTalkJs == null) {
                if (vouch != null) {
                    forget.add(id);
                }
            } else if (vouch != null && vouch.covers(inTalkJs)) {
                vouched.add(id);
                if (vouch.talkjsCreatedAt() == null) {
                    learned.put(id, inTalkJs.createdAt());
                }
            } else {
                toRead.add(id);
            }
        }
        int[] reads = new int[1];
        Map<String, ReadBack> readBack = new LinkedHashMap<>();
        for (String id : toRead) {
            ReadBack read = readBack(jobId, environment, addMissingSenders, id, reads);
            if (read != null) {
                readBack.put(id, read);
            }
        }
        return new Survey(appId, messages, vouched, readBack, forget, pages[0], reads[0], learned);
    }

    /**
     * The job's conversations that take part in the run (valid, or waiting only for placeholder users when it creates
     * them) and that it has not cut into batches yet, with their eligible messages.
     */
    private static Map<String, Integer> unstarted(Connection connection, long jobId, long runId,
                                                  boolean addMissingSenders, boolean addPlaceholderUsers)
            throws SQLException {
        Map<String, Integer> messages = new LinkedHashMap<>();
        try (PreparedStatement statement = Sql.prepare(connection, """
                SELECT c.conversation_id, coalesce(counts.n, 0) FROM staged_conversation c
                LEFT JOIN (SELECT m.conversation_id, count(*) AS n FROM staged_message m
                           WHERE m.job_id = ? AND %s GROUP BY m.conversation_id) counts
                       ON counts.conversation_id = c.conversation_id
                WHERE c.job_id = ? AND %s
                  AND NOT EXISTS (SELECT 1 FROM delivery_batch b WHERE b.run_id = ?
                                  AND b.conversation_id = c.conversation_id)
                ORDER BY c.conversation_id
                """.formatted(DeliveryLedger.ELIGIBLE_MESSAGE, DeliveryLedger.ELIGIBLE_CONVERSATION), jobId,
                addMissingSenders, jobId, addPlaceholderUsers, runId);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                messages.put(rows.getString(1), rows.getInt(2));
            }
        }
        return messages;
    }

    /**
     * What the record knows of a conversation: written by Talkport (not merely found), when (ms, our database's
     * clock), TalkJS's own createdAt once a plan learned it (ms, TalkJS's clock; null before), and the newest message
     * timestamp it recorded there (null: none).
     */
    record Vouch(boolean ours, long recordedAt, Long talkjsCreatedAt, Long newest) {
        /**
         * Whether the record can stand for what TalkJS lists: ours, the very conversation we recorded (TalkJS's
         * createdAt as a plan learned it; before that, not created after we recorded it, a comparison across two
         * clocks), so not a re-creation by someone else after a reset, and no last message newer than any we
         * recorded (a message from another client since).
         */
        boolean covers(ConversationSummary listed) {
            boolean same = talkjsCreatedAt != null ? listed.createdAt() == talkjsCreatedAt
                    : listed.createdAt() <= recordedAt;
            return ours && same
                    && (listed.lastMessageAt() == null || (newest != null && listed.lastMessageAt() <= newest));
        }
    }

    private static Map<String, Vouch> record(Connection connection, String appId, List<String> ids)
            throws SQLException {
        Map<String, Vouch> record = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT c.conversation_id, c.origin = 'talkport', (extract(epoch FROM c.recorded_at) * 1000)::bigint,
                           c.talkjs_created_at,
                           (SELECT max(m.ts) FROM app_record_message m
                            WHERE m.app_id = c.app_id AND m.conversation_id = c.conversation_id)
                    FROM app_record_conversation c WHERE c.app_id = ? AND c.conversation_id = ANY (?)
                    """, appId, connection.createArrayOf("text", chunk.toArray()));
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long created = rows.getLong(4);
                    Long talkjsCreatedAt = rows.wasNull() ? null : created;
                    long newest = rows.getLong(5);
                    record.put(rows.getString(1), new Vouch(rows.getBoolean(2), rows.getLong(3), talkjsCreatedAt,
                            rows.wasNull() ? null : newest));
                }
            }
        }
        return record;
    }

    /**
     * Reads a conversation back from TalkJS and matches its messages with the job's, counted by key; null when it is
     * gone meanwhile. {@code reads[0]} counts the pages read.
     */
    private ReadBack readBack(long jobId, TalkJsEnvironment environment, boolean addMissingSenders,
                              String conversationId, int[] reads) {
        List<TalkJsMessage> remote;
        try {
            remote = client.listAllMessages(environment, conversationId);
        } catch (TalkJsNotFoundException e) {
            return null;
        }
        reads[0] += remote.size() / TalkJsClient.MESSAGE_PAGE_SIZE + 1;
        Map<String, Integer> counts = new HashMap<>();
        remote.forEach(m -> counts.merge(MessageKey.of(m.senderId(), m.createdAt(), m.text()), 1, Integer::sum));
        List<long[]> staged = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        Sql.inTransaction(dataSource, connection -> {
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT m.seq, m.sender, m.ts, m.text FROM staged_message m
                    WHERE m.job_id = ? AND m.conversation_id = ? AND %s ORDER BY m.ts, m.seq
                    """.formatted(DeliveryLedger.ELIGIBLE_MESSAGE), jobId, conversationId, addMissingSenders);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    staged.add(new long[] {rows.getLong(1)});
                    keys.add(MessageKey.of(rows.getString(2), rows.getLong(3), rows.getString(4)));
                }
            }
            return null;
        });
        List<Long> present = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (counts.getOrDefault(keys.get(i), 0) > 0) {
                counts.merge(keys.get(i), -1, Integer::sum);
                present.add(staged.get(i)[0]);
            }
        }
        int foreign = counts.values().stream().mapToInt(Integer::intValue).sum();
        return new ReadBack(present.stream().mapToLong(Long::longValue).toArray(), foreign);
    }

    // ---- matching against the record, in SQL ---------------------------------------------------------------------

    /**
     * The job's eligible messages of these conversations that the record holds, matched by key and counted
     * ({@code n}-th staged copy of a key is present when the record holds at least {@code n}). Parameters: job,
     * add-missing-senders, conversations, app, conversations.
     */
    private static final String PRESENT_BY_RECORD = """
            WITH staged AS (
                SELECT m.conversation_id, m.seq, m.ts, m.sender, md5(coalesce(m.text, '')) AS digest,
                       row_number() OVER (PARTITION BY m.conversation_id, m.sender, m.ts, md5(coalesce(m.text, ''))
                                          ORDER BY m.seq) AS n
                FROM staged_message m WHERE m.job_id = ? AND %s AND m.conversation_id = ANY (?)),
            recorded AS (
                SELECT conversation_id, sender, ts, text_digest AS digest, count(*) AS copies FROM app_record_message
                WHERE app_id = ? AND conversation_id = ANY (?) GROUP BY conversation_id, sender, ts, text_digest),
            present AS (
                SELECT s.conversation_id, s.seq, s.ts FROM staged s
                JOIN recorded r ON r.conversation_id = s.conversation_id AND r.sender = s.sender AND r.ts = s.ts
                               AND r.digest = s.digest
                WHERE s.n <= r.copies)
            """.formatted(DeliveryLedger.ELIGIBLE_MESSAGE);

    private static Map<String, Integer> recordMatches(Connection connection, long jobId, boolean addMissingSenders,
                                                      String appId, List<String> ids) throws SQLException {
        java.sql.Array array = connection.createArrayOf("text", ids.toArray());
        try (PreparedStatement statement = Sql.prepare(connection, PRESENT_BY_RECORD + """
                SELECT conversation_id, count(*) FROM present GROUP BY conversation_id
                """, jobId, addMissingSenders, array, appId, array);
             ResultSet rows = statement.executeQuery()) {
            return counts(rows);
        }
    }

    /** Writes the PRESENT batches and plan rows of conversations the record vouches for; returns what it found. */
    private static Map<String, Integer> writeRecordMatches(Connection connection, Run run, String appId,
                                                           List<String> ids) throws SQLException {
        java.sql.Array array = connection.createArrayOf("text", ids.toArray());
        Map<String, Integer> found;
        try (PreparedStatement statement = Sql.prepare(connection, PRESENT_BY_RECORD + """
                INSERT INTO delivery_batch (run_id, conversation_id, batch_no, seqs, msg_count, state)
                SELECT ?, p.conversation_id, -1, array_agg(p.seq ORDER BY p.ts, p.seq), count(*), %s
                FROM present p
                WHERE NOT EXISTS (SELECT 1 FROM delivery_batch b WHERE b.run_id = ?
                                  AND b.conversation_id = p.conversation_id)
                GROUP BY p.conversation_id
                RETURNING conversation_id, msg_count
                """.formatted(BatchState.PRESENT.sql()), run.jobId, run.addMissingSenders, array, appId, array, run.id, run.id);
             ResultSet rows = statement.executeQuery()) {
            found = counts(rows);
        }
        for (Map.Entry<String, Integer> entry : found.entrySet()) {
            writePlanRow(connection, run.id, entry.getKey(), entry.getValue(), 0, false);
        }
        return found;
    }

    /** Stores TalkJS's createdAt of these vouched conversations where the record did not know it yet. */
    private static void learn(Connection connection, Survey survey, List<String> ids) throws SQLException {
        for (String id : ids) {
            Long createdAt = survey.learned().get(id);
            if (createdAt != null) {
                Sql.update(connection, """
                        UPDATE app_record_conversation SET talkjs_created_at = ?
                        WHERE app_id = ? AND conversation_id = ? AND talkjs_created_at IS NULL
                        """, createdAt, survey.appId(), id);
            }
        }
    }

    private static void writeReadBacks(Connection connection, Run run, Survey survey, List<String> ids)
            throws SQLException {
        for (String id : ids) {
            ReadBack read = survey.readBack().get(id);
            if (read.presentSeqs().length > 0) {
                MessageBatches.recordPresent(connection, run.id, id, read.presentSeqs());
            }
            writePlanRow(connection, run.id, id, read.presentSeqs().length, read.foreignMessages(), true);
            // Another tool's conversation: the record notes it as found, so it is read back next time too and a
            // removal of this job's test import leaves it alone.
            Sql.update(connection, """
                    INSERT INTO app_record_conversation (app_id, conversation_id, origin) VALUES (?, ?, 'found')
                    ON CONFLICT (app_id, conversation_id) DO NOTHING
                    """, survey.appId(), id);
        }
    }

    private static void writePlanRow(Connection connection, long runId, String conversationId, int present,
                                     int foreign, boolean readBack) throws SQLException {
        Sql.update(connection, """
                INSERT INTO delivery_plan (run_id, conversation_id, present, foreign_messages, read_back)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (run_id, conversation_id) DO UPDATE SET present = excluded.present,
                    foreign_messages = excluded.foreign_messages, read_back = excluded.read_back
                """, runId, conversationId, present, foreign, readBack);
    }

    /** Recorded conversations TalkJS no longer lists (a reset, a deletion): the record forgets them. */
    private void forget(Survey survey) {
        if (survey.forget().isEmpty()) {
            return;
        }
        for (List<String> chunk : chunks(survey.forget())) {
            Sql.inTransaction(dataSource, connection -> {
                java.sql.Array array = connection.createArrayOf("text", chunk.toArray());
                Sql.update(connection, "DELETE FROM app_record_message WHERE app_id = ? AND conversation_id = ANY (?)",
                        survey.appId(), array);
                return Sql.update(connection,
                        "DELETE FROM app_record_conversation WHERE app_id = ? AND conversation_id = ANY (?)",
                        survey.appId(), array);
            });
        }
        Log.infof("app %s: %d recorded conversations are no longer in TalkJS (reset or deleted) and were forgotten",
                survey.appId(), survey.forget().size());
    }

    private static void lockRun(Connection connection, long runId) throws SQLException {
        try (PreparedStatement statement = Sql.prepare(connection, "SELECT id FROM run WHERE id = ? FOR UPDATE",
                runId)) {
            statement.executeQuery().close();
        }
    }

    /** Conversations deleted from an app, and those TalkJS did not know any more. */
    public record Removal(int deleted, int alreadyGone) {
    }

    /**
     * Deletes from the environment's app the conversations the record says this job created there (origin
     * "talkport"), one DELETE each, and forgets each in the record right after TalkJS answered: a crash half-way
     * leaves the rest recorded, and removing again finishes the work.
     */
    public Removal removeImport(long jobId, TalkJsEnvironment environment) {
        String appId = client.appId(environment)
                .orElseThrow(() -> new TalkJsNotConfiguredException(environment, "its app id"));
        List<String> created = Sql.inTransaction(dataSource, connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT conversation_id FROM app_record_conversation
                    WHERE app_id = ? AND job_id = ? AND origin = 'talkport' ORDER BY conversation_id
                    """, appId, jobId);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        });
        int gone = 0;
        for (String id : created) {
            if (!client.deleteConversation(environment, id)) {
                gone++;
            }
            Sql.inTransaction(dataSource, connection -> {
                Sql.update(connection, "DELETE FROM app_record_message WHERE app_id = ? AND conversation_id = ?",
                        appId, id);
                return Sql.update(connection,
                        "DELETE FROM app_record_conversation WHERE app_id = ? AND conversation_id = ?", appId, id);
            });
        }
        return new Removal(created.size() - gone, gone);
    }

    /** Open (PENDING, IN_FLIGHT) and PRESENT message counts of a run's batches. */
    private long[] openAndPresent(long runId) {
        return Sql.inTransaction(dataSource, connection -> {
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT coalesce(sum(msg_count) FILTER (WHERE state IN ('PENDING', 'IN_FLIGHT')), 0),
                           coalesce(sum(msg_count) FILTER (WHERE state = 'PRESENT'), 0)
                    FROM delivery_batch WHERE run_id = ?
                    """, runId);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        });
    }

    private static Map<String, Integer> counts(ResultSet rows) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        while (rows.next()) {
            counts.put(rows.getString(1), rows.getInt(2));
        }
        return counts;
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            chunks.add(ids.subList(from, Math.min(from + CHUNK, ids.size())));
        }
        return chunks;
    }
}
