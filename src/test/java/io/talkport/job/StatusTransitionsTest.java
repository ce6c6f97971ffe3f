package io.talkport.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusTransitionsTest {

    @Test
    void jobsGoFromReceivedThroughValidatingToReadyOrRejected() {
        assertThat(JobStatus.RECEIVED.moveTo(JobStatus.VALIDATING)).isEqualTo(JobStatus.VALIDATING);
        assertThat(JobStatus.VALIDATING.canMoveTo(JobStatus.READY)).isTrue();
        assertThat(JobStatus.VALIDATING.canMoveTo(JobStatus.REJECTED)).isTrue();
        assertThat(JobStatus.READY.canMoveTo(JobStatus.VALIDATING)).isFalse();
        assertThatThrownBy(() -> JobStatus.REJECTED.moveTo(JobStatus.READY))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("A job cannot go from REJECTED to READY.");
    }

    @Test
    void runsFollowTheirLifecycle() {
        assertThat(RunStatus.QUEUED.canMoveTo(RunStatus.RUNNING)).isTrue();
        assertThat(RunStatus.RUNNING.canMoveTo(RunStatus.PAUSED)).isTrue();
        assertThat(RunStatus.PAUSED.canMoveTo(RunStatus.RUNNING)).isTrue();
        assertThat(RunStatus.RUNNING.canMoveTo(RunStatus.VERIFYING)).isTrue();
        assertThat(RunStatus.VERIFYING.canMoveTo(RunStatus.SUCCEEDED)).isTrue();
        assertThat(RunStatus.VERIFYING.canMoveTo(RunStatus.FAILED)).isTrue();
    }

    @Test
    void everyNonFinalRunCanBeCancelledButNoFinalOne() {
        for (RunStatus status : RunStatus.values()) {
            assertThat(status.canMoveTo(RunStatus.CANCELLED))
                    .as(status.name())
                    .isEqualTo(!status.isFinal());
        }
    }

    @Test
    void aSucceededRunIsQueuedAgainOnlyToStartOverAndFailedAndCancelledOnesResume() {
        assertThat(RunStatus.SUCCEEDED.canMoveTo(RunStatus.QUEUED)).isTrue();
        assertThat(RunStatus.SUCCEEDED.canMoveTo(RunStatus.FAILED)).isFalse();
        assertThat(RunStatus.QUEUED.canMoveTo(RunStatus.FAILED)).as("planning meets wrong credentials").isTrue();
        assertThat(RunStatus.FAILED.canMoveTo(RunStatus.QUEUED)).isTrue();
        assertThat(RunStatus.CANCELLED.canMoveTo(RunStatus.QUEUED)).isTrue();
        assertThatThrownBy(() -> RunStatus.SUCCEEDED.moveTo(RunStatus.RUNNING))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void verificationCannotBePausedAndPausedRunsDoNotVerify() {
        assertThat(RunStatus.VERIFYING.canMoveTo(RunStatus.PAUSED)).isFalse();
        assertThat(RunStatus.PAUSED.canMoveTo(RunStatus.VERIFYING)).isFalse();
        assertThat(RunStatus.PAUSED.isActive()).isFalse();
        assertThat(RunStatus.RUNNING.isActive()).isTrue();
    }
}
