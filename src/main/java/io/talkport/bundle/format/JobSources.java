package io.talkport.bundle.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The {@code job_source} row of a job: the format asked for on upload, and what staging read (JDBC, no entity). */
public final class JobSources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobSources() {
    }

    /** Records the format chosen on upload (null = detect). */
    public static void request(AgroalDataSource dataSource, long jobId, String formatId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        INSERT INTO job_source (job_id, requested_format) VALUES (?, ?)
                        ON CONFLICT (job_id) DO UPDATE SET requested_format = excluded.requested_format""")) {
            statement.setLong(1, jobId);
            statement.setString(2, formatId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Job " + jobId + ": cannot record the requested format", e);
        }
    }

    /** The format chosen on upload, or null to detect it. */
    public static String requestedFormat(AgroalDataSource dataSource, long jobId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT requested_format FROM job_source WHERE job_id = ?")) {
            statement.setLong(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Job " + jobId + ": cannot read the requested format", e);
        }
    }

    /** Stores what staging read, inside the staging transaction on {@code connection}. */
    public static void save(Connection connection, long jobId, SourceFormat format, CarryOver report)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO job_source (job_id, format, summary, report) VALUES (?, ?, ?, ?::jsonb)
                ON CONFLICT (job_id) DO UPDATE SET format = excluded.format, summary = excluded.summary,
                  report = excluded.report""")) {
            statement.setLong(1, jobId);
            statement.setString(2, format.id());
            statement.setString(3, report.summary(format.label()));
            statement.setString(4, report.toJson(JSON).toString());
            statement.executeUpdate();
        }
    }
}
