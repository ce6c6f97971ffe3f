package io.talkport.bundle;

/** Receives the issues found while reading a bundle. */
@FunctionalInterface
public interface IssueReporter {
    void report(Issue issue);
}
