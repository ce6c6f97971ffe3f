package io.talkport.bundle;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far the staging of each job in progress on this server has come, for the job page while it validates: the
 * data file being read and the lines (items) read so far over all files. In memory only: staging runs in one
 * transaction, so the database shows nothing until it ends. Another instance's staging shows no progress here.
 */
public final class StagingProgress {

    /** A snapshot: {@code lines} read so far, in {@code file} now; {@code startedMillis} epoch millis. */
    public record Snapshot(String file, long lines, long startedMillis) {
    }

    /** Updated by the one thread staging the job; read by page requests. */
    static final class Tracker {
        private final long startedMillis = System.currentTimeMillis();
        private volatile String file = "";
        private volatile long lines;

        void file(String name) {
            file = name;
        }

        void line() {
            lines++; // one writer
        }
    }

    private static final Map<Long, Tracker> RUNNING = new ConcurrentHashMap<>();

    private StagingProgress() {
    }

    static Tracker start(long jobId) {
        Tracker tracker = new Tracker();
        RUNNING.put(jobId, tracker);
        return tracker;
    }

    static void end(long jobId) {
        RUNNING.remove(jobId);
    }

    /** The job's progress while this server stages it; empty otherwise. */
    public static Optional<Snapshot> of(long jobId) {
        Tracker tracker = RUNNING.get(jobId);
        return tracker == null ? Optional.empty()
                : Optional.of(new Snapshot(tracker.file, tracker.lines, tracker.startedMillis));
    }
}
