package io.talkport.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed-login back-off, per user name and per source address (form and HTTP Basic alike). The first
 * {@code freeFailures} failures of a burst cost nothing; each one after that blocks further attempts for 1 s, then
 * 2 s, 4 s, ... up to {@code maxBackoff}. A blocked attempt is refused before the password is checked, so guessing
 * gains nothing, and it does not lengthen the block (an attacker cannot lock a user out for longer than
 * {@code maxBackoff} after stopping). A successful login ends the bursts of its user and address; a burst is
 * forgotten after {@code window} without failures. Held in memory per instance.
 */
public final class LoginThrottle {

    /** What a failure changed: whether it started a burst or started throttling (each audited once). */
    public record Outcome(boolean burstStarted, boolean throttleStarted, Duration blockedFor) {
    }

    /** A burst that ended (no failure for a window), for its summary line in the audit trail. */
    public record EndedBurst(String key, int failures, Instant first, Instant last) {
    }

    private static final class Burst {
        int failures;
        Instant first;
        Instant last;
        Instant blockedUntil = Instant.MIN;
        boolean throttled;
    }

    private final int freeFailures;
    private final Duration maxBackoff;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Burst> bursts = new ConcurrentHashMap<>();

    public LoginThrottle(int freeFailures, Duration maxBackoff, Duration window, Clock clock) {
        this.freeFailures = freeFailures;
        this.maxBackoff = maxBackoff;
        this.window = window;
        this.clock = clock;
    }

    public static String userKey(String user) {
        return "user " + (user == null ? "" : user);
    }

    public static String addressKey(String address) {
        return "address " + address;
    }

    /** How long attempts with these keys must still wait; empty when they may try. */
    public Optional<Duration> blocked(String... keys) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String key : keys) {
            Burst burst = bursts.get(key);
            if (burst != null && burst.blockedUntil.isAfter(now)) {
                Duration left = Duration.between(now, burst.blockedUntil);
                longest = left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /** Counts a failed login (password checked and wrong) against each key. */
    public Outcome failed(String... keys) {
        Instant now = clock.instant();
        boolean started = false;
        boolean throttled = false;
        Duration blockedFor = Duration.ZERO;
        for (String key : keys) {
            Burst burst = bursts.compute(key, (k, old) -> old == null || old.last.plus(window).isBefore(now)
                    ? fresh(now) : old);
            synchronized (burst) {
                started |= burst.failures == 0;
                burst.failures++;
                burst.last = now;
                int over = burst.failures - freeFailures;
                if (over > 0) {
                    Duration backoff = backoff(over);
                    burst.blockedUntil = now.plus(backoff);
                    blockedFor = backoff.compareTo(blockedFor) > 0 ? backoff : blockedFor;
                    throttled |= !burst.throttled;
                    burst.throttled = true;
                }
            }
        }
        return new Outcome(started, throttled, blockedFor);
    }

    /** A successful login: its user's and address's bursts end. */
    public void succeeded(String... keys) {
        for (String key : keys) {
            bursts.remove(key);
        }
    }

    /** Removes and returns the bursts with no failure for a window (their audit summary is due). */
    public List<EndedBurst> sweep() {
        Instant now = clock.instant();
        List<EndedBurst> ended = new ArrayList<>();
        bursts.forEach((key, burst) -> {
            if (burst.last.plus(window).isBefore(now) && bursts.remove(key, burst)) {
                ended.add(new EndedBurst(key, burst.failures, burst.first, burst.last));
            }
        });
        return ended;
    }

    /** Forgets everything (tests). */
    void clear() {
        bursts.clear();
    }

    private Duration backoff(int over) {
        long seconds = 1L << Math.min(over - 1, 20);
        Duration backoff = Duration.ofSeconds(seconds);
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    private static Burst fresh(Instant now) {
        Burst burst = new Burst();
        burst.first = now;
        burst.last = now;
        return burst;
    }
}
