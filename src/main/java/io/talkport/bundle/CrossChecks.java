package io.talkport.bundle;

import io.quarkus.logging.Log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules that relate items to each other, run as SQL over the staged rows of one job so that memory does not
 * grow with the bundle. Each rule selects the offending rows into a temporary table, marks only those rows invalid
 * (errors) and stores their issues (up to the per-code cap). Order matters: a later rule only looks at rows still
 * valid, so every item gets the cause that comes first, and dependents name the invalid item they depend on.
 */
final class CrossChecks {

    private static final Pattern STAGED_MESSAGE = Pattern.compile("\\bstaged_message\\b");

    /** Rewrites readBy of the few flagged messages (table "bad") to the readers that pass %s. */
    private static final String KEEP_READERS = """
            UPDATE staged_message m SET read_by = (SELECT coalesce(jsonb_agg(r.uid), '[]'::jsonb)
              FROM jsonb_array_elements_text(m.read_by) r(uid) WHERE %s)
            FROM (SELECT DISTINCT key FROM bad) b WHERE m.job_id = :job AND m.seq = b.key""";
    private static final String KNOWN_READER = "EXISTS (SELECT 1 FROM user_state u WHERE u.user_id = r.uid)";
    private static final String PARTICIPANT_READER = "EXISTS (SELECT 1 FROM staged_participant p WHERE "
            + "p.job_id = :job AND p.conversation_id = m.conversation_id AND p.user_id = r.uid)";
    /** A reader missing from users whom a placeholder user stands in for: a missing participant of the message's. */
    private static final String PLACEHOLDER_READER = "(m.needs_placeholders AND " + PARTICIPANT_READER + ")";
    /** A participant who is not in users at all (not even an invalid line): a placeholder user stands in for them. */
    private static final String MISSING_USER = "NOT EXISTS (SELECT 1 FROM user_state u WHERE u.user_id = p.user_id)";

    private final Connection connection;
    private final long jobId;
    private final IssueLog issues;
    private final String usersFile;
    private final String conversationsFile;
    private final String messagesFile;
    private final String messageTable;

    CrossChecks(Connection connection, long jobId, IssueLog issues, String usersFile, String conversationsFile,
            String messagesFile) {
        this.connection = connection;
        this.jobId = jobId;
        this.issues = issues;
        this.usersFile = usersFile;
        this.conversationsFile = conversationsFile;
        this.messagesFile = messagesFile;
        this.messageTable = Matcher.quoteReplacement(StagedMessageTable.name(jobId));
    }

    /**
     * @param repeatedMessageIds every message id that occurs more than once, maybe with others ({@link RepeatedIds}),
     *        or null when unknown
     */
    void run(Set<String> repeatedMessageIds) throws SQLException {
        // Server-side memory for the hash joins over a million messages; not the JVM's.
        execute("SET LOCAL work_mem = '64MB'");
        // Where PostgreSQL has JIT (not the embedded server), compiling each rule cost ~0.1 s and saved nothing.
        execute("SET LOCAL jit = off");
        // The rows were just written in this transaction: without fresh statistics the planner assumes empty tables.
        long started = System.nanoTime();
        // The job's own message table only (see bind): ANALYZE of staged_message would sample every job's table.
        execute("ANALYZE staged_user, staged_conversation, staged_participant, staged_message");
        Log.debugf("Job %d: ANALYZE took %d ms", jobId, (System.nanoTime() - started) / 1_000_000);
        checkUsers();
        checkConversations();
        checkMessages(repeatedMessageIds);
    }

    private void checkUsers() throws SQLException {
        flag("DUPLICATE_ID", Severity.ERROR, usersFile, "staged_user", "line", """
                SELECT u.line AS key, u.line, 'id' AS field, u.user_id AS item_id,
                  'The user id "' || u.user_id || '" is already used at line ' || f.first
                  || '. Give each user a unique id, or remove the repeated line.' AS message
                FROM staged_user u JOIN (SELECT user_id, min(line) AS first FROM staged_user WHERE job_id = :job
                  GROUP BY user_id HAVING count(*) > 1) f USING (user_id)
                WHERE u.job_id = :job AND u.line > f.first""", null);
        state("user_state", "staged_user", "user_id");
    }

