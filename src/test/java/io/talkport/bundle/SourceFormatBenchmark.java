package io.talkport.bundle;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.bundle.slack.SlackExportGenerator;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stages a generated Slack export (default 1,000,000 messages in 2,000 channels and 1,000 DMs, 50 messages per day
 * file: 60,000 day files) through the format seam and prints messages/s and the heap used. Not part of the normal
 * build; run with {@code ./mvnw -B test -Pbenchmark -Dtest=SourceFormatBenchmark} (-Xmx256m), sizes with
 * -Dbenchmark.messages=..., -Dbenchmark.channels=..., -Dbenchmark.dms=..., -Dbenchmark.per-day=....
 */
@QuarkusTest
@Tag("benchmark")
class SourceFormatBenchmark {

    @Inject
    BundleStager stager;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void stageASlackExport() throws Exception {
        int messages = Integer.getInteger("benchmark.messages", 1_000_000);
        int channels = Integer.getInteger("benchmark.channels", 2_000);
        int dms = Integer.getInteger("benchmark.dms", 1_000);
        int perDay = Integer.getInteger("benchmark.per-day", 50);
        Path archive = Files.createDirectories(Path.of("target", "benchmark")).resolve("slack-" + messages + ".zip");
        long generating = System.nanoTime();
        SlackExportGenerator.Counts counts = SlackExportGenerator.write(archive, 10_000, channels, dms, messages, perDay);
        System.out.printf("Generated %s (%,d bytes, %,d day files) in %,d ms%n", archive, Files.size(archive),
                counts.dayFiles(), (System.nanoTime() - generating) / 1_000_000);

        long job = new StagingDb(dataSource).newJob();
        System.gc();
        var memory = ManagementFactory.getMemoryMXBean();
        long before = memory.getHeapMemoryUsage().getUsed();
        long[] peakBox = {before};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakBox[0] = Math.max(peakBox[0], memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long started = System.nanoTime();
        StagingResult result = stager.stage(job, archive);
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.interrupt();
        sampler.join();
        long peak = peakBox[0];

        System.out.printf("%nSLACK STAGING BENCHMARK: %s%n", result);
        System.out.printf("  %,d source messages (%,d importable) in %.1f s = %,.0f messages/s; heap max %,d MB, "
                        + "used before %,d MB, peak used %,d MB, load average %.1f%n", messages, counts.importable(),
                seconds, messages / seconds, Runtime.getRuntime().maxMemory() >> 20, before >> 20, peak >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        assertThat(result.conversations()).isEqualTo(counts.conversations());
    }
}
