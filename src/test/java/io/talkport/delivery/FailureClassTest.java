package io.talkport.delivery;

import io.talkport.bundle.AttachmentUnreadableException;
import io.talkport.talkjs.TalkJsAuthException;
import io.talkport.talkjs.TalkJsOutcomeUnknownException;
import io.talkport.talkjs.TalkJsRejectedException;
import io.talkport.talkjs.TalkJsThrottledException;
import io.talkport.talkjs.TalkJsUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;

import static io.talkport.talkjs.TalkJsEnvironment.TEST;
import static org.assertj.core.api.Assertions.assertThat;

/** Only TalkJS's transient answers and a briefly absent database are retried; the rest fails at once. */
class FailureClassTest {

    private static RuntimeException ledger(String sqlState) {
        return new IllegalStateException("Delivery ledger", new SQLException("ERROR: something\n  Detail: Key (id)=(secret)",
                sqlState));
    }

    @Test
    void talkJsTransientAnswersAreRetried() {
        assertThat(FailureClass.of(new TalkJsUnavailableException(TEST, 503, "down", null)))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new TalkJsThrottledException(TEST, "429"))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new TalkJsOutcomeUnknownException(TEST, 0, "import", "timeout", null)))
                .isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void credentialsFailTheRunAndRefusalsTheItem() {
        assertThat(FailureClass.of(new TalkJsAuthException(TEST, 401, "app", "no"))).isEqualTo(FailureClass.RUN);
        assertThat(FailureClass.of(new TalkJsRejectedException(TEST, 400, "import", "bad")))
                .isEqualTo(FailureClass.ITEM);
    }

    @Test
    void databaseStatesDecide() {
        assertThat(FailureClass.of(ledger("08006"))).isEqualTo(FailureClass.TRANSIENT); // connection lost
        assertThat(FailureClass.of(ledger("40P01"))).isEqualTo(FailureClass.TRANSIENT); // deadlock
        assertThat(FailureClass.of(ledger("57P01"))).isEqualTo(FailureClass.TRANSIENT); // admin shutdown
        assertThat(FailureClass.of(ledger(null))).isEqualTo(FailureClass.TRANSIENT); // pool acquisition timeout
        assertThat(FailureClass.of(ledger("23505"))).isEqualTo(FailureClass.ITEM); // unique violation
        assertThat(FailureClass.of(ledger("22P02"))).isEqualTo(FailureClass.ITEM); // bad input
    }

    @Test
    void localFaultsFailTheItem() {
        assertThat(FailureClass.of(new NullPointerException())).isEqualTo(FailureClass.ITEM);
        assertThat(FailureClass.of(new UncheckedIOException(new IOException("disk")))).isEqualTo(FailureClass.ITEM);
        assertThat(FailureClass.of(new AttachmentUnreadableException("a.png", "gone", null)))
                .isEqualTo(FailureClass.ITEM);
        assertThat(FailureClass.of(new IllegalStateException("x", new InterruptedException())))
                .isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void reasonsNameNoClassesAndNoRowData() {
        assertThat(FailureClass.reason(ledger("23505"))).isEqualTo("The database refused Talkport's write (SQLSTATE "
                + "23505, something). This is not a TalkJS problem and retrying will not fix it; see the server log.");
        assertThat(FailureClass.reason(new UncheckedIOException(new IOException("Unexpected token"))))
                .isEqualTo("Talkport met an internal error (Unexpected token). This is not a TalkJS problem and "
                        + "retrying will not fix it; see the server log.");
        assertThat(FailureClass.reason(new NullPointerException())).startsWith("Talkport met an internal error (no "
                + "details)");
    }
}
