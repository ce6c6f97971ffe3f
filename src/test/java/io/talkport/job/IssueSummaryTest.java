package io.talkport.job;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The totals and codes the issues table takes from a job's summary instead of counting per request. */
class IssueSummaryTest {

    private final IssueSummary summary = new IssueSummary(List.of(
            new IssueSummary.Group("error", "UNKNOWN_USER", 10_000),
            new IssueSummary.Group("warning", "UNKNOWN_USER", 3),
            new IssueSummary.Group("warning", "DUPLICATE_MESSAGE", 40),
            new IssueSummary.Group("error", "ATTACHMENT_MISSING", 25)));

    @Test
    void countsEveryFilterCombination() {
        assertThat(summary.count(null, null)).isEqualTo(10_068);
        assertThat(summary.count("error", null)).isEqualTo(10_025);
        assertThat(summary.count("warning", null)).isEqualTo(43);
        assertThat(summary.count(null, "UNKNOWN_USER")).isEqualTo(10_003);
        assertThat(summary.count("warning", "UNKNOWN_USER")).isEqualTo(3);
        assertThat(summary.count("warning", "ATTACHMENT_MISSING")).isZero();
        assertThat(summary.count(null, "NO_SUCH_CODE")).isZero();
    }

    @Test
    void codesAreDistinctAndSorted() {
        assertThat(summary.codes()).containsExactly("ATTACHMENT_MISSING", "DUPLICATE_MESSAGE", "UNKNOWN_USER");
        assertThat(new IssueSummary(List.of()).codes()).isEmpty();
    }
}
