package io.talkport.delivery.ledger;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static io.talkport.delivery.ledger.BatchState.DELIVERED;
import static io.talkport.delivery.ledger.BatchState.FAILED;
import static io.talkport.delivery.ledger.BatchState.IN_FLIGHT;
import static io.talkport.delivery.ledger.BatchState.PENDING;
import static io.talkport.delivery.ledger.BatchState.PRESENT;
import static org.assertj.core.api.Assertions.assertThat;

/** The one list of legal ledger state changes, and the SQL guards built from it. */
class LedgerStatesTest {

    @Test
    void aBatchIsSentOnlyAfterItWasCommittedInFlight() {
        assertThat(BatchState.sourcesOf(IN_FLIGHT)).as("IN_FLIGHT from").containsExactlyInAnyOrder(PENDING, IN_FLIGHT,
                FAILED);
        assertThat(BatchState.sourcesOf(DELIVERED)).as("DELIVERED only from an import that was in flight")
                .containsExactlyInAnyOrder(IN_FLIGHT, FAILED);
        assertThat(PENDING.mayBecome(DELIVERED)).as("nothing is recorded as delivered without being in flight")
                .isFalse();
    }

    @Test
    void deliveredAndPresentBatchesNeverChangeAgain() {
        for (BatchState next : BatchState.values()) {
            assertThat(DELIVERED.mayBecome(next)).as("DELIVERED -> %s", next).isFalse();
            assertThat(PRESENT.mayBecome(next)).as("PRESENT -> %s", next).isFalse();
        }
        assertThat(BatchState.sourcesOf(PRESENT)).as("PRESENT is only ever inserted").isEmpty();
        assertThat(BatchState.INITIAL).containsExactlyInAnyOrder(PENDING, PRESENT, FAILED);
    }

    @Test
    void setBackToPendingOnlyFromInFlightOrARetriedFailure() {
        assertThat(BatchState.sourcesOf(PENDING)).containsExactlyInAnyOrder(IN_FLIGHT, FAILED);
        assertThat(BatchState.sourcesOf(FAILED)).containsExactlyInAnyOrder(PENDING, IN_FLIGHT);
    }

    @Test
    void groupsOfStatesAreThoseTheQueriesUse() {
        assertThat(BatchState.OPEN).isEqualTo(EnumSet.of(PENDING, IN_FLIGHT));
        assertThat(BatchState.IN_TALKJS).isEqualTo(EnumSet.of(DELIVERED, PRESENT));
        assertThat(BatchState.sql(BatchState.OPEN)).isEqualTo("('PENDING', 'IN_FLIGHT')");
    }

    @Test
    void guardsListTheSourceStatesAsSql() {
        assertThat(BatchState.guard(DELIVERED)).isEqualTo("state IN ('IN_FLIGHT', 'FAILED')");
        assertThat(BatchState.guard("b.state", PENDING)).isEqualTo("b.state IN ('IN_FLIGHT', 'FAILED')");
        assertThat(TaskState.guard(TaskState.DONE)).isEqualTo("state IN ('PENDING')");
        assertThat(TaskState.guard("t.state", TaskState.PENDING)).isEqualTo("t.state IN ('DONE', 'FAILED')");
    }

    @Test
    void aTaskEndsOnlyFromPendingAndComesBackOnlyByRetry() {
        assertThat(TaskState.sourcesOf(TaskState.DONE)).containsExactly(TaskState.PENDING);
        assertThat(TaskState.sourcesOf(TaskState.FAILED)).containsExactly(TaskState.PENDING);
        assertThat(TaskState.sourcesOf(TaskState.PENDING)).containsExactlyInAnyOrder(TaskState.DONE,
                TaskState.FAILED);
        assertThat(TaskState.DONE.mayBecome(TaskState.FAILED)).isFalse();
    }
}
