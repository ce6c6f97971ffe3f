package io.talkport.web;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Smoothed rates behind the pages' "time left": an exponential moving average (time constant {@link #TAU_MILLIS})
 * of the items a run finished between two readings at least {@link #MIN_STEP_MILLIS} apart. The raw 30-second rate
 * swings with every phase change and 429 pause (a push's ETA went from 1 h 36 m to 5 h 46 m within 20 s); the
 * average follows a real change within a few minutes without jumping. Kept in memory per run and phase ("push",
 * "verify"); a restarted server starts again from the next readings.
 */
@ApplicationScoped
public class RateSmoother {

    static final long TAU_MILLIS = 90_000;
    static final long MIN_STEP_MILLIS = 1_000;
    static final int MAX_KEPT = 1_000;

    private static final class Track {
        long at;
        long done;
        double rate = Double.NaN;
    }

    private final Map<String, Track> tracks = new ConcurrentHashMap<>();

    /** Records that {@code key} has finished {@code done} items at {@code nowMillis}; returns the smoothed items/s (NaN until known). */
    public double observe(String key, long done, long nowMillis) {
        if (tracks.size() > MAX_KEPT) {
            tracks.clear(); // ended runs leave entries behind; a rare clear bounds them
        }
        Track track = tracks.computeIfAbsent(key, k -> {
            Track t = new Track();
            t.at = nowMillis;
            t.done = done;
            return t;
        });
        synchronized (track) {
            long step = nowMillis - track.at;
            if (step < MIN_STEP_MILLIS) {
                return track.rate;
            }
            double instant = Math.max(0, done - track.done) * 1000.0 / step;
            double weight = 1 - Math.exp(-(double) step / TAU_MILLIS);
            track.rate = Double.isNaN(track.rate) ? instant : track.rate + weight * (instant - track.rate);
            track.at = nowMillis;
            track.done = done;
            return track.rate;
        }
    }

    /** Seconds for {@code remaining} items at the smoothed rate; null when no rate is known yet or it is zero. */
    static Long secondsLeft(long remaining, double rate) {
        if (remaining <= 0) {
            return 0L;
        }
        return Double.isNaN(rate) || rate <= 0 ? null : Math.round(remaining / rate);
    }
}
