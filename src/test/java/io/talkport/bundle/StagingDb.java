package io.talkport.bundle;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads what staging wrote, for assertions. */
final class StagingDb {

    private final AgroalDataSource dataSource;

    StagingDb(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    long newJob() {
        return Long.parseLong(rows("INSERT INTO job (name, status) VALUES ('test', 'VALIDATING') RETURNING id").get(0));
    }

    /** "severity CODE file line field itemId" per issue row. */
    List<String> issues(long jobId) {
        return rows("SELECT severity || ' ' || code || ' ' || coalesce(file, '-') || ' ' || coalesce(line::text, '-') "
                + "|| ' ' || coalesce(field, '-') || ' ' || coalesce(item_id, '-') FROM job_issue WHERE job_id = "
                + jobId + " ORDER BY id");
    }


    List<String> rows(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : " ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    int count(String table, long jobId) {
        return Integer.parseInt(rows("SELECT count(*) FROM " + table + " WHERE job_id = " + jobId).get(0));
    }
}
