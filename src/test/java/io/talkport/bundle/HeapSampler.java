package io.talkport.bundle;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the heap every 50 ms while a benchmark stages: the peak used (garbage included) and the peak live after GC
 * (what each heap pool held right after its last collection: what staging really keeps alive). Start it, stage,
 * then {@link #stopSampling()}.
 */
final class HeapSampler extends Thread {

    final AtomicLong peak = new AtomicLong();
    final AtomicLong peakLive = new AtomicLong();

    HeapSampler() {
        setDaemon(true);
    }

    static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Heap in use right after the last collection of each pool. */
    static long liveAfterGc() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    /** Milliseconds spent in garbage collection since the JVM started. */
    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    /** The 1-minute load average of the machine. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    void stopSampling() throws InterruptedException {
        interrupt();
        join();
    }

    @Override
    public void run() {
        while (!isInterrupted()) {
            peak.accumulateAndGet(usedHeap(), Math::max);
            peakLive.accumulateAndGet(liveAfterGc(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
