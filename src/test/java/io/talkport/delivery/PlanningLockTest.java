package io.talkport.delivery;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** One instance plans a queued run at a time; the lock goes with the plan (two pool connections stand for two instances). */
@QuarkusTest
class PlanningLockTest {

    @Inject
    DataSource dataSource;

    @Test
    void whileOneInstancePlansARunAnotherSkipsItAndTakesItOnceTheFirstIsDone() {
        try (PlanningLock first = PlanningLock.tryTake(dataSource, 900_001)) {
            assertThat(first.held()).isTrue();
            try (PlanningLock second = PlanningLock.tryTake(dataSource, 900_001)) {
                assertThat(second.held()).as("the same run, another session").isFalse();
            }
            try (PlanningLock other = PlanningLock.tryTake(dataSource, 900_002)) {
                assertThat(other.held()).as("another run").isTrue();
            }
        }
        try (PlanningLock again = PlanningLock.tryTake(dataSource, 900_001)) {
            assertThat(again.held()).as("released with the plan").isTrue();
        }
    }
}