    private void checkConversations() throws SQLException {
        flag("DUPLICATE_ID", Severity.ERROR, conversationsFile, "staged_conversation", "line", """
                SELECT c.line AS key, c.line, 'id' AS field, c.conversation_id AS item_id,
                  'The conversation id "' || c.conversation_id || '" is already used at line ' || f.first
                  || '. Give each conversation a unique id, or remove the repeated line.' AS message
                FROM staged_conversation c JOIN (SELECT conversation_id, min(line) AS first FROM staged_conversation
                  WHERE job_id = :job GROUP BY conversation_id HAVING count(*) > 1) f USING (conversation_id)
                WHERE c.job_id = :job AND c.line > f.first""",
                // The repeated conversation's participants would otherwise join those of the first one.
                "DELETE FROM staged_participant p USING bad b WHERE p.job_id = :job AND p.line = b.key");
        String participants = """
                SELECT c.line AS key, c.line, 'participants' AS field, c.conversation_id AS item_id, %s AS message,
                  c.valid AS was_valid
                FROM staged_participant p JOIN staged_conversation c ON c.job_id = :job AND c.line = p.line
                %s WHERE p.job_id = :job AND %s""";
        flag("UNKNOWN_USER", Severity.ERROR, conversationsFile, "staged_conversation", "line", participants.formatted(
                "'The participant \"' || p.user_id || '\" is not in :users. Add that user, or remove them here, or "
                        + "push with \"Create placeholder users\".'", "", MISSING_USER),
                // Conversations that were valid until now miss only users: a push that creates placeholder users
                // delivers them (V18), unless a rule below finds more.
                "UPDATE staged_conversation t SET needs_placeholders = true FROM bad b WHERE t.job_id = :job "
                        + "AND t.line = b.key AND b.was_valid");
        flag("INVALID_DEPENDENCY", Severity.ERROR, conversationsFile, "staged_conversation", "line", participants.formatted(
                "'user ' || p.user_id || ' is invalid (:users line ' || u.line || '): fix that user first.'",
                "JOIN user_state u ON u.user_id = p.user_id", "NOT u.valid"),
                "UPDATE staged_conversation t SET needs_placeholders = false FROM bad b WHERE t.job_id = :job "
                        + "AND t.line = b.key");
        state("conversation_state", "staged_conversation", "conversation_id");
    }

    private void checkMessages(Set<String> repeatedIds) throws SQLException {
        checkDuplicateIds(repeatedIds);
        flagMessages("UNKNOWN_CONVERSATION", Severity.ERROR, "conversationId",
                "'The conversation \"' || m.conversation_id || '\" is not in :conversations.'", "",
                "NOT EXISTS (SELECT 1 FROM conversation_state c WHERE c.conversation_id = m.conversation_id)");
        flagMessages("INVALID_DEPENDENCY", Severity.ERROR, "conversationId",
                "'conversation ' || c.conversation_id || ' is invalid (:conversations line ' || c.line || ')'",
                "JOIN conversation_state c ON c.conversation_id = m.conversation_id", "NOT c.valid",
                // Checked on by the rules below as if valid: any error among them takes the flag away again.
                "UPDATE staged_message t SET needs_placeholders = true FROM (SELECT DISTINCT key FROM bad) b "
                        + "WHERE t.job_id = :job AND t.seq = b.key AND EXISTS (SELECT 1 FROM staged_conversation c "
                        + "WHERE c.job_id = :job AND c.conversation_id = t.conversation_id AND c.needs_placeholders)");
        flagMessages("UNKNOWN_USER", Severity.ERROR, "sender",
                "'The sender \"' || m.sender || '\" is not in :users. Add that user.'", "",
                "NOT EXISTS (SELECT 1 FROM user_state u WHERE u.user_id = m.sender) AND NOT (m.needs_placeholders "
                        + "AND EXISTS (SELECT 1 FROM staged_participant p WHERE p.job_id = :job "
                        + "AND p.conversation_id = m.conversation_id AND p.user_id = m.sender))");
        flagMessages("INVALID_DEPENDENCY", Severity.ERROR, "sender",
                "'user ' || u.user_id || ' is invalid (:users line ' || u.line || ')'",
                "JOIN user_state u ON u.user_id = m.sender", "NOT u.valid");
        flagMessages("SENDER_NOT_PARTICIPANT", Severity.ERROR, "sender", "'The sender \"' || m.sender "
                + "|| '\" is not a participant of conversation \"' || m.conversation_id || '\". Add them to its "
                + "participants (or let the job add missing senders).'", "", "NOT EXISTS (SELECT 1 FROM "
                + "staged_participant p WHERE p.job_id = :job AND p.conversation_id = m.conversation_id "
                + "AND p.user_id = m.sender)", "UPDATE staged_message t SET sender_not_participant = true FROM bad b "
                + "WHERE t.job_id = :job AND t.seq = b.key");
        checkReaders();
        checkDuplicateMessages();
        reportPlaceholders();
    }

