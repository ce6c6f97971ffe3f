package io.talkport.bundle;

import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Sends filled {@link CopyBuffer}s to PostgreSQL on one background thread, in order, so that parsing the next
 * megabyte overlaps with the database ingesting the previous one (on 2 cores this nearly halves staging time).
 * At most {@value #IN_FLIGHT} buffers wait, which bounds memory. The connection is only used by that thread until
 * {@link #await()} returns. Sent buffers are handed out again ({@link #buffer}) instead of new ones: at -Xmx256m G1's
 * regions are 1 MB, so each megabyte buffer was a humongous object, allocated in the old generation, and such
 * allocations started a concurrent marking cycle every half second (20 per million messages: 4-6 s of CPU on the
 * same 2 cores as the parser and PostgreSQL).
 */
final class CopySender implements AutoCloseable {

    private static final int IN_FLIGHT = 3;

    private final CopyManager copy;
    private final ExecutorService executor;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final Deque<Future<?>> pending = new ArrayDeque<>();
    /** Buffers whose COPY has run, ready to be filled again (at most the buffers there are plus those in flight). */
    private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();

    CopySender(CopyManager copy, long jobId) {
        this.copy = copy;
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "bundle-copy-job-" + jobId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** An empty buffer of {@code capacity} bytes: one whose COPY has run if there is one, else a new one. */
    byte[] buffer(int capacity) {
        byte[] sent;
        while ((sent = free.poll()) != null) {
            if (sent.length == capacity) {
                return sent;
            }
        }
        return new byte[capacity];
    }

    /** Queues one COPY command; {@code bytes} must not be touched afterwards (it comes back through {@link #buffer}). */
    void send(String sql, byte[] bytes, int length) throws SQLException, IOException {
        reapDone();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while staging", e);
        }
        pending.add(executor.submit(() -> {
            try {
                long rows = copy.copyIn(sql, new ByteArrayInputStream(bytes, 0, length));
                free.add(bytes);
                return rows;
            } finally {
                slots.release();
            }
        }));
    }

    /** Waits until every queued COPY has run; rethrows the first failure. */
    void await() throws SQLException, IOException {
        while (!pending.isEmpty()) {
            result(pending.poll());
        }
    }

    private void reapDone() throws SQLException, IOException {
        while (!pending.isEmpty() && pending.peek().isDone()) {
            result(pending.poll());
        }
    }

    private static void result(Future<?> future) throws SQLException, IOException {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while staging", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Lets a COPY in flight end (the caller may roll back on this connection next); failures were reported. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
