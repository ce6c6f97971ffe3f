package io.talkport.sandbox.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxFile;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.SandboxStore;
import io.talkport.sandbox.SandboxUser;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Keeps the sandbox's data in its own tables ({@code V16__sandbox_store.sql}) with plain JDBC: an import call's
 * messages go in as one statement (an array per column) in one transaction, other writes as JDBC batches, because
 * the push benchmark imports hundreds of thousands of messages and Hibernate would add a round trip and an entity per
 * row.
 * Reading back at start is {@link SandboxLoader}'s.
 */
@ApplicationScoped
public class PostgresSandboxStore implements SandboxStore {

    private static final List<String> TABLES = List.of("sandbox_reaction", "sandbox_message", "sandbox_participant",
            "sandbox_conversation", "sandbox_user", "sandbox_file");

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final SandboxLoader loader;

    public PostgresSandboxStore(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.loader = new SandboxLoader(dataSource, mapper);
    }

    @Override
    public void saveUsers(String appId, Collection<SandboxUser> users) {
        inTransaction(connection -> batch(connection, "INSERT INTO sandbox_user (app_id, user_id, created_at, data) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (app_id, user_id) DO UPDATE SET data = EXCLUDED.data", users,
                (row, user) -> {
                    row.setString(1, appId);
                    row.setString(2, user.id());
                    row.setLong(3, user.createdAt());
                    row.setString(4, json(user));
                }));
    }

