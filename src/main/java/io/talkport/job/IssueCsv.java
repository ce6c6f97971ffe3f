package io.talkport.job;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Writes a job's issues as CSV (RFC 4180), with the same severity and code filters as the job page. Plain JDBC with
 * a server-side cursor (fetch size, no autocommit): a garbage bundle has up to 10,000 issues per code, and they are
 * streamed to the client instead of loaded as entities.
 */
@ApplicationScoped
public class IssueCsv {

    static final String HEADER = "severity,code,file,line,field,item_id,message";
    private static final int FETCH_SIZE = 500;

    private final AgroalDataSource dataSource;

    public IssueCsv(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes the issues matching the filters of {@code query} (its page and size are ignored), oldest first. */
    public void write(IssueQuery query, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        writer.write(HEADER + "\r\n");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql(query))) {
            connection.setAutoCommit(false);
            select.setFetchSize(FETCH_SIZE);
            select.setLong(1, query.jobId());
            int parameter = 2;
            if (query.severity() != null) {
                select.setString(parameter++, query.severity());
            }
            if (query.code() != null) {
                select.setString(parameter, query.code());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    writeRow(writer, rows);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("Reading the issues of job " + query.jobId() + " failed", e));
        }
        writer.flush();
    }

    private static String sql(IssueQuery query) {
        return "SELECT severity, code, file, line, field, item_id, message FROM job_issue WHERE job_id = ?"
                + (query.severity() != null ? " AND severity = ?" : "")
                + (query.code() != null ? " AND code = ?" : "")
                + " ORDER BY id";
    }

    private static void writeRow(Writer writer, ResultSet rows) throws SQLException, IOException {
        for (int column = 1; column <= 7; column++) {
            if (column > 1) {
                writer.write(',');
            }
            writer.write(column == 4 ? (rows.getObject(4) == null ? "" : Integer.toString(rows.getInt(4)))
                    : cell(rows.getString(column)));
        }
        writer.write("\r\n");
    }

    /**
     * One text cell: quoted when it holds a comma, quote or line break (quotes doubled); a leading =, +, -, @ or tab
     * gets a ' in front so that a spreadsheet shows bundle data as text instead of running it as a formula.
     */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
