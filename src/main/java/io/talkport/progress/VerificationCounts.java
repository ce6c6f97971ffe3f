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
     * Conversations and users to check and already checked, of which vouched for by the ledger without a read
     * (DeliveryLedger.planVerification); {@code problems}: checks that found a difference. All zero before
     * verification has been planned.
     */
    public record Counts(long conversations, long conversationsChecked, long users, long usersChecked,
                         long problems, long conversationsVouched, long usersVouched) {

        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);

        /** Conversations read back from TalkJS (or to be): those the ledger did not vouch for. */
        public long conversationsToRead() {
            return conversations - conversationsVouched;
        }

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
                            count(*) FILTER (WHERE state = 'FAILED'),
                            count(*) FILTER (WHERE kind = 'VERIFY' AND vouched),
                            coalesce(sum(items_total) FILTER (WHERE kind = 'VERIFY_USERS' AND vouched), 0)
                     FROM delivery_task WHERE run_id = ? AND kind IN ('VERIFY', 'VERIFY_USERS')
                     """)) {
            statement.setLong(1, runId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Counts(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5),
                        rows.getLong(6), rows.getLong(7));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the verification of run " + runId, e);
        }
    }
}
