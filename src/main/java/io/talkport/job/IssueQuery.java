package io.talkport.job;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

import java.util.List;

/** A filtered, paged view of a job's issues. {@code page} is 1-based. */
public record IssueQuery(long jobId, String severity, String code, int page, int size) {

    public static final int MAX_SIZE = 500;

    public IssueQuery {
        page = Math.max(page, 1);
        size = Math.min(Math.max(size, 1), MAX_SIZE);
        severity = blankToNull(severity);
        code = blankToNull(code);
    }

    public Result run() {
        StringBuilder where = new StringBuilder("jobId = :job");
        Parameters params = Parameters.with("job", jobId);
        if (severity != null) {
            where.append(" and severity = :severity");
            params.and("severity", severity);
        }
        if (code != null) {
            where.append(" and code = :code");
            params.and("code", code);
        }
        PanacheQuery<JobIssue> query = JobIssue.find(where.toString(), Sort.by("id"), params);
        return new Result(query.count(), query.page(Page.of(page - 1, size)).list());
    }

    public record Result(long total, List<JobIssue> items) {
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
