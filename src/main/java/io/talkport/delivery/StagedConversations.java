package io.talkport.delivery;

import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.ledger.Sql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads staged conversations, their participants, and the senders a run must add as participants. */
final class StagedConversations {

    /** A participant with its settings as the bundle gave them. */
    public record Participant(String userId, String access, boolean notifies) {
        public boolean hasDefaultSettings() {
            return "ReadWrite".equals(access) && notifies;
        }
    }

    /**
     * The conversation's TalkJS payload (JSON text, without participants), its valid participants, and the senders
     * the run adds as participants.
     */
    public record Conversation(String id, String payloadJson, List<Participant> participants,
                               List<String> missingSenders) {

        /** True when creating it takes more than the conversation PUT: participant settings or added senders. */
        public boolean needsParticipantCalls() {
            return !missingSenders.isEmpty() || participants.stream().anyMatch(p -> !p.hasDefaultSettings());
        }
    }

    private StagedConversations() {
    }

    /**
     * The conversations among {@code ids} (tasks of a run: valid, or waiting only for placeholder users) with their
     * participants (valid users, and users missing from the job that placeholder users stand in for) and, when
     * {@code addMissingSenders}, the senders of eligible messages who are not participants (TalkJS imports only
     * messages from participants).
     */
    static Map<String, Conversation> load(Connection connection, long jobId, List<String> ids,
                                          boolean addMissingSenders) throws SQLException {
        Array idArray = connection.createArrayOf("text", ids.toArray());
        Map<String, Conversation> loaded = new LinkedHashMap<>();
        try (PreparedStatement statement = Sql.prepare(connection, """
                SELECT conversation_id, payload::text FROM staged_conversation
                WHERE job_id = ? AND conversation_id = ANY (?) AND (valid OR needs_placeholders)
                """, jobId, idArray);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                loaded.put(rows.getString(1), new Conversation(rows.getString(1), rows.getString(2), new ArrayList<>(),
                        new ArrayList<>()));
            }
        }
        try (PreparedStatement statement = Sql.prepare(connection, """
                SELECT p.conversation_id, p.user_id, p.access, p.notify FROM staged_participant p
                WHERE p.job_id = ? AND p.conversation_id = ANY (?)
                  AND (EXISTS (SELECT 1 FROM staged_user u WHERE u.job_id = p.job_id AND u.user_id = p.user_id
                               AND u.valid)
                       OR NOT EXISTS (SELECT 1 FROM staged_user u WHERE u.job_id = p.job_id
                                      AND u.user_id = p.user_id))
                ORDER BY p.conversation_id, p.user_id
                """, jobId, idArray);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Conversation conversation = loaded.get(rows.getString(1));
                if (conversation != null) {
                    conversation.participants().add(new Participant(rows.getString(2), rows.getString(3),
                            rows.getBoolean(4)));
                }
            }
        }
        if (addMissingSenders) {
            addMissingSenders(connection, jobId, idArray, loaded);
        }
        return loaded;
    }

    private static void addMissingSenders(Connection connection, long jobId, Array ids,
                                          Map<String, Conversation> loaded) throws SQLException {
        try (PreparedStatement statement = Sql.prepare(connection, """
                SELECT DISTINCT m.conversation_id, m.sender FROM staged_message m
                WHERE m.job_id = ? AND m.conversation_id = ANY (?) AND %s
                  AND NOT EXISTS (SELECT 1 FROM staged_participant p WHERE p.job_id = m.job_id
                                  AND p.conversation_id = m.conversation_id AND p.user_id = m.sender)
                ORDER BY m.conversation_id, m.sender
                """.formatted(DeliveryLedger.ELIGIBLE_MESSAGE), jobId, ids, true);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Conversation conversation = loaded.get(rows.getString(1));
                if (conversation != null) {
                    conversation.missingSenders().add(rows.getString(2));
                }
            }
        }
    }
}
