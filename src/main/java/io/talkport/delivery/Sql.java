package io.talkport.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/** Small JDBC helpers: the ledger is plain SQL because claiming work needs FOR UPDATE SKIP LOCKED. */
final class Sql {

    private Sql() {
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction. */
    static <T> T inTransaction(DataSource dataSource, Work<T> work) {
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

    static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        }
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
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
    static class LedgerException extends RuntimeException {
        LedgerException(SQLException cause) {
            super("Delivery ledger: " + cause.getMessage(), cause);
        }
    }
}
