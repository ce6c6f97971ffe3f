package io.talkport.usermap;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a staged job's user ids to the customer's own before anything is pushed: by source id or by email from an
 * uploaded CSV ({@link MappingCsv}); users the CSV does not name keep their source id ({@link Policy#KEEP}) or get
 * "unmapped-" + source id ({@link Policy#PLACEHOLDER}). The new ids replace the old ones in staged users,
 * participants, senders, readers and reactors in one transaction, and every user's row goes to
 * {@code job_user_map}. A job is mapped at most once, and only while it is READY with no run.
 */
@ApplicationScoped
@Named("userMaps")
public class UserIdMapping {

    /** What happens to users the CSV does not name. */
    public enum Policy { KEEP, PLACEHOLDER }

    /** The mapping applied: counts by how, and the source ids the CSV did not name (first {@value #LISTED}). */
    public record Result(int mapped, int kept, int placeholders, List<String> unmapped, List<String> unusedRows) {
    }

    /** One row of a job's mapping, for pages and the API. */
    public record Row(String sourceId, String talkjsId, String how) {
    }

    /** A mapping that cannot be applied; the message lists what to fix. */
    public static class MappingRefusedException extends RuntimeException {
        private final int status;

        MappingRefusedException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    static final int LISTED = 50;
    static final String PLACEHOLDER_PREFIX = "unmapped-";

    private final AgroalDataSource dataSource;

    public UserIdMapping(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Parses the CSV and applies it to the job.
     *
     * A job mapped before is mapped again from its export's ids: the earlier mapping is undone first, in the same
     * transaction, so the CSV names the export's ids (or emails) as the first time.
     *
     * @throws MappingRefusedException 400 for a bad CSV or ids that would collide, 409 when the job is not READY or
     *                                 has a run (its messages are in TalkJS under the ids it was pushed with)
     */
    public Result apply(long jobId, Reader csv, Policy policy) throws IOException {
        MappingCsv parsed = MappingCsv.parse(csv);
        if (!parsed.problems().isEmpty()) {
            throw new MappingRefusedException(400, String.join(" ", parsed.problems().subList(0,
                    Math.min(20, parsed.problems().size()))));
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                checkMappable(connection, jobId);
                int undone = unmap(connection, jobId);
                Plan plan = plan(parsed, stagedUsers(connection, jobId), policy);
                write(connection, jobId, plan);
                connection.commit();
                Log.infof("Job %d: user ids mapped%s: %d from the CSV, %d kept, %d placeholders", jobId,
                        undone > 0 ? " again" : "", plan.mapped, plan.kept, plan.placeholders);
                return new Result(plan.mapped, plan.kept, plan.placeholders,
                        plan.unmapped.subList(0, Math.min(LISTED, plan.unmapped.size())), plan.unusedRows);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Job " + jobId + ": cannot map user ids", e);
        }
    }

    /** Whether the job has been pushed (a run exists): its user ids can no longer be mapped. */
    public boolean pushed(long jobId) {
        try (Connection connection = dataSource.getConnection()) {
            return !"0".equals(single(connection, "SELECT count(*) FROM run WHERE job_id = " + jobId));
        } catch (SQLException e) {
            throw new IllegalStateException("Job " + jobId + ": cannot read its runs", e);
        }
    }

    /** The job's mapping, or an empty list when none was applied. */
    public List<Row> rows(long jobId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT source_id, talkjs_id, how FROM job_user_map WHERE job_id = ? ORDER BY source_id")) {
            statement.setLong(1, jobId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Job " + jobId + ": cannot read its user-id mapping", e);
        }
    }

    private static void checkMappable(Connection connection, long jobId) throws SQLException {
        String status = single(connection, "SELECT status FROM job WHERE id = " + jobId + " FOR UPDATE");
        if (!"READY".equals(status)) {
            throw new MappingRefusedException(409, "User ids can be mapped once the job is READY (it is "
                    + (status == null ? "not found" : status) + ").");
        }
        if (!"0".equals(single(connection, "SELECT count(*) FROM run WHERE job_id = " + jobId))) {
            throw new MappingRefusedException(409, PUSHED);
        }
    }

    /** Why a pushed job's ids cannot change, and how to change them all the same. */
    public static final String PUSHED = "This job was pushed, so the test app holds its messages under the ids it was "
            + "pushed with. To map its user ids again, first remove this job's test import (job page, \"Against what TalkJS holds\": Remove "
            + "this job's test import), then map and push again. A job pushed to live keeps its ids: upload the "
            + "export again as a new job to map them differently.";

    /**
     * Undoes the job's mapping, if any: every id goes back to the export's, and the mapping rows go. Returns how many
     * users it had mapped (0: none).
     */
    private static int unmap(Connection connection, long jobId) throws SQLException {
        Map<String, String> back = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT talkjs_id, source_id FROM job_user_map WHERE job_id = "
                        + jobId)) {
            while (rs.next()) {
                back.put(rs.getString(1), rs.getString(2));
            }
        }
        if (back.isEmpty()) {
            return 0;
        }
        replaceIds(connection, jobId, back);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM job_user_map WHERE job_id = " + jobId);
        }
        return back.size();
    }

    /** Staged user id → its emails (lower case). */
    private static Map<String, List<String>> stagedUsers(Connection connection, long jobId) throws SQLException {
        Map<String, List<String>> users = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT u.user_id, e.email FROM staged_user u LEFT JOIN LATERAL "
                        + "jsonb_array_elements_text(CASE WHEN jsonb_typeof(u.payload->'email') = 'array' "
                        + "THEN u.payload->'email' ELSE '[]' END) AS e(email) ON true WHERE u.job_id = " + jobId
                        + " ORDER BY u.line")) {
            while (rs.next()) {
                List<String> emails = users.computeIfAbsent(rs.getString(1), id -> new ArrayList<>());
                if (rs.getString(2) != null) {
                    emails.add(rs.getString(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        return users;
    }

    /** Source id → new id for every staged user, with counts. */
    private static final class Plan {
        final Map<String, String> ids = new LinkedHashMap<>();
        final Map<String, String> how = new HashMap<>();
        final List<String> unmapped = new ArrayList<>();
        final List<String> unusedRows = new ArrayList<>();
        int mapped;
        int kept;
        int placeholders;
    }

    private static Plan plan(MappingCsv csv, Map<String, List<String>> users, Policy policy) {
        Map<String, String> byKey = new HashMap<>();
        users.forEach((id, emails) -> {
            if (csv.byEmail()) {
                emails.forEach(email -> byKey.putIfAbsent(email, id));
            } else {
                byKey.put(id, id);
            }
        });
        Plan plan = new Plan();
        for (MappingCsv.Row row : csv.rows()) {
            String key = csv.byEmail() ? row.key().toLowerCase(Locale.ROOT) : row.key();
            String user = byKey.get(key);
            if (user == null) {
                if (plan.unusedRows.size() < LISTED) {
                    plan.unusedRows.add("line " + row.line() + ": " + row.key());
                }
            } else if (plan.ids.putIfAbsent(user, row.talkjsId()) == null) {
                plan.how.put(user, csv.byEmail() ? "csv-email" : "csv-id");
                plan.mapped++;
            }
        }
        for (String user : users.keySet()) {
            if (!plan.ids.containsKey(user)) {
                plan.unmapped.add(user);
                boolean keep = policy == Policy.KEEP;
                plan.ids.put(user, keep ? user : PLACEHOLDER_PREFIX + user);
                plan.how.put(user, keep ? "kept" : "placeholder");
                if (keep) {
                    plan.kept++;
                } else {
                    plan.placeholders++;
                }
            }
        }
        checkUnique(plan.ids);
        return plan;
    }

    private static void checkUnique(Map<String, String> ids) {
        Map<String, String> owner = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        ids.forEach((source, target) -> {
            String other = owner.putIfAbsent(target, source);
            if (other != null && clashes.size() < 20) {
                clashes.add("\"" + other + "\" and \"" + source + "\" would both become \"" + target + "\"");
            }
        });
        if (!clashes.isEmpty()) {
            throw new MappingRefusedException(400, "Two users would get the same TalkJS id: " + String.join("; ",
                    clashes) + ". Give each user its own id in the CSV.");
        }
    }

    /** Replaces the job's ids as planned and keeps the mapping (source id, TalkJS id, how) in job_user_map. */
    private static void write(Connection connection, long jobId, Plan plan) throws SQLException {
        replaceIds(connection, jobId, plan.ids);
        try (PreparedStatement kept = connection.prepareStatement("INSERT INTO job_user_map VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, String> e : plan.ids.entrySet()) {
                kept.setLong(1, jobId);
                kept.setString(2, e.getKey());
                kept.setString(3, e.getValue());
                kept.setString(4, plan.how.get(e.getKey()));
                kept.addBatch();
            }
            kept.executeBatch();
        }
    }

    /**
     * Replaces the ids ({@code ids}: old → new; equal pairs are left out) in users, participants, senders, readers
     * and reactors, each row once against its old value (staged_message reaches the job's partition).
     */
    private static void replaceIds(Connection connection, long jobId, Map<String, String> ids) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS user_map (source_id TEXT PRIMARY KEY, "
                    + "talkjs_id TEXT NOT NULL) ON COMMIT DROP");
            statement.execute("TRUNCATE user_map");
        }
        try (PreparedStatement temp = connection.prepareStatement("INSERT INTO user_map VALUES (?, ?)")) {
            for (Map.Entry<String, String> e : ids.entrySet()) {
                if (!e.getKey().equals(e.getValue())) {
                    temp.setString(1, e.getKey());
                    temp.setString(2, e.getValue());
                    temp.addBatch();
                }
            }
            temp.executeBatch();
        }
        try (Statement statement = connection.createStatement()) {
            String job = Long.toString(jobId);
            statement.executeUpdate("UPDATE staged_user u SET user_id = m.talkjs_id FROM user_map m "
                    + "WHERE u.job_id = " + job + " AND u.user_id = m.source_id");
            statement.executeUpdate("UPDATE staged_participant p SET user_id = m.talkjs_id FROM user_map m "
                    + "WHERE p.job_id = " + job + " AND p.user_id = m.source_id");
            statement.executeUpdate("UPDATE staged_message s SET sender = m.talkjs_id FROM user_map m "
                    + "WHERE s.job_id = " + job + " AND s.sender = m.source_id");
            statement.executeUpdate("UPDATE staged_reaction r SET user_id = m.talkjs_id FROM user_map m "
                    + "WHERE r.job_id = " + job + " AND r.user_id = m.source_id");
            statement.executeUpdate("UPDATE staged_message s SET read_by = (SELECT coalesce(jsonb_agg(coalesce("
                    + "m.talkjs_id, r.id) ORDER BY r.n), '[]') FROM jsonb_array_elements_text(s.read_by) "
                    + "WITH ORDINALITY AS r(id, n) LEFT JOIN user_map m ON m.source_id = r.id) "
                    + "WHERE s.job_id = " + job + " AND s.read_by <> '[]'::jsonb");
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
