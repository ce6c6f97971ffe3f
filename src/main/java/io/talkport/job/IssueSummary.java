package io.talkport.job;

import java.util.List;
import java.util.Objects;

/**
 * How many issues a job has per severity and code: the totals behind every filter of the issues table and the codes
 * its filter offers, from one grouped query instead of a count and a DISTINCT over all of the job's issues per page.
 */
public record IssueSummary(List<Group> groups) {

    /** The issues of one severity and code. */
    public record Group(String severity, String code, long count) {
    }

    /** Reads the job's groups (one index-only pass over job_issue_by_job). */
    public static IssueSummary of(long jobId) {
        List<Object[]> rows = JobIssue.getEntityManager().createQuery("""
                select i.severity, i.code, count(i) from JobIssue i where i.jobId = :job
                group by i.severity, i.code""", Object[].class).setParameter("job", jobId).getResultList();
        return new IssueSummary(rows.stream()
                .map(row -> new Group((String) row[0], (String) row[1], ((Number) row[2]).longValue())).toList());
    }

    /** Issues matching the filters; a null filter matches everything. */
    public long count(String severity, String code) {
        return groups.stream()
                .filter(g -> (severity == null || severity.equals(g.severity())) && (code == null || code.equals(g.code())))
                .mapToLong(Group::count).sum();
    }

    /** The distinct codes, sorted, for the filter. */
    public List<String> codes() {
        return groups.stream().map(Group::code).filter(Objects::nonNull).distinct().sorted().toList();
    }
}
