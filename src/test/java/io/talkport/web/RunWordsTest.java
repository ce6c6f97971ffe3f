package io.talkport.web;

import io.talkport.api.RunDocument;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The words the pages use for runs: states per environment, plurals, durations, smoothed rates, one-time messages. */
class RunWordsTest {

    private static RunDocument run(String status, Boolean verified, long messagesDone, long messagesFailed,
                                   long usersFailed) {
        Map<String, RunDocument.KindProgress> progress = new LinkedHashMap<>();
        progress.put("users", new RunDocument.KindProgress(200, 200 - usersFailed, usersFailed));
        progress.put("conversations", new RunDocument.KindProgress(10, 10, 0));
        progress.put("attachments", new RunDocument.KindProgress(0, 0, 0));
        progress.put("messages", new RunDocument.KindProgress(1_000, messagesDone, messagesFailed));
        return new RunDocument("test", status, verified, null, null, true, Instant.EPOCH, null, 0, null, 0, progress, null, null, null);
    }

    @Test
    void eachEnvironmentSaysWhereItStands() {
        assertThat(EnvironmentStatus.of("live", null).label()).isEqualTo("Live —");
        assertThat(EnvironmentStatus.of("test", run("SUCCEEDED", true, 1_000, 0, 0)).label())
                .isEqualTo("Test ✓ verified");
        EnvironmentStatus failed = EnvironmentStatus.of("test", run("FAILED", false, 850, 0, 150));
        assertThat(failed.label()).isEqualTo("Test FAILED · 150 items");
        assertThat(failed.css()).isEqualTo("err");
        assertThat(EnvironmentStatus.of("live", run("RUNNING", null, 420, 0, 0)).label()).isEqualTo("Live RUNNING 42%");
        assertThat(EnvironmentStatus.of("test", run("FAILED", false, 999, 0, 1)).label())
                .isEqualTo("Test FAILED · 1 item");
        assertThat(EnvironmentStatus.of(List.of()).stream().map(EnvironmentStatus::label))
                .containsExactly("Test —", "Live —");
    }

    @Test
    void countsAgreeWithTheirNouns() {
        assertThat(Plural.of(1, "warning")).isEqualTo("1 warning");
        assertThat(Plural.of(0, "warning")).isEqualTo("0 warnings");
        assertThat(Plural.of(12_345, "entry")).isEqualTo("12,345 entries");
        assertThat(Plural.of(2, "batch")).isEqualTo("2 batches");
    }

    @Test
    void durationsReadLikeAClock() {
        assertThat(Durations.of(45)).isEqualTo("45 s");
        assertThat(Durations.of(200)).isEqualTo("3 m 20 s");
        assertThat(Durations.of(3_840)).isEqualTo("1 h 04 m");
    }

    @Test
    void theSmoothedRateDoesNotSwingWithOneSlowStep() {
        RateSmoother smoother = new RateSmoother();
        assertThat(smoother.observe("r", 0, 0)).isNaN();
        double steady = 0;
        for (int second = 1; second <= 120; second++) {
            steady = smoother.observe("r", second * 50L, second * 1_000L);
        }
        assertThat(steady).isCloseTo(50, org.assertj.core.data.Offset.offset(0.01));
        // Twenty seconds without progress (a 429 pause): the raw rate drops to 0, the smoothed one by about a fifth.
        double paused = steady;
        for (int second = 121; second <= 140; second++) {
            paused = smoother.observe("r", 120 * 50L, second * 1_000L);
        }
        assertThat(paused).isBetween(35.0, 45.0);
        assertThat(RateSmoother.secondsLeft(4_000, paused)).isBetween(88L, 115L);
        assertThat(RateSmoother.secondsLeft(10, Double.NaN)).isNull();
    }

    @Test
    void aFlashMessageIsShownOnceAndOnlyToItsUser() {
        Flash flash = new Flash();
        String id = flash.put("alice", Flash.Message.fieldError("promote", "Wrong name.", "typed"));
        assertThat(flash.take(id, "mallory")).isSameAs(Flash.Message.NONE);
        Flash.Message message = flash.take(id, "alice");
        assertThat(message.errorFor("promote")).isEqualTo("Wrong name.");
        assertThat(message.typedFor("promote")).isEqualTo("typed");
        assertThat(message.isBanner()).isFalse();
        assertThat(flash.take(id, "alice")).isSameAs(Flash.Message.NONE);
        assertThat(flash.take("Your session expired", "alice").isBanner()).isFalse();
    }

    @Test
    void theVerifyLineSaysWhatWasReadBackAndThatTheLedgerVouchedForTheRest() {
        // 40 conversations (34 vouched for), 12 users (all vouched for).
        var counts = new io.talkport.progress.VerificationCounts.Counts(40, 36, 12, 12, 0, 34, 12);
        assertThat(RunPanel.vouchedPart(counts)).isEqualTo(" · 6 conversations read back, the rest vouched for by "
                + "TalkJS's answers");
        assertThat(RunPanel.vouchedPart(new io.talkport.progress.VerificationCounts.Counts(3, 3, 100, 100, 0, 3, 0)))
                .isEqualTo(" · 100 users read back, the rest vouched for by TalkJS's answers");
        assertThat(RunPanel.vouchedPart(new io.talkport.progress.VerificationCounts.Counts(2, 2, 5, 5, 0, 2, 5)))
                .isEqualTo(" · nothing read back: TalkJS's answers vouch for all of it");
        assertThat(RunPanel.vouchedPart(new io.talkport.progress.VerificationCounts.Counts(2, 1, 5, 0, 0, 0, 0)))
                .as("everything read back (verify-read-back=all): nothing to add").isEmpty();
    }

    @Test
    void aRunThatEndedWithFailedMessagesIsNotAtAHundredPercent() {
        assertThat(new RunPanel.KindRow("messages", 1_200, 1_180, 20).percent()).isEqualTo(98);
        assertThat(new RunPanel.KindRow("messages", 1_200, 1_199, 0).percent()).as("rounded down").isEqualTo(99);
        assertThat(new RunPanel.KindRow("messages", 1_200, 1_200, 0).percent()).isEqualTo(100);
    }
}
