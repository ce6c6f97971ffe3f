package io.talkport.talkjs;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Client-side limits for one TalkJS app, shared by every thread of the JVM: a token bucket ({@code rate} per
 * second, {@code burst} deep), a cap on requests in flight, and a pause that a 429 imposes on all callers of the
 * app so parallel workers stop hammering together. Waiting happens outside the lock; the lock only guards a few
 * arithmetic operations, so this stays cheap far beyond 300 requests per second.
 */
final class AppRateLimiter {

    private final double tokensPerNano;
    private final double burst;
    private final Semaphore inFlight;

    private double tokens;
    private long refilledAt;
    private long pausedUntil;

    AppRateLimiter(double requestsPerSecond, int burst, int maxInFlight) {
        if (requestsPerSecond <= 0 || burst < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("talkjs.rate-limit and talkjs.max-in-flight must be positive");
        }
        this.tokensPerNano = requestsPerSecond / 1e9;
        this.burst = burst;
        this.inFlight = new Semaphore(maxInFlight, true);
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
        this.pausedUntil = refilledAt;
    }

    /**
     * Takes a slot and a token, waiting until {@code deadline} ({@link System#nanoTime()} based) at the latest.
     * Returns false when the deadline passed first; then nothing is held. On true, call {@link #release()}.
     */
    boolean acquire(long deadline) throws InterruptedException {
        if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
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

    /** Stops every caller of this app from sending until {@code wait} from now (never shortens a pause). */
    synchronized void pauseFor(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        if (until - pausedUntil > 0) {
            pausedUntil = until;
        }
    }

    private boolean takeToken(long deadline) throws InterruptedException {
        while (true) {
            long wait = tryTake();
            if (wait == 0) {
                return true;
            }
            long now = System.nanoTime();
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
    private synchronized long tryTake() {
        long now = System.nanoTime();
        if (pausedUntil - now > 0) {
            return pausedUntil - now;
        }
        tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
    }
}
