package io.talkport.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session epoch of each user (table {@code session_epoch}): a browser session belongs to the epoch it was issued
 * in ({@link SessionTokens}), and logging out raises the epoch, ending every session of that user. Requests are
 * checked against the copy held here (no database read per request); it is re-read every 2 seconds, so a logout on
 * another instance sharing the database takes effect here within that time, and at once on this instance.
 */
@ApplicationScoped
public class SessionEpochs {

    private final AgroalDataSource dataSource;
    private final Map<String, Long> epochs = new ConcurrentHashMap<>();

    public SessionEpochs(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void load(@Observes StartupEvent event) {
        refresh();
    }

    /** The user's current epoch; 0 for a user who never logged out. */
    public long current(String user) {
        return epochs.getOrDefault(user, 0L);
    }

    /** Ends every session of {@code user}: raises the epoch in the database and here. */
    public long end(String user) {
        String sql = """
                INSERT INTO session_epoch (username, epoch) VALUES (?, 1)
                ON CONFLICT (username) DO UPDATE SET epoch = session_epoch.epoch + 1, changed_at = now()
                RETURNING epoch
                """;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, user);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                long epoch = rows.getLong(1);
                epochs.merge(user, epoch, Math::max);
                return epoch;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not end the sessions of " + user + ": " + e.getMessage(), e);
        }
    }

    /** Picks up logouts made on other instances. Epochs only grow, so a late read never revives a session. */
    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT username, epoch FROM session_epoch");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                epochs.merge(rows.getString(1), rows.getLong(2), Math::max);
            }
        } catch (SQLException e) {
            Log.warnf("Could not read the session epochs (logouts on other instances wait): %s", e.getMessage());
        }
    }
}
