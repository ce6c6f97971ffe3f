package io.talkport.bundle;

/**
 * One problem in a bundle, as stored in job_issue.
 *
 * @param line 1-based line of a JSONL file, or 1-based element number of a JSON array file; null for file-level issues
 */
public record Issue(Severity severity, String code, String file, Integer line, String field, String itemId,
        String message) {
}
