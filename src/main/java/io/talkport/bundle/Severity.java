package io.talkport.bundle;

/** How bad an issue is: an error excludes the item, a warning does not. */
public enum Severity {
    ERROR, WARNING;

    /** The value stored in job_issue.severity. */
    public String dbValue() {
        return name().toLowerCase();
    }
}