    /**
     * One warning per user missing from users.jsonl whom a placeholder user could stand in for, with the number of
     * conversations that wait for them: without placeholders those stay out (UNKNOWN_USER errors above).
     */
    private void reportPlaceholders() throws SQLException {
        flag("PLACEHOLDER_USER", Severity.WARNING, conversationsFile, "staged_conversation", "line", """
                SELECT 0 AS key, min(c.line) AS line, 'participants' AS field, p.user_id AS item_id,
                  'The user "' || p.user_id || '" is not in :users but takes part in ' || count(DISTINCT c.line)
                  || ' conversation(s) that miss only such users. They are not imported, unless you push with '
                  || '"Create placeholder users": then a user "' || p.user_id || '" (named after the id) is '
                  || 'created first.' AS message
                FROM staged_participant p JOIN staged_conversation c ON c.job_id = :job
                  AND c.conversation_id = p.conversation_id AND c.line = p.line AND c.needs_placeholders
                WHERE p.job_id = :job AND %s
                GROUP BY p.user_id""".formatted(MISSING_USER), null);
    }

    private void checkDuplicateIds(Set<String> repeatedIds) throws SQLException {
        String repeated = "SELECT source_id, min(line) AS first FROM staged_message WHERE job_id = :job AND %s "
                + "GROUP BY source_id HAVING count(*) > 1";
        if (repeatedIds == null) {
            candidates("same_id", repeated.formatted("source_id IS NOT NULL"));
        } else if (repeatedIds.isEmpty()) {
            return;
        } else {
            candidates("same_id", repeated.formatted("source_id = ANY (?)"),
                    connection.createArrayOf("text", repeatedIds.toArray()));
        }
        flagMessages("DUPLICATE_ID", Severity.ERROR, "id", """
                'The message id "' || m.source_id || '" is already used at line ' || f.first
                || '. Give each message a unique id, or remove the repeated line.'""",
                "JOIN same_id f USING (source_id)", "m.line > f.first");
        execute("DROP TABLE same_id");
    }

    private void checkDuplicateMessages() throws SQLException {
        // Cheap pass first: only (conversation, timestamp) pairs that occur twice can hold duplicates. The job's table
        // was written with COPY FREEZE (StagingWriter), so from PostgreSQL 14 on its pages are all-visible and the pairs
        // come from an index-only scan of staged_message_by_conversation in key order: 0.3 s for a million messages,
        // against 1.1 s for hashing every pair, which the planner would choose. The rule checks valid, not in the index.
        boolean inKeyOrder = connection.getMetaData().getDatabaseMajorVersion() >= 14;
        if (inKeyOrder) {
            execute("SET LOCAL enable_hashagg = off");
        }
        candidates("same_time", "SELECT conversation_id, ts FROM staged_message WHERE job_id = :job "
                + "GROUP BY job_id, conversation_id, ts HAVING count(*) > 1");
        if (inKeyOrder) {
            execute("RESET enable_hashagg");
        }
        flagMessages("DUPLICATE_MESSAGE", Severity.WARNING, "text", "'Same conversation, sender, timestamp and text "
                + "as line ' || d.line || '; TalkJS would show both. Remove one if it is an export glitch.'",
                "JOIN same_time g USING (conversation_id, ts) "
                        + "JOIN LATERAL (SELECT min(d.line) AS line FROM staged_message d WHERE d.job_id = :job AND d.valid "
                        + "AND d.conversation_id = m.conversation_id AND d.ts = m.ts AND d.seq < m.seq "
                        + "AND d.sender = m.sender AND d.text IS NOT DISTINCT FROM m.text) d ON true",
                "d.line IS NOT NULL");
        execute("DROP TABLE same_time");
    }

    /**
     * Both readBy rules from one expansion of every message's readBy into the few readers with a problem (the
     * expansion of a million arrays was most of each rule's time). UNKNOWN_READER's rewrite of readBy does not
     * change what READER_NOT_PARTICIPANT finds: it only removes readers that rule skips.
     */
    private void checkReaders() throws SQLException {
        candidates("reader_problem", "SELECT m.seq, r.uid, u.user_id IS NULL AS unknown, " + PLACEHOLDER_READER
                + " AS placeholder FROM staged_message m "
                + "CROSS JOIN LATERAL jsonb_array_elements_text(m.read_by) r(uid) LEFT JOIN user_state u "
                + "ON u.user_id = r.uid WHERE m.job_id = :job AND (m.valid OR m.needs_placeholders) "
                + "AND m.read_by <> '[]'::jsonb AND (u.user_id IS NULL OR NOT " + PARTICIPANT_READER + ")");
        String readers = "JOIN reader_problem r ON r.seq = m.seq";
        flagMessages("UNKNOWN_READER", Severity.WARNING, "readBy", "'The reader \"' || r.uid || '\" is not in "
                + ":users; it is left out of readBy' || CASE WHEN r.placeholder THEN ', unless the push creates "
                + "placeholder users.' ELSE '.' END", readers, "r.unknown",
                KEEP_READERS.formatted(KNOWN_READER + " OR " + PLACEHOLDER_READER));
        flagMessages("READER_NOT_PARTICIPANT", Severity.WARNING, "readBy", "'The reader \"' || r.uid || '\" is not "
                + "a participant of conversation \"' || m.conversation_id || '\"; it is left out of readBy.'", readers,
                "NOT r.unknown", KEEP_READERS.formatted(PARTICIPANT_READER));
        execute("DROP TABLE reader_problem");
    }

