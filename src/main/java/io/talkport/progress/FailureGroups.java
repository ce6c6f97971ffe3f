package io.talkport.progress;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

import static io.talkport.job.IssueCsv.cell;

/**
 * A run's failed items grouped by kind and reason, largest group first: ten users refused for the same reason are one
 * row "10 users" with a few example ids, not ten copies of TalkJS's answer. TalkJS names the item in its answer
 * ({@code {"errorCode":"INVALID_USERS","reasons":{"u005":"name must be a string"}}}), so the item's id is replaced by
 * {@link #ID} before grouping. {@link #writeCsv} streams every failure as recorded.
 */
@ApplicationScoped
public class FailureGroups {

    /** Example ids shown per group. */
    static final int EXAMPLES = 3;
    /** Stands for the item's own id in a reason, so that answers naming the item group together. */
    public static final String ID = "‹id›";

    /** Failed items of one kind ("users", "conversations", "attachments", "messages") for one reason. */
    public record Group(String kind, String reason, long count, List<String> examples) {
    }

    private final DataSource dataSource;

    public FailureGroups(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** At most {@code limit} groups of the run, largest first. */
    public List<Group> of(long runId, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT kind, replace(reason, item_id, '%s') AS shared, count(*),
                            (array_agg(item_id ORDER BY id))[1:%d]
                     FROM delivery_failure WHERE run_id = ? GROUP BY kind, shared
                     ORDER BY count(*) DESC, min(id) LIMIT ?
                     """.formatted(ID, EXAMPLES))) {
            statement.setLong(1, runId);
            statement.setInt(2, limit);
            List<Group> groups = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String[] examples = (String[]) rows.getArray(4).getArray();
                    groups.add(new Group(rows.getString(1), rows.getString(2), rows.getLong(3),
                            Arrays.asList(examples)));
                }
            }
            return groups;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the failures of run " + runId, e);
        }
    }

    /** Every failure of the run as CSV (header {@code kind,item_id,reason,at}; RFC 4180 quoting), in order. */
    public void writeCsv(long runId, OutputStream out) throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // a cursor (fetch size) needs a transaction
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT kind, item_id, reason, at FROM delivery_failure WHERE run_id = ? ORDER BY id")) {
                statement.setFetchSize(1_000);
                statement.setLong(1, runId);
                out.write("kind,item_id,reason,at\r\n".getBytes(StandardCharsets.UTF_8));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String line = cell(rows.getString(1)) + "," + cell(rows.getString(2)) + ","
                                + cell(rows.getString(3)) + "," + rows.getTimestamp(4).toInstant() + "\r\n";
                        out.write(line.getBytes(StandardCharsets.UTF_8));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("Cannot read the failures of run " + runId, e));
        }
    }
}
