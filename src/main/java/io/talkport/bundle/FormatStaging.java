package io.talkport.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talkport.bundle.format.RecordSink;
import io.talkport.bundle.format.SourcePosition;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Stages the neutral records a source format produces with the same per-item rules as the Talkport bundle
 * ({@link UserRules}, {@link ConversationRules}, {@link MessageRules}) and the same writer, so COPY staging and
 * {@link CrossChecks} apply unchanged. Each record's staged {@code line} is its ordinal within its kind; its issues
 * name the source file and line, those of the per-item rules at once and those of the cross-checks after
 * {@link #relocateIssues}.
 */
final class FormatStaging implements RecordSink {

    private final StagingWriter writer;
    private final IssueLog issues;
    private final MessageRules messageRules;
    private final RepeatedIds messageIds;
    private final SourcePositions users = new SourcePositions("#users");
    private final SourcePositions conversations = new SourcePositions("#conversations");
    private final SourcePositions messages = new SourcePositions("#messages");

    private final int maxParticipants;

    FormatStaging(StagingWriter writer, IssueLog issues, MessageRules messageRules, RepeatedIds messageIds,
                  int maxParticipants) {
        this.maxParticipants = maxParticipants;
        this.writer = writer;
        this.issues = issues;
        this.messageRules = messageRules;
        this.messageIds = messageIds;
    }

    String usersFile() {
        return users.logicalName();
    }

    String conversationsFile() {
        return conversations.logicalName();
    }

    String messagesFile() {
        return messages.logicalName();
    }

    @Override
    public void user(ObjectNode item, SourcePosition at) {
        StagedUser user = UserRules.check(item, check(users, at));
        try {
            if (user != null) {
                writer.user(user);
            }
        } catch (SQLException | IOException e) {
            throw failed(at, e);
        }
    }

    @Override
    public void conversation(ObjectNode item, SourcePosition at) {
        StagedConversation conversation = ConversationRules.check(item, check(conversations, at), maxParticipants);
        try {
            if (conversation != null) {
                writer.conversation(conversation);
            }
        } catch (SQLException | IOException e) {
            throw failed(at, e);
        }
    }

    @Override
    public void message(ObjectNode item, SourcePosition at) {
        StagedMessage message = messageRules.check(item, check(messages, at));
        try {
            if (message != null) {
                writer.message(message);
                if (message.sourceId() != null) {
                    messageIds.add(message.sourceId());
                }
            }
        } catch (SQLException | IOException e) {
            throw failed(at, e);
        }
    }

    @Override
    public void error(SourcePosition at, String code, String field, String message) {
        issues.report(new Issue(Severity.ERROR, code, at.file(), at.line(), field, null, message));
    }

    @Override
    public void warning(SourcePosition at, String code, String field, String message) {
        issues.report(new Issue(Severity.WARNING, code, at.file(), at.line(), field, null, message));
    }

    /** A check whose staged line is the record's ordinal and whose issues name the source position. */
    private ItemCheck check(SourcePositions positions, SourcePosition at) {
        int ordinal = positions.add(at);
        return new ItemCheck(positions.logicalName(), ordinal, issue -> issues.report(new Issue(issue.severity(),
                issue.code(), at.file(), at.line(), issue.field(), issue.itemId(), issue.message())));
    }

    /** Moves the issues the cross-checks wrote (logical file, ordinal) to the source file and line. */
    void relocateIssues(Connection connection, long jobId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, file, line FROM job_issue WHERE job_id = ? AND file IN (?, ?, ?)");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE job_issue SET file = ?, line = ? WHERE id = ?")) {
            select.setLong(1, jobId);
            int i = 2;
            for (SourcePositions p : List.of(users, conversations, messages)) {
                select.setString(i++, p.logicalName());
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    SourcePositions kind = kindOf(rs.getString(2));
                    Integer line = (Integer) rs.getObject(3);
                    SourcePosition at = line == null ? null : kind.at(line);
                    update.setString(1, at == null ? kind.logicalName().substring(1) : at.file());
                    update.setObject(2, at == null ? null : at.line());
                    update.setLong(3, rs.getLong(1));
                    update.addBatch();
                }
            }
            update.executeBatch();
        }
    }

    private SourcePositions kindOf(String logicalName) {
        return users.logicalName().equals(logicalName) ? users
                : conversations.logicalName().equals(logicalName) ? conversations : messages;
    }

    private static IllegalStateException failed(SourcePosition at, Exception e) {
        return new IllegalStateException("Cannot stage " + at.file() + " item " + at.line(), e);
    }
}
