package io.talkport.bundle;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.testsupport.BundleBuilder;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

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
        long baseline = HeapSampler.usedHeap();
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        long started = System.nanoTime();
        StagingResult result = stager.stage(job, archive);
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.stopSampling();

        System.out.printf("%nSTAGING BENCHMARK: %s%n", result);
        System.out.printf("  %,d messages in %.1f s = %,.0f messages/s%n", messages, seconds, messages / seconds);
        System.out.printf("  heap: max %,d MB, live before %,d MB, peak live after GC %,d MB, peak used incl. garbage "
                        + "%,d MB, GC time %,d ms, load average %.1f%n",
                Runtime.getRuntime().maxMemory() >> 20, baseline >> 20, sampler.peakLive.get() >> 20,
                sampler.peak.get() >> 20, HeapSampler.gcMillis(), HeapSampler.loadAverage());
        assertThat(result.messages()).isEqualTo(messages);
        assertThat(result.errors()).isZero();
    }
}
