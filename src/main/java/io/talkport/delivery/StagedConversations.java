package io.talkport.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads a staged conversation, its participants, and the senders a run must add as participants. */
@ApplicationScoped
public class StagedConversations {

    /** A participant with its settings as the bundle gave them. */
    public record Participant(String userId, String access, boolean notifies) {
        public boolean hasDefaultSettings() {
            return "ReadWrite".equals(access) && notifies;
        }
    }

    /** The conversation's TalkJS payload (JSON text, without participants) and its valid participants. */
    public record Conversation(String id, String payloadJson, List<Participant> participants) {
    }

    private final DataSource dataSource;

    public StagedConversations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Conversation load(long jobId, String conversationId) {
        return Sql.inTransaction(dataSource, connection -> {
            String payload;
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT payload::text FROM staged_conversation WHERE job_id = ? AND conversation_id = ? AND valid
                    """, jobId, conversationId);
                 ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("conversation " + conversationId + " is not staged");
                }
                payload = rows.getString(1);
            }
            List<Participant> participants = new ArrayList<>();
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT p.user_id, p.access, p.notify FROM staged_participant p
                    WHERE p.job_id = ? AND p.conversation_id = ?
                      AND EXISTS (SELECT 1 FROM staged_user u WHERE u.job_id = p.job_id AND u.user_id = p.user_id
                                  AND u.valid)
                    ORDER BY p.user_id
                    """, jobId, conversationId);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    participants.add(new Participant(rows.getString(1), rows.getString(2), rows.getBoolean(3)));
                }
            }
            return new Conversation(conversationId, payload, participants);
        });
    }

    /** Senders of eligible messages who are not participants (only when the run adds missing senders). */
    public List<String> missingSenders(Task task) {
        if (!task.addMissingSenders()) {
            return List.of();
        }
        return Sql.inTransaction(dataSource, connection -> {
            List<String> senders = new ArrayList<>();
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT DISTINCT m.sender FROM staged_message m
                    WHERE m.job_id = ? AND m.conversation_id = ? AND %s
                      AND NOT EXISTS (SELECT 1 FROM staged_participant p WHERE p.job_id = m.job_id
                                      AND p.conversation_id = m.conversation_id AND p.user_id = m.sender)
                    ORDER BY m.sender
                    """.formatted(DeliveryLedger.ELIGIBLE_MESSAGE), task.jobId(), task.ref(), true);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    senders.add(rows.getString(1));
                }
            }
            return senders;
        });
    }
}