    @Override
    public void saveConversation(String appId, SandboxConversation.Attributes attributes,
                                 Map<String, SandboxConversation.Participation> participants) {
        inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO sandbox_conversation "
                    + "(app_id, conversation_id, created_at, data) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (app_id, conversation_id) DO UPDATE SET data = EXCLUDED.data")) {
                upsert.setString(1, appId);
                upsert.setString(2, attributes.id());
                upsert.setLong(3, attributes.createdAt());
                upsert.setString(4, json(attributes));
                upsert.executeUpdate();
            }
            upsertParticipants(connection, appId, attributes.id(), participants);
        });
    }

    @Override
    public void saveParticipants(String appId, String conversationId,
                                 Map<String, SandboxConversation.Participation> participants) {
        inTransaction(connection -> upsertParticipants(connection, appId, conversationId, participants));
    }

    private static void upsertParticipants(Connection connection, String appId, String conversationId,
                                           Map<String, SandboxConversation.Participation> participants)
            throws SQLException {
        batch(connection, "INSERT INTO sandbox_participant (app_id, conversation_id, user_id, access, notify, "
                + "read_until) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (app_id, conversation_id, user_id) DO UPDATE "
                + "SET access = EXCLUDED.access, notify = EXCLUDED.notify, read_until = EXCLUDED.read_until",
                participants.entrySet(), (row, e) -> {
                    row.setString(1, appId);
                    row.setString(2, conversationId);
                    row.setString(3, e.getKey());
                    row.setString(4, e.getValue().access());
                    row.setString(5, String.valueOf(e.getValue().notifySetting()));
                    row.setObject(6, e.getValue().readUntil(), Types.BIGINT);
                });
    }

    @Override
    public void deleteParticipant(String appId, String conversationId, String userId) {
        update("DELETE FROM sandbox_participant WHERE app_id = ? AND conversation_id = ? AND user_id = ?",
                appId, conversationId, userId);
    }

    @Override
    public void deleteConversation(String appId, String conversationId) {
        inTransaction(connection -> {
            for (String table : List.of("sandbox_reaction", "sandbox_message", "sandbox_participant",
                    "sandbox_conversation")) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE app_id = ? AND conversation_id = ?")) {
                    delete.setString(1, appId);
                    delete.setString(2, conversationId);
                    delete.executeUpdate();
                }
            }
        });
    }

    /**
     * One statement per import call, the rows as one array per column ({@code unnest}): one round trip and one
     * statement to plan, however many messages the call carries (100 in the content form).
     */
    @Override
    public void addMessages(String appId, List<SandboxMessage> messages) {
        int n = messages.size();
        String[] conversation = new String[n], id = new String[n], type = new String[n], sender = new String[n],
                text = new String[n], readBy = new String[n], origin = new String[n], custom = new String[n],
                attachment = new String[n], content = new String[n];
        Long[] seq = new Long[n], createdAt = new Long[n];
        for (int i = 0; i < n; i++) {
            SandboxMessage m = messages.get(i);
            conversation[i] = m.conversationId();
            id[i] = m.id();
            seq[i] = m.seq();
            createdAt[i] = m.createdAt();
            type[i] = m.type().name();
            sender[i] = m.senderId();
            text[i] = m.text();
            readBy[i] = json(m.readBy());
            origin[i] = m.origin();
            custom[i] = json(m.custom());
            attachment[i] = m.attachment() == null ? null : m.attachment().token();
            content[i] = m.content();
        }
        inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sandbox_message (app_id, "
                    + "conversation_id, message_id, seq, created_at, type, sender_id, text, read_by, origin, custom, "
                    + "attachment_token, content) SELECT ?, * FROM unnest(?::text[], ?::text[], ?::bigint[], "
                    + "?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
                    + "?::text[])")) {
                insert.setString(1, appId);
                Object[][] columns = {conversation, id, seq, createdAt, type, sender, text, readBy, origin, custom,
                        attachment, content};
                for (int c = 0; c < columns.length; c++) {
                    insert.setArray(c + 2, connection.createArrayOf(columns[c] instanceof Long[] ? "bigint" : "text",
                            columns[c]));
                }
                insert.executeUpdate();
            }
        });
    }

    @Override
    public void addReaction(String appId, String conversationId, String messageId, String emoji, String userId) {
        update("INSERT INTO sandbox_reaction (app_id, conversation_id, message_id, emoji, user_id) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", appId, conversationId, messageId, emoji, userId);
    }

    @Override
    public void deleteReaction(String appId, String conversationId, String messageId, String emoji, String userId) {
        update("DELETE FROM sandbox_reaction WHERE app_id = ? AND message_id = ? AND emoji = ? AND user_id = ? "
                + "AND conversation_id = ?", appId, messageId, emoji, userId, conversationId);
    }

    @Override
    public void saveFile(SandboxFile file) {
        inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sandbox_file (app_id, token, "
                    + "filename, content_type, subtype, width, height, duration, bytes) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, file.appId());
                insert.setString(2, file.token());
                insert.setString(3, file.filename());
                insert.setString(4, file.contentType());
                insert.setString(5, file.subtype());
                insert.setObject(6, file.width(), Types.INTEGER);
                insert.setObject(7, file.height(), Types.INTEGER);
                insert.setObject(8, file.duration(), Types.DOUBLE);
                insert.setBytes(9, file.bytes());
                insert.executeUpdate();
            }
        });
    }

    @Override
    public void deleteAppData(String appId) {
        inTransaction(connection -> {
            for (String table : TABLES) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE app_id = ?")) {
                    delete.setString(1, appId);
                    delete.executeUpdate();
                }
            }
        });
    }

    @Override
    public void loadInto(SandboxApp app) {
        loader.load(app);
    }

    private interface Work {
        void run(Connection connection) throws SQLException;
    }

    private interface Binder<T> {
        void bind(PreparedStatement row, T item) throws SQLException;
    }

    /** One statement, one JDBC batch: pgjdbc sends it in one round trip. */
    private static <T> void batch(Connection connection, String sql, Collection<T> items, Binder<T> binder)
            throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T item : items) {
                binder.bind(statement, item);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private void inTransaction(Work work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new SandboxStoreException(e);
        }
    }

    private void update(String sql, String... parameters) {
        inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setString(i + 1, parameters[i]);
                }
                statement.executeUpdate();
            }
        });
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write sandbox data as JSON", e);
        }
    }
}
