package io.talkport.bundle;

import com.sun.management.OperatingSystemMXBean;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.bundle.mattermost.MattermostExportGenerator;
import io.talkport.bundle.sendbird.SendbirdExportGenerator;
import io.talkport.bundle.slack.SlackExportGenerator;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stages a generated export of each source format through the format seam (format detection included, as on
 * upload), one after the other in one JVM, and prints per format messages/s, the CPU time of the staging thread and
 * of the whole JVM (steadier than messages/s on a shared machine), the peak heap used (garbage included) and the peak
 * live heap after GC. Default: 1,000,000 source messages each, 10,000 users, and
 * <ul>
 *   <li>Slack ({@link SlackExportGenerator}): 2,000 channels and 1,000 DMs, 50 messages per day file (21,000 day
 *       files);</li>
 *   <li>Sendbird ({@link SendbirdExportGenerator}): 3,000 group channels (channels + DMs) of 3 members with read
 *       receipts, 10,000 messages per message file;</li>
 *   <li>Mattermost ({@link MattermostExportGenerator}): 2,000 channels and 1,000 direct channels in one JSONL file,
 *       replies nested in every 5th post.</li>
 * </ul>
 * Not part of the normal build (tag {@code benchmark}, which surefire excludes unless -Pbenchmark); run with
 * {@code ./mvnw -B test -Pbenchmark -Dtest=SourceFormatBenchmark} (the profile gives the test JVM -Xmx256m).
 * Options: -Dbenchmark.formats=slack,sendbird,mattermost (which and in what order: the first format also warms up
 * the JIT for the shared staging code), -Dbenchmark.messages=..., -Dbenchmark.users=..., -Dbenchmark.channels=...,
 * -Dbenchmark.dms=..., -Dbenchmark.per-day=... (Slack), -Dbenchmark.per-file=... (Sendbird).
 */
@QuarkusTest
@Tag("benchmark")
class SourceFormatBenchmark {

    /** A generated archive and what staging must find in it. */
    private record Generated(Path archive, String shape, int conversations, int importable) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Inject
    BundleStager stager;
    @Inject
    AgroalDataSource dataSource;

    private final int messages = Integer.getInteger("benchmark.messages", 1_000_000);
    private final int users = Integer.getInteger("benchmark.users", 10_000);
    private final int channels = Integer.getInteger("benchmark.channels", 2_000);
    private final int dms = Integer.getInteger("benchmark.dms", 1_000);

    @Test
    void stageEachFormat() throws Exception {
        List<String> summary = new ArrayList<>();
        for (String format : System.getProperty("benchmark.formats", "slack,sendbird,mattermost").split(",")) {
            summary.add(stage(format.trim(), generate(format.trim())));
        }
        System.out.printf("%nSOURCE FORMAT BENCHMARK (%,d source messages each, heap max %,d MB)%n", messages,
                Runtime.getRuntime().maxMemory() >> 20);
        summary.forEach(System.out::println);
    }

    private Generated generate(String format) throws Exception {
        Path archive = Files.createDirectories(Path.of("target", "benchmark")).resolve(format + "-" + messages + ".zip");
        long started = System.nanoTime();
        Generated generated = switch (format) {
            case "slack" -> {
                int perDay = Integer.getInteger("benchmark.per-day", 50);
                SlackExportGenerator.Counts c = SlackExportGenerator.write(archive, users, channels, dms, messages,
                        perDay);
                yield new Generated(archive, String.format("%,d channels + %,d DMs, %,d day files", channels, dms,
                        c.dayFiles()), c.conversations(), c.importable());
            }
            case "sendbird" -> {
                int perFile = Integer.getInteger("benchmark.per-file", 10_000);
                SendbirdExportGenerator.Counts c = SendbirdExportGenerator.write(archive, users, channels + dms,
                        messages, perFile);
                yield new Generated(archive, String.format("%,d group channels, %,d message files", channels + dms,
                        c.messageFiles()), c.conversations(), c.importable());
            }
            case "mattermost" -> {
                MattermostExportGenerator.Counts c = MattermostExportGenerator.write(archive, users, channels, dms,
                        messages);
                yield new Generated(archive, String.format("%,d channels + %,d DMs, %,d post lines", channels, dms,
                        c.postLines()), c.conversations(), c.importable());
            }
            default -> throw new IllegalArgumentException("benchmark.formats: slack, sendbird or mattermost, not "
                    + format);
        };
        System.out.printf("Generated %s (%,d bytes) in %,d ms%n", archive, Files.size(archive),
                (System.nanoTime() - started) / 1_000_000);
        return generated;
    }

    /** Stages one archive as a new job; returns its summary line. */
    private String stage(String format, Generated generated) throws Exception {
        long job = new StagingDb(dataSource).newJob();
        System.gc();
        long before = HeapSampler.usedHeap();
        double load = HeapSampler.loadAverage();
        long gcBefore = HeapSampler.gcMillis();
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        long threadCpu = THREADS.getCurrentThreadCpuTime();
        long processCpu = PROCESS.getProcessCpuTime();
        long started = System.nanoTime();
        StagingResult result = stager.stage(job, generated.archive());
        double seconds = (System.nanoTime() - started) / 1e9;
        threadCpu = THREADS.getCurrentThreadCpuTime() - threadCpu;
        processCpu = PROCESS.getProcessCpuTime() - processCpu;
        sampler.stopSampling();

        String line = String.format("  %-10s %s: %,d source messages (%,d importable) in %.1f s = %,.0f messages/s; "
                        + "CPU: staging thread %.1f s, whole JVM %.1f s (PostgreSQL not counted); heap live before %,d "
                        + "MB, peak live after GC %,d MB, peak used incl. garbage %,d MB, GC %,d ms; load average %.1f "
                        + "at the start, %.1f at the end%n             %s", format, generated.shape(), messages,
                generated.importable(), seconds, messages / seconds, threadCpu / 1e9, processCpu / 1e9, before >> 20,
                sampler.peakLive.get() >> 20, sampler.peak.get() >> 20, HeapSampler.gcMillis() - gcBefore, load,
                HeapSampler.loadAverage(), result);
        System.out.println(line);
        assertThat(result.conversations()).isEqualTo(generated.conversations());
        assertThat(result.messages()).isEqualTo(generated.importable());
        assertThat(result.errors()).isZero();
        return line;
    }
}
