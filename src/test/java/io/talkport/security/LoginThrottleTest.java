package io.talkport.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The back-off itself, on a clock the test moves. */
class LoginThrottleTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(60), Duration.ofMinutes(15),
            new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            });

    @Test
    void fiveFailuresAreFreeThenTheWaitDoublesUpToTheCap() {
        String user = LoginThrottle.userKey("admin");
        String address = LoginThrottle.addressKey("10.0.0.1");
        for (int i = 0; i < 5; i++) {
            LoginThrottle.Outcome outcome = throttle.failed(user, address);
            assertThat(outcome.burstStarted()).isEqualTo(i == 0);
            assertThat(throttle.blocked(user, address)).isEmpty();
        }
        List<Long> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            LoginThrottle.Outcome outcome = throttle.failed(user, address);
            assertThat(outcome.throttleStarted()).isEqualTo(i == 0);
            waits.add(throttle.blocked(user, address).orElseThrow().toSeconds());
            now = now.plus(throttle.blocked(user, address).orElseThrow());
        }
        assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void theUserIsThrottledFromEveryAddressAndTheAddressForEveryUser() {
        for (int i = 0; i < 6; i++) {
            throttle.failed(LoginThrottle.userKey("admin"), LoginThrottle.addressKey("10.0.0." + i));
        }
        assertThat(throttle.blocked(LoginThrottle.userKey("admin"), LoginThrottle.addressKey("10.9.9.9"))).isPresent();
        for (int i = 0; i < 6; i++) {
            throttle.failed(LoginThrottle.userKey("user" + i), LoginThrottle.addressKey("10.1.1.1"));
        }
        assertThat(throttle.blocked(LoginThrottle.userKey("someone"), LoginThrottle.addressKey("10.1.1.1")))
                .isPresent();
        assertThat(throttle.blocked(LoginThrottle.userKey("someone"), LoginThrottle.addressKey("10.2.2.2")))
                .isEmpty();
    }

    @Test
    void aBurstEndsAfterTheWindowAndIsSummarisedOnce() {
        for (int i = 0; i < 7; i++) {
            throttle.failed(LoginThrottle.userKey("viewer"), LoginThrottle.addressKey("10.0.0.1"));
        }
        assertThat(throttle.sweep()).isEmpty();
        now = now.plus(Duration.ofMinutes(16));
        assertThat(throttle.sweep()).extracting(LoginThrottle.EndedBurst::failures).containsExactly(7, 7);
        assertThat(throttle.sweep()).isEmpty();
        assertThat(throttle.failed(LoginThrottle.userKey("viewer"), LoginThrottle.addressKey("10.0.0.1"))
                .burstStarted()).isTrue();
    }

    @Test
    void aSuccessEndsTheBurst() {
        for (int i = 0; i < 7; i++) {
            throttle.failed(LoginThrottle.userKey("viewer"), LoginThrottle.addressKey("10.0.0.1"));
        }
        throttle.succeeded(LoginThrottle.userKey("viewer"), LoginThrottle.addressKey("10.0.0.1"));
        assertThat(throttle.blocked(LoginThrottle.userKey("viewer"), LoginThrottle.addressKey("10.0.0.1"))).isEmpty();
    }
}
