package io.talkport.delivery.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/** Small JDBC helpers: the ledger is plain SQL because claiming work needs FOR UPDATE SKIP LOCKED. */
public final class Sql {

    private Sql() {
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction. */
    public static <T> T inTransaction(DataSource dataSource, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new LedgerException(e);
        }
    }

    /**
     * Runs {@code work} in one transaction, again (up to three times in all) when PostgreSQL rolled it back to break a
     * deadlock or a serialization conflict: for writes that must not be left to lease expiry when they could simply be
     * repeated.
     */
    public static <T> T inTransactionRetrying(DataSource dataSource, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(dataSource, work);
            } catch (LedgerException e) {
                if (attempt == 3 || !e.isRolledBack()) {
                    throw e;
                }
            }
        }
    }

    public static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        }
    }

    /**
     * Runs {@code sql} (parameters: a task id, then the owner) for each of these tasks, in one JDBC batch: each
     * statement finds its row by primary key, which {@code id = ANY (?)} does not guarantee (a plan made while the
     * ledger's statistics were stale scanned every pending task of the run).
     */
    public static void updateEach(Connection connection, String sql, List<Long> taskIds, String owner) throws SQLException {
        if (taskIds.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (long id : taskIds) {
                statement.setLong(1, id);
                statement.setString(2, owner);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    public static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object value = params[i];
            if (value instanceof Instant instant) {
                value = Timestamp.from(instant);
            } else if (value instanceof Enum<?> e) {
                value = e.name();
            }
            statement.setObject(i + 1, value);
        }
        return statement;
    }

    /** A database failure in the ledger; workers back off and retry. */
    public static class LedgerException extends RuntimeException {
        public LedgerException(SQLException cause) {
            super("Delivery ledger: " + cause.getMessage(), cause);
        }

        /** PostgreSQL rolled the transaction back (SQLSTATE class 40: deadlock, serialization failure). */
        boolean isRolledBack() {
            for (SQLException e = (SQLException) getCause(); e != null; e = e.getNextException()) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("40")) {
                    return true;
                }
            }
            return false;
        }
    }
}
