package io.talkport.delivery;

import io.talkport.delivery.ledger.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Who plans a queued run when several instances share one database: a PostgreSQL transaction-level advisory lock keyed
 * by the run, taken without waiting, in a transaction of its own kept open (and idle) while the plan runs; ending it
 * (or losing its connection) releases the lock, so a pooled connection never keeps one. The instance that gets it plans (one paged listing of the app, the reads the record
 * cannot vouch for) and starts the run; the others skip the run on that tick, so a plan's TalkJS calls are spent once,
 * not once per instance. Planning stays idempotent (each write locks the run row), so a lock lost with its connection
 * (a crash) only lets the next instance plan again. 
 */
final class PlanningLock implements AutoCloseable {

    /** First key of the two-key advisory lock: Talkport's planning locks. */
    private static final int PLANNING = 0x7A1C_0001;

    private final Connection connection;
    private final long runId;
    private final boolean held;

    private PlanningLock(Connection connection, long runId, boolean held) {
        this.connection = connection;
        this.runId = runId;
        this.held = held;
    }

    /** Tries to take the run's planning lock; {@link #held()} says whether this instance got it. */
    static PlanningLock tryTake(DataSource dataSource, long runId) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
                statement.setInt(1, PLANNING);
                statement.setInt(2, key(runId));
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return new PlanningLock(connection, runId, rows.getBoolean(1));
                }
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new Sql.LedgerException(e);
        }
    }

    boolean held() {
        return held;
    }

    /** Run ids past 2^31 share a key with a smaller one: at worst two runs then take turns planning. */
    private static int key(long runId) {
        return (int) runId;
    }

    @Override
    public void close() {
        try {
            connection.rollback(); // ends the transaction, and with it the lock
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // A broken connection has ended the transaction, and the lock, already.
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }
}
