package io.talkport.sandbox;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.security.Principal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Records an operator's change to a sandbox app (reset, faults, rate limits, journal) in the dashboard's audit trail,
 * the {@code audit_event} table, as its own committed row after the change happened. The sandbox imports nothing of
 * the app, so this writes the row with plain SQL instead of calling the app's audit code; the action codes
 * ({@code sandbox.reset}, {@code sandbox.faults}, {@code sandbox.rate-limit}, {@code sandbox.journal-clear}) show on
 * {@code /audit} like the app's own.
 */
@ApplicationScoped
public class SandboxAudit {

    /** Longest detail kept (the audit trail's own limit). */
    private static final int MAX_DETAIL = 500;

    private final DataSource dataSource;

    public SandboxAudit(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes one row: who ({@code user}, null when unknown), what ({@code action}, e.g. {@code sandbox.reset}) and on
     * which app ({@code detail} starts with {@code "sandbox app <id>"}). A failure to write is logged and rethrown,
     * so that an operator never believes an unaudited change was audited.
     */
    public void record(Principal user, String action, String appId, String detail) {
        String text = "sandbox app " + appId + (detail == null || detail.isBlank() ? "" : ": " + detail);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO audit_event (at, username, action, detail) VALUES (now(), ?, ?, ?)")) {
            connection.setAutoCommit(true);
            insert.setString(1, user == null ? null : clip(user.getName(), 200));
            insert.setString(2, action);
            insert.setString(3, clip(text, MAX_DETAIL));
            insert.executeUpdate();
        } catch (SQLException e) {
            Log.errorf(e, "Could not audit %s on sandbox app %s", action, appId);
            throw new IllegalStateException("The change was made but could not be recorded in the audit trail", e);
        }
    }

    private static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "…";
    }
}
