package io.talkport.progress;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * How far a run's read-back has come: its VERIFY tasks (one per conversation set up) and VERIFY_USERS tasks (one per
 * user batch, {@code items_total} users each), counted as checked once DONE or FAILED. One pass over the run's
 * verification rows of {@code delivery_task} (its unique index leads with run_id and kind).
 */
@ApplicationScoped
public class VerificationCounts {

    /**
     * Conversations and users to read back and already read back; {@code problems}: checks that found a difference.
     * All zero before verification has been planned.
     */
    public record Counts(long conversations, long conversationsChecked, long users, long usersChecked,
                         long problems) {

        public static final Counts NONE = new Counts(0, 0, 0, 0, 0);

        public boolean planned() {
            return conversations + users > 0;
        }
    }

    private final DataSource dataSource;

    public VerificationCounts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Counts of(long runId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT count(*) FILTER (WHERE kind = 'VERIFY'),
                            count(*) FILTER (WHERE kind = 'VERIFY' AND state <> 'PENDING'),
                            coalesce(sum(items_total) FILTER (WHERE kind = 'VERIFY_USERS'), 0),
                            coalesce(sum(items_total) FILTER (WHERE kind = 'VERIFY_USERS' AND state <> 'PENDING'), 0),
                            count(*) FILTER (WHERE state = 'FAILED')
                     FROM delivery_task WHERE run_id = ? AND kind IN ('VERIFY', 'VERIFY_USERS')
                     """)) {
            statement.setLong(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Counts(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the verification of run " + runId, e);
        }
    }
}