    private void flagMessages(String code, Severity severity, String field, String message, String joins,
            String condition) throws SQLException {
        flagMessages(code, severity, field, message, joins, condition, null);
    }

    private void flagMessages(String code, Severity severity, String field, String message, String joins,
            String condition, String after) throws SQLException {
        flag(code, severity, messagesFile, "staged_message", "seq", "SELECT m.seq AS key, m.line, '" + field
                + "' AS field, m.source_id AS item_id, " + message + " AS message FROM staged_message m " + joins
                + " WHERE m.job_id = :job AND (m.valid OR m.needs_placeholders) AND " + condition, after);
    }

    /** Per id: whether a valid row exists, and the first line (named when dependents point at an invalid id). */
    private void state(String name, String table, String idColumn) throws SQLException {
        execute("CREATE TEMP TABLE " + name + " ON COMMIT DROP AS SELECT " + idColumn + ", bool_or(valid) AS valid, "
                + "min(line) AS line FROM " + table + " WHERE job_id = :job GROUP BY " + idColumn);
        execute("CREATE UNIQUE INDEX ON " + name + " (" + idColumn + ")");
        execute("ANALYZE " + name);
    }

    /**
     * A table of the few rows (usually none) one pass over the job's messages found, with statistics, for the rule
     * that joins it. As a subquery of the rule, a parallel plan had every worker build the whole aggregate of a
     * million messages again (DUPLICATE_MESSAGE: 2.5 s instead of 0.8 s, EXPLAIN ANALYZE).
     */
    private void candidates(String name, String select, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(bind("CREATE TEMP TABLE " + name
                + " ON COMMIT DROP AS " + select))) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
        execute("ANALYZE " + name);
    }

    /**
     * Runs one rule. {@code select} yields key, line, field, item_id, message; errors mark rows of {@code table}
     * whose {@code keyColumn} is a key invalid. {@code after} may use the table "bad" before it is dropped.
     */
    private void flag(String code, Severity severity, String file, String table, String keyColumn, String select,
            String after) throws SQLException {
        long started = System.nanoTime();
        execute("CREATE TEMP TABLE bad ON COMMIT DROP AS " + select);
        try {
            long found = count("SELECT count(*) FROM bad");
            if (found == 0) {
                return;
            }
            if (severity == Severity.ERROR) {
                execute("UPDATE " + table + " t SET valid = false FROM (SELECT DISTINCT key FROM bad) b WHERE "
                        + "t.job_id = :job AND t." + keyColumn + " = b.key AND t.valid");
                if (table.equals("staged_message")) {
                    execute("UPDATE staged_message t SET needs_placeholders = false FROM (SELECT DISTINCT key FROM "
                            + "bad) b WHERE t.job_id = :job AND t.seq = b.key AND t.needs_placeholders");
                }
            }
            if (after != null) {
                execute(after);
            }
            int storable = issues.record(code, severity, file, found);
            try (PreparedStatement insert = connection.prepareStatement(bind("INSERT INTO job_issue (job_id, "
                    + "severity, code, file, line, field, item_id, message) SELECT :job, ?, ?, ?, line, field, item_id, "
                    + "message FROM bad ORDER BY line LIMIT ?"))) {
                insert.setString(1, severity.dbValue());
                insert.setString(2, code);
                insert.setString(3, file);
                insert.setInt(4, storable);
                insert.executeUpdate();
            }
        } finally {
            execute("DROP TABLE bad");
            Log.debugf("Job %d: rule %s on %s took %d ms", jobId, code, table, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(bind(sql))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(bind(sql));
        }
    }

    /**
     * Fills in the job id (a long) and the data file names, which are one of the six fixed names a bundle may use
     * (users.jsonl, users.json, ...), so inlining them cannot inject SQL. Rules read and update the job's own
     * message table instead of staged_message: PostgreSQL keeps statistics for that table only, and estimated
     * groups and joins over staged_message with defaults (a 200-group estimate for a million message ids).
     */
    private String bind(String sql) {
        String bound = sql.replace(":job", Long.toString(jobId)).replace(":users", usersFile)
                .replace(":conversations", conversationsFile).replace(":messages", messagesFile);
        return STAGED_MESSAGE.matcher(bound).replaceAll(messageTable);
    }
}
