package io.talkport.sandbox.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxFile;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.SandboxUser;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fills an empty {@link SandboxApp} from its tables at start: files, users, conversations, participants in join
 * order, messages (streamed, in each conversation's order, so every insert is an append) and reactions.
 */
final class SandboxLoader {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };
    private static final int FETCH = 5_000;

    private final DataSource dataSource;
    private final ObjectMapper mapper;

    SandboxLoader(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    void load(SandboxApp app) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // lets the driver stream with a fetch size
            connection.setReadOnly(true);
            loadFiles(connection, app);
            loadUsers(connection, app);
            loadConversations(connection, app);
            loadParticipants(connection, app);
            long maxSeq = loadMessages(connection, app);
            loadReactions(connection, app);
            connection.commit();
            long maxCreatedAt = Math.max(
                    app.userOrder().isEmpty() ? 0 : app.userOrder().lastKey().createdAt(),
                    app.conversationOrder().isEmpty() ? 0 : app.conversationOrder().lastKey().createdAt());
            app.continueAfter(maxCreatedAt, maxSeq);
            SandboxApp.State state = app.state();
            if (state.users() + state.conversations() + state.files() > 0) {
                Log.infof("Sandbox app %s: kept data loaded (%d users, %d conversations, %d messages, %d files)",
                        app.id(), state.users(), state.conversations(), state.messages(), state.files());
            }
        } catch (SQLException e) {
            throw new SandboxStoreException(e);
        }
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** Streams the app's rows of {@code sql} (its one parameter is the app id) through {@code reader}. */
    private static void each(Connection connection, String sql, String appId, RowReader reader) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(FETCH);
            statement.setString(1, appId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        }
    }

    private void loadFiles(Connection connection, SandboxApp app) throws SQLException {
        each(connection, "SELECT token, filename, content_type, subtype, width, height, duration, bytes "
                + "FROM sandbox_file WHERE app_id = ?", app.id(), row -> {
                    SandboxFile file = new SandboxFile(app.id(), row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), (Integer) row.getObject(5), (Integer) row.getObject(6),
                            (Double) row.getObject(7), row.getBytes(8));
                    app.files().put(file.token(), file);
                });
    }

    private void loadUsers(Connection connection, SandboxApp app) throws SQLException {
        each(connection, "SELECT data FROM sandbox_user WHERE app_id = ?", app.id(), row -> {
            SandboxUser user = read(row.getString(1), SandboxUser.class);
            app.users().put(user.id(), user);
            app.userOrder().put(user.key(), user.id());
        });
    }

    private void loadConversations(Connection connection, SandboxApp app) throws SQLException {
        each(connection, "SELECT data FROM sandbox_conversation WHERE app_id = ?", app.id(), row -> {
            var attributes = read(row.getString(1), SandboxConversation.Attributes.class);
            SandboxConversation conversation = new SandboxConversation(attributes.id(), attributes.createdAt());
            conversation.setAttributes(attributes);
            app.conversations().put(conversation.id(), conversation);
            app.conversationOrder().put(conversation.key(), conversation);
        });
    }

    private void loadParticipants(Connection connection, SandboxApp app) throws SQLException {
        each(connection, "SELECT conversation_id, user_id, access, notify, read_until FROM sandbox_participant "
                + "WHERE app_id = ? ORDER BY ord", app.id(), row -> {
                    SandboxConversation conversation = app.conversation(row.getString(1));
                    String notify = row.getString(4);
                    Object setting = "true".equals(notify) || "false".equals(notify) ? Boolean.valueOf(notify)
                            : notify;
                    if (conversation != null) {
                        conversation.putParticipants(Map.of(row.getString(2), new SandboxConversation.Participation(
                                row.getString(3), setting, (Long) row.getObject(5))));
                    }
                });
    }

    /** Returns the highest insertion number kept. */
    private long loadMessages(Connection connection, SandboxApp app) throws SQLException {
        long[] maxSeq = {0};
        List<SandboxMessage> run = new ArrayList<>();
        each(connection, "SELECT conversation_id, message_id, seq, created_at, type, sender_id, text, read_by, "
                + "origin, custom, attachment_token, content FROM sandbox_message WHERE app_id = ? "
                + "ORDER BY conversation_id, created_at, seq", app.id(), row -> {
                    SandboxMessage m = new SandboxMessage(row.getString(2), row.getString(1),
                            SandboxMessage.Type.valueOf(row.getString(5)), row.getString(6), row.getString(7),
                            List.copyOf(read(row.getString(8), STRING_LIST)), row.getString(9),
                            Map.copyOf(read(row.getString(10), STRING_MAP)), row.getLong(4), row.getLong(3),
                            row.getString(11) == null ? null : app.files().get(row.getString(11)), row.getString(12));
                    if (!run.isEmpty() && !run.get(0).conversationId().equals(m.conversationId())) {
                        flush(app, run);
                    }
                    run.add(m);
                    maxSeq[0] = Math.max(maxSeq[0], m.seq());
                });
        flush(app, run);
        return maxSeq[0];
    }

    private static void flush(SandboxApp app, List<SandboxMessage> run) {
        if (run.isEmpty()) {
            return;
        }
        SandboxConversation conversation = app.conversation(run.get(0).conversationId());
        if (conversation != null) {
            conversation.addMessages(run);
            app.messagesAdded(run.size());
        }
        run.clear();
    }

    private void loadReactions(Connection connection, SandboxApp app) throws SQLException {
        each(connection, "SELECT conversation_id, message_id, emoji, user_id FROM sandbox_reaction WHERE app_id = ? "
                + "ORDER BY ord", app.id(), row -> {
                    SandboxConversation conversation = app.conversation(row.getString(1));
                    if (conversation != null) {
                        conversation.addReaction(row.getString(2), row.getString(3), row.getString(4));
                    }
                });
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A kept sandbox row is not valid JSON", e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A kept sandbox row is not valid JSON", e);
        }
    }
}
