package io.talkport.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the app process's heap every second from /q/metrics (used heap including garbage, and the live data
 * size after the last GC), and reads its peak resident set size (VmHWM) from /proc.
 */
final class MemorySampler extends Thread {

    private final BenchHttp app;
    private final long pid;
    final AtomicLong peakHeap = new AtomicLong();
    final AtomicLong peakLive = new AtomicLong();
    final AtomicLong maxHeap = new AtomicLong();

    MemorySampler(BenchHttp app, long pid) {
        super("memory-sampler");
        this.app = app;
        this.pid = pid;
        setDaemon(true);
    }

    @Override
    public void run() {
        while (!isInterrupted()) {
            try {
                sample(app.getText("/q/metrics"));
            } catch (RuntimeException e) {
                // the app is restarting or busy: skip this sample
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(String metrics) {
        long heap = 0;
        long max = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += value(line);
            } else if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"")) {
                max += Math.max(0, value(line));
            } else if (line.startsWith("jvm_gc_live_data_size_bytes")) {
                peakLive.accumulateAndGet(value(line), Math::max);
            }
        }
        peakHeap.accumulateAndGet(heap, Math::max);
        maxHeap.set(max);
    }

    private static long value(String line) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
    }

    /** Peak resident set size of the process in bytes (VmHWM), or -1 when /proc is not readable. */
    long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    String report() {
        return String.format("peak heap used %,d MB (incl. garbage) of max %,d MB, peak live data after GC %,d MB, "
                        + "peak RSS (VmHWM) %,d MB", peakHeap.get() >> 20, maxHeap.get() >> 20, peakLive.get() >> 20,
                peakRss() >> 20);
    }
}
