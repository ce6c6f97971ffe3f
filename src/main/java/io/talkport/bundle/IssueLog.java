package io.talkport.bundle;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts every issue of a job but stores at most {@code maxPerCode} rows per code, so that a garbage bundle cannot
 * write millions of issue rows; {@link #writeSummaries()} then adds one TOO_MANY_ISSUES row per capped code.
 */
final class IssueLog implements IssueReporter {

    private final StagingWriter writer;
    private final int maxPerCode;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private int errors;
    private int warnings;

    private static final class Tally {
        final Severity severity;
        final String file;
        long count;
        long stored;

        Tally(Severity severity, String file) {
            this.severity = severity;
            this.file = file;
        }
    }

    IssueLog(StagingWriter writer, int maxPerCode) {
        this.writer = writer;
        this.maxPerCode = maxPerCode;
    }

    @Override
    public void report(Issue issue) {
        if (record(issue.code(), issue.severity(), issue.file(), 1) > 0) {
            try {
                writer.issue(issue);
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("Cannot store an issue", e);
            }
        }
    }

    /** Counts {@code found} issues of a code found in SQL; returns how many of them may still be stored. */
    int record(String code, Severity severity, String file, long found) {
        Tally tally = tallies.computeIfAbsent(code, c -> new Tally(severity, file));
        tally.count += found;
        if (severity == Severity.ERROR) {
            errors += (int) found;
        } else {
            warnings += (int) found;
        }
        int storable = (int) Math.max(0, Math.min(found, maxPerCode - tally.stored));
        tally.stored += storable;
        return storable;
    }

    void writeSummaries() throws SQLException, IOException {
        for (Map.Entry<String, Tally> entry : tallies.entrySet()) {
            Tally tally = entry.getValue();
            if (tally.count > tally.stored) {
                writer.issue(new Issue(tally.severity, "TOO_MANY_ISSUES", tally.file, null, null, null,
                        (tally.count - tally.stored) + " more " + entry.getKey() + " issues were found but not listed "
                                + "(only the first " + maxPerCode + " are kept). Fix the listed ones and upload again."));
            }
        }
    }

    int errors() {
        return errors;
    }

    int warnings() {
        return warnings;
    }
}
