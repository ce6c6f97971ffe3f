package io.talkport.job;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.TypedQuery;

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

    /**
     * The page, with its total from {@code summary} (see {@link IssueCounts}). The page's ids are found first and
     * the rows read after: the ids come from an index alone, so a far page skips its offset without reading the
     * skipped rows (page 1,500 of a job with 100,000 issues read 75,000 rows to show 50).
     */
    public Result run(IssueSummary summary) {
        long total = summary.count(severity, code);
        if ((long) (page - 1) * size >= total) {
            return new Result(total, List.of());
        }
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
        TypedQuery<Long> select = JobIssue.getEntityManager()
                .createQuery("select id from JobIssue where " + where + " order by id", Long.class)
                .setFirstResult((page - 1) * size).setMaxResults(size);
        params.map().forEach(select::setParameter);
        List<Long> ids = select.getResultList();
        return new Result(total, ids.isEmpty() ? List.of() : JobIssue.list("id in ?1", Sort.by("id"), ids));
    }

    public record Result(long total, List<JobIssue> items) {
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
