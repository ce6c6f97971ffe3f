package io.talkport.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes staged rows and issues of one job through {@link CopyBuffer}s on one connection (one transaction).
 * Rows reach the database only after {@link #flush()}.
 */
final class StagingWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long jobId;
    private final CopySender sender;
    private final CopyBuffer users;
    private final CopyBuffer conversations;
    private final CopyBuffer participants;
    private final CopyBuffer messages;
    private final CopyBuffer issues;
    private final CopyBuffer reactions;
    private long seq;

    StagingWriter(Connection connection, long jobId) throws SQLException {
        this.jobId = jobId;
        sender = new CopySender(connection.unwrap(PGConnection.class).getCopyAPI(), jobId);
        CopySender copy = sender;
        users = new CopyBuffer(copy, "staged_user", "job_id, line, user_id, payload, valid");
        conversations = new CopyBuffer(copy, "staged_conversation", "job_id, line, conversation_id, payload, valid");
        participants = new CopyBuffer(copy, "staged_participant", "job_id, conversation_id, user_id, access, notify, line");
        // FREEZE: the table was created in this transaction (StagedMessageTable), so its rows can be written frozen
        // and its pages all-visible. Later reads then set no hint bits, and CrossChecks can answer from the index.
        messages = new CopyBuffer(copy, StagedMessageTable.name(jobId), "job_id, seq, line, source_id, conversation_id, sender, ts, "
                + "text, read_by, custom, attachment_path, attachment_token, valid", "WITH (FREEZE)");
        issues = new CopyBuffer(copy, "job_issue", "job_id, severity, code, file, line, field, item_id, message");
        reactions = new CopyBuffer(copy, "staged_reaction", "job_id, seq, conversation_id, emoji, user_id");
    }

    void user(StagedUser user) throws SQLException, IOException {
        users.number(jobId).number(user.line()).text(user.id()).text(json(user.payload())).bool(user.valid()).endRow();
    }

    void conversation(StagedConversation c) throws SQLException, IOException {
        conversations.number(jobId).number(c.line()).text(c.id()).text(json(c.payload())).bool(c.valid()).endRow();
        for (StagedConversation.Participant p : c.participants()) {
            participants.number(jobId).text(c.id()).text(p.userId()).text(p.access()).bool(p.notifications())
                    .number(c.line()).endRow();
        }
    }

    void message(StagedMessage m) throws SQLException, IOException {
        messages.number(jobId).number(++seq).number(m.line()).text(m.sourceId()).text(m.conversationId())
                .text(m.sender()).number(m.timestamp()).text(m.text()).jsonArray(m.readBy()).jsonObject(m.custom())
                .text(m.attachmentPath()).text(m.attachmentToken()).bool(m.valid()).endRow();
        for (StagedMessage.Reaction r : m.reactions()) {
            reactions.number(jobId).number(seq).text(m.conversationId()).text(r.emoji()).text(r.userId()).endRow();
        }
    }

    void issue(Issue issue) throws SQLException, IOException {
        issues.number(jobId).text(issue.severity().dbValue()).text(issue.code()).text(issue.file());
        if (issue.line() == null) {
            issues.text(null);
        } else {
            issues.number(issue.line());
        }
        issues.text(issue.field()).text(issue.itemId()).text(issue.message()).endRow();
    }

    /** Sends all buffered rows and waits until they are in the database. */
    void flush() throws SQLException, IOException {
        for (CopyBuffer buffer : new CopyBuffer[] {users, conversations, participants, messages, reactions, issues}) {
            buffer.flush();
        }
        sender.await();
    }

    /** Stops the background sender (after a failure, rows still queued are dropped with the transaction). */
    void close() {
        sender.close();
    }

    /**
     * JSON for a jsonb column; PostgreSQL rejects the \u0000 escape in jsonb, so it becomes U+FFFD. Messages write
     * their readBy and custom straight into the COPY row instead ({@link CopyBuffer#jsonArray}): a generator per
     * value cost 140 ns a message.
     */
    private static String json(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            String json = JSON.writeValueAsString(node);
            return json.contains("\\u0000") ? json.replace("\\u0000", "\\uFFFD") : json;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
