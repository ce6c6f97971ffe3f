package io.talkport.bundle;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.testsupport.BundleBuilder;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stages a generated bundle of 1,000,000 messages (10,000 users, 50,000 conversations, an attachment every 1,000th
 * message) and prints messages/s and peak heap. Not part of the normal build; run with
 * {@code ./mvnw -B test -Pbenchmark -Dtest=StagingBenchmark} (the profile gives the test JVM -Xmx256m).
 * Sizes can be changed with -Dbenchmark.messages=..., -Dbenchmark.users=..., -Dbenchmark.conversations=....
 */
@QuarkusTest
@Tag("benchmark")
class StagingBenchmark {

    @Inject
    BundleStager stager;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void stageOneMillionMessages() throws Exception {
        int messages = Integer.getInteger("benchmark.messages", 1_000_000);
        int users = Integer.getInteger("benchmark.users", 10_000);
        int conversations = Integer.getInteger("benchmark.conversations", 50_000);
        Path archive = Files.createDirectories(Path.of("target", "benchmark")).resolve("bundle-" + messages + ".zip");
        long generating = System.nanoTime();
        BundleBuilder.generated(users, conversations, messages, 1000).build(archive);
        System.out.printf("Generated %s (%,d bytes) in %,d ms%n", archive, Files.size(archive),
                (System.nanoTime() - generating) / 1_000_000);

        StagingDb db = new StagingDb(dataSource);
        long job = db.newJob();
        System.gc();
        long baseline = usedHeap();
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        long started = System.nanoTime();
        StagingResult result = stager.stage(job, archive);
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.interrupt();
        sampler.join();

        System.out.printf("%nSTAGING BENCHMARK: %s%n", result);
        System.out.printf("  %,d messages in %.1f s = %,.0f messages/s%n", messages, seconds, messages / seconds);
        System.out.printf("  heap: max %,d MB, live before %,d MB, peak live after GC %,d MB, peak used incl. garbage "
                        + "%,d MB, GC time %,d ms, load average %.1f%n",
                Runtime.getRuntime().maxMemory() >> 20, baseline >> 20, sampler.peakLive.get() >> 20,
                sampler.peak.get() >> 20, gcMillis(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        assertThat(result.messages()).isEqualTo(messages);
        assertThat(result.errors()).isZero();
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Heap in use right after the last collection of each pool: what staging really keeps alive. */
    private static long liveAfterGc() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    /** Samples used heap (with and without garbage) every 50 ms. */
    private static final class HeapSampler extends Thread {
        final AtomicLong peak = new AtomicLong();
        final AtomicLong peakLive = new AtomicLong();

        HeapSampler() {
            setDaemon(true);
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
}
