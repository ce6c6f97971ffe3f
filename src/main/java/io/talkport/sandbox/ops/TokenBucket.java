package io.talkport.sandbox.ops;

/** A token bucket (rate per second, burst); a rate of 0 or less disables limiting. Thread-safe. */
public final class TokenBucket {

    private double rate;
    private int burst;
    private double tokens;
    private long lastRefill = System.nanoTime();

    public TokenBucket(double rate, int burst) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Takes one token: 0 when granted, otherwise the nanoseconds until one would be available. */
    public synchronized long tryAcquire() {
        if (rate <= 0) {
            return 0;
        }
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / rate * 1_000_000_000L);
    }

    /** Changes rate and burst at runtime; the bucket starts full again. */
    public synchronized void configure(double newRate, int newBurst) {
        rate = newRate;
        burst = newBurst;
        tokens = newBurst;
        lastRefill = System.nanoTime();
    }

    public synchronized double rate() {
        return rate;
    }

    public synchronized int burst() {
        return burst;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastRefill) / 1e9 * rate);
        lastRefill = now;
    }
}
