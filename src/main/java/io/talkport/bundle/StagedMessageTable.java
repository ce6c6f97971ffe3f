package io.talkport.bundle;

import io.quarkus.logging.Log;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The staged_message partition of one job (V7). Staging COPYs a job's messages into a new table that has neither
 * indexes nor the foreign key on job, then attaches it to staged_message: PostgreSQL builds the two indexes by
 * sorting once and checks the foreign key with one join, instead of one lookup and two random btree inserts per
 * row (that per-row work was ~3/4 of the COPY time, see docs/benchmark-staging.md). The table is created in the
 * staging transaction, so a failed or rejected staging leaves nothing behind.
 */
final class StagedMessageTable {

    private static final String PREFIX = "staged_message_job_";
    /** Leftover tables are dropped only if the lock on staged_message comes at once: pushes read it meanwhile. */
    private static final String DROP_LOCK_TIMEOUT = "500ms";

    private StagedMessageTable() {
    }

    /** The job's table; job ids are longs, so the name is safe to put in SQL. */
    static String name(long jobId) {
        return PREFIX + jobId;
    }

    /**
     * Drops the job's table if an earlier staging committed one (the server stopped before the job was marked
     * READY). Runs in a transaction of its own: dropping a partition locks staged_message for every job.
     */
    static void dropEarlier(Connection connection, long jobId) throws SQLException {
        execute(connection, "DROP TABLE IF EXISTS " + name(jobId));
    }

    /** Creates the job's empty table, not yet attached; the CHECK lets the attach skip a scan of its rows. */
    static void create(Connection connection, long jobId) throws SQLException {
        execute(connection, "CREATE TABLE " + name(jobId) + " (LIKE staged_message INCLUDING DEFAULTS, "
                + "CHECK (job_id = " + jobId + "))");
    }

    /** Makes the job's rows part of staged_message: builds its indexes and checks its foreign key. */
    static void attach(Connection connection, long jobId) throws SQLException {
        execute(connection, "ALTER TABLE staged_message ATTACH PARTITION " + name(jobId) + " FOR VALUES IN ("
                + jobId + ")");
    }

    /**
     * Drops the (empty) tables of jobs that were deleted or purged since: deleting a job or purging its data
     * removes its rows, not its table. Best effort; what cannot be dropped now is dropped by a later staging.
     */
    static void dropLeftovers(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (String table : leftovers(connection)) {
                dropIfEmpty(connection, table);
            }
        } catch (SQLException e) {
            Log.warnf("Could not drop the staged_message tables of deleted jobs (a later staging retries): %s",
                    e.getMessage());
        }
    }

    private static List<String> leftovers(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        WHERE i.inhparent = 'staged_message'::regclass AND c.relname LIKE '%s%%'
                          AND NOT EXISTS (SELECT 1 FROM job j WHERE j.id = substring(c.relname FROM %d)::bigint
                                          AND j.purged_at IS NULL)""".formatted(PREFIX, PREFIX.length() + 1))) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static void dropIfEmpty(Connection connection, String table) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = '" + DROP_LOCK_TIMEOUT + "'");
            try (ResultSet rs = statement.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    statement.execute("DROP TABLE " + table);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
