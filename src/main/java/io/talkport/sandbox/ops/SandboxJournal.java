package io.talkport.sandbox.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Per-app request journal (bounded ring buffer) and counters by route and status. */
public final class SandboxJournal {

    /** Counter values as the control API shows them. */
    public record Counters(Map<String, Long> callsByRouteAndStatus, long rateLimited, long injected429,
                           long injected5xx, long total) {
    }

    private final JournalEntry[] ring;
    private long next;
    private final ConcurrentHashMap<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder injected429 = new LongAdder();
    private final LongAdder injected5xx = new LongAdder();

    public SandboxJournal(int capacity) {
        this.ring = new JournalEntry[Math.max(1, capacity)];
    }

    /** Records a call; {@code seq} in the given entry is replaced. */
    public void record(JournalEntry entry, boolean limited) {
        calls.computeIfAbsent(entry.route() + " " + entry.status(), k -> new LongAdder()).increment();
        if (limited) {
            rateLimited.increment();
        }
        if (entry.fault() != null && entry.status() == 429) {
            injected429.increment();
        } else if (entry.fault() != null && entry.status() >= 500) {
            injected5xx.increment();
        }
        synchronized (this) {
            ring[(int) (next % ring.length)] = new JournalEntry(next + 1, entry.timestamp(), entry.method(),
                    entry.path(), entry.query(), entry.route(), entry.status(), entry.bodySize(), entry.itemCount(),
                    entry.contentType(), entry.body(), entry.fault());
            next++;
        }
    }

    /** Entries with {@code seq > afterSeq}, oldest first, optionally of one route, at most {@code limit}. */
    public synchronized List<JournalEntry> entries(long afterSeq, String route, int limit) {
        long first = Math.max(Math.max(0, next - ring.length), afterSeq);
        List<JournalEntry> out = new ArrayList<>();
        for (long i = first; i < next && out.size() < limit; i++) {
            JournalEntry entry = ring[(int) (i % ring.length)];
            if (route == null || route.equalsIgnoreCase(entry.route())) {
                out.add(entry);
            }
        }
        return out;
    }

    public synchronized long size() {
        return Math.min(next, ring.length);
    }

    public Counters counters() {
        Map<String, Long> byRoute = new TreeMap<>();
        calls.forEach((k, v) -> byRoute.put(k, v.sum()));
        long total = byRoute.values().stream().mapToLong(Long::longValue).sum();
        return new Counters(byRoute, rateLimited.sum(), injected429.sum(), injected5xx.sum(), total);
    }

    public synchronized void clear() {
        java.util.Arrays.fill(ring, null);
        next = 0;
        calls.clear();
        rateLimited.reset();
        injected429.reset();
        injected5xx.reset();
    }
}
