package io.talkport.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages per second of each run, from the done counts seen each time progress is read (the pages poll every
 * 2 s). Kept in memory: a restarted server simply starts a new window.
 */
@ApplicationScoped
public class ThroughputTracker {

    private static final long WINDOW_MILLIS = 30_000;
    private static final int MAX_SAMPLES = 120;

    /** The run's done message count at {@code at} (epoch millis). */
    public record Sample(long at, long done) {
    }

    private final Map<Long, Deque<Sample>> samples = new ConcurrentHashMap<>();

    /** Records the run's current done count and returns the rate over the last 30 s (0 until two samples exist). */
    public double observe(long runId, long done) {
        long now = System.currentTimeMillis();
        Deque<Sample> deque = samples.computeIfAbsent(runId, id -> new ArrayDeque<>());
        synchronized (deque) {
            if (deque.isEmpty() || now - deque.peekLast().at() >= 500) {
                deque.addLast(new Sample(now, done));
            }
            while (deque.size() > MAX_SAMPLES || (deque.size() > 2 && now - deque.peekFirst().at() > WINDOW_MILLIS)) {
                deque.removeFirst();
            }
            Sample first = deque.peekFirst();
            Sample last = deque.peekLast();
            if (first == last || last.at() == first.at()) {
                return 0;
            }
            return Math.max(0, (last.done() - first.done()) * 1000.0 / (last.at() - first.at()));
        }
    }

    /** The samples of the last 30 s, oldest first (empty for a run not observed since this server started). */
    public List<Sample> recent(long runId) {
        Deque<Sample> deque = samples.get(runId);
        if (deque == null) {
            return List.of();
        }
        synchronized (deque) {
            return List.copyOf(deque);
        }
    }
}
