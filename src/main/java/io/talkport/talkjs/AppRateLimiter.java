package io.talkport.talkjs;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Client-side limits for one TalkJS app, shared by every thread of the JVM: a token bucket ({@code rate} per
 * second, {@code burst} deep), a cap on requests in flight, and a pause that a 429 imposes on all callers of the
 * app so parallel workers stop hammering together. Waiting happens outside the lock; the lock only guards a few
 * arithmetic operations, so this stays cheap far beyond 300 requests per second.
 *
 * <p>A 429 also lowers the rate by {@link #CUT} (not below {@link #FLOOR} of the configured one), which then climbs
 * back by {@link #RECOVERY_PER_SECOND} of the configured rate each second; the bucket starts empty after the pause.
 * Sending at exactly TalkJS's own rate leaves its bucket no slack: the least jitter in arrival times costs a 429, and
 * a 429's pause (Retry-After is whole seconds) lets both buckets fill again, so the next burst ends the same way.
 * Measured against the sandbox at 9/s, burst 5, with the same figures configured here: five calls, a 429, a second's
 * pause, over and over, 62% of the rate and 15% of calls refused. Slowed down for a while after a 429, the client
 * lets TalkJS's bucket fill a cushion that absorbs the jitter, and a rate configured above TalkJS's true one settles
 * just under it.
 */
final class AppRateLimiter {

    /** The rate after a 429, as a share of the rate before it. */
    static final double CUT = 0.9;
    /** The lowest rate 429s can push the limiter to, as a share of the configured rate. */
    static final double FLOOR = 0.5;
    /** How fast the rate climbs back after a cut, as a share of the configured rate per second. */
    static final double RECOVERY_PER_SECOND = 0.002;

    private final double configuredPerNano;
    private final double burst;
    private final Semaphore inFlight;
    private final LongSupplier clock;

    private double tokens;
    private long refilledAt;
    private long pausedUntil;
    /** The rate right after the last cut, and when that was: the rate recovers linearly from there. */
    private double cutPerNano;
    private long cutAt;

    AppRateLimiter(double requestsPerSecond, int burst, int maxInFlight) {
        this(requestsPerSecond, burst, maxInFlight, System::nanoTime);
    }

    /** {@code clock}: {@link System#nanoTime()}, or a test's own. */
    AppRateLimiter(double requestsPerSecond, int burst, int maxInFlight, LongSupplier clock) {
        if (requestsPerSecond <= 0 || burst < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("talkjs.rate-limit and talkjs.max-in-flight must be positive");
        }
        this.configuredPerNano = requestsPerSecond / 1e9;
        this.burst = burst;
        this.inFlight = new Semaphore(maxInFlight, true);
        this.clock = clock;
        this.tokens = burst;
        this.refilledAt = clock.getAsLong();
        this.pausedUntil = refilledAt;
        this.cutPerNano = configuredPerNano;
        this.cutAt = refilledAt;
    }

    /**
     * Takes a slot and a token, waiting until {@code deadline} (on the limiter's clock: {@link System#nanoTime()}
     * outside tests) at the latest. Returns false when the deadline passed first; then nothing is held. On true, call
     * {@link #release()}.
     */
    boolean acquire(long deadline) throws InterruptedException {
        if (!inFlight.tryAcquire(Math.max(0, deadline - clock.getAsLong()), TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            if (takeToken(deadline)) {
                return true;
            }
        } catch (InterruptedException e) {
            inFlight.release();
            throw e;
        }
        inFlight.release();
        return false;
    }

    void release() {
        inFlight.release();
    }

    /**
     * After a 429: stops every caller of this app from sending until {@code wait} from now (never shortens a pause),
     * lowers the rate and empties the bucket, which fills again from the end of the pause. 429s answered to calls sent
     * before the pause began arrive during it and do not lower the rate again.
     */
    synchronized void throttled(Duration wait) {
        long now = clock.getAsLong();
        if (pausedUntil - now <= 0) {
            cutPerNano = Math.max(FLOOR * configuredPerNano, CUT * ratePerNano(now));
            cutAt = now;
        }
        long until = now + wait.toNanos();
        if (until - pausedUntil > 0) {
            pausedUntil = until;
        }
        // TalkJS's bucket is empty: ours starts empty too once the pause ends, instead of firing a full burst at it.
        tokens = 0;
        refilledAt = pausedUntil;
    }

    /** The rate the limiter sends at now, in requests per second. */
    synchronized double requestsPerSecond() {
        return ratePerNano(clock.getAsLong()) * 1e9;
    }

    private double ratePerNano(long now) {
        return Math.min(configuredPerNano, cutPerNano + configuredPerNano * RECOVERY_PER_SECOND * (now - cutAt) / 1e9);
    }

    private boolean takeToken(long deadline) throws InterruptedException {
        while (true) {
            long wait = tryTake();
            if (wait == 0) {
                return true;
            }
            long now = clock.getAsLong();
            if (now + wait - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(this, wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** 0 when a token was taken, otherwise the nanoseconds to wait before trying again. */
    synchronized long tryTake() {
        long now = clock.getAsLong();
        if (pausedUntil - now > 0) {
            return pausedUntil - now;
        }
        double perNano = ratePerNano(now);
        tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
    }
}
