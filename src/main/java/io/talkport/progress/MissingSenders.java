package io.talkport.progress;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * How many of a job's messages are held back only because their sender is not a participant of the conversation
 * (staged_message.sender_not_participant, V5): what "add missing senders" adds to a run. Exact, unlike the issue
 * rows, which are capped per code. Counted once per job and kept: staged rows never change after validation.
 */
@ApplicationScoped
public class MissingSenders {

    static final int KEPT = 1_000;

    private final DataSource dataSource;
    private final Map<Long, Long> counted = new ConcurrentHashMap<>();

    public MissingSenders(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Messages of a validated job that only "add missing senders" delivers. */
    public long of(long jobId) {
        Long known = counted.get(jobId);
        if (known != null) {
            return known;
        }
        if (counted.size() >= KEPT) {
            counted.clear();
        }
        long count = count(jobId);
        counted.put(jobId, count);
        return count;
    }

    private long count(long jobId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM staged_message WHERE job_id = ? AND NOT valid AND sender_not_participant")) {
            statement.setLong(1, jobId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the messages of job " + jobId, e);
        }
    }
}
