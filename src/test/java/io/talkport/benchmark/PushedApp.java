package io.talkport.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import io.talkport.testsupport.AppProcess;
import io.talkport.testsupport.SandboxHandle;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The packaged app under test (-Xmx256m), pointed at the sandbox process, with its memory sampled. */
final class PushedApp {

    private final AppProcess process;
    final BenchHttp http;
    final MemorySampler memory;

    private PushedApp(AppProcess process) {
        this.process = process;
        this.http = new BenchHttp(process.url(), AppProcess.ADMIN_PASSWORD);
        this.memory = new MemorySampler(http, process.pid());
        memory.start();
    }

    static PushedApp start(String name, AppProcess sandbox, double rate, int burst) {
        return start(name, sandbox, rate, burst, 0);
    }

    /** {@code batchBurst} 0: the app's default budget for TalkJS's batch endpoint (or unthrottled above R). */
    static PushedApp start(String name, AppProcess sandbox, double rate, int burst, int batchBurst) {
        return start(name, sandbox, rate, burst, batchBurst, Map.of());
    }

    /** {@code extra}: more configuration of the app, e.g. the import form and batch size. */
    static PushedApp start(String name, AppProcess sandbox, double rate, int burst, int batchBurst,
                           Map<String, String> extra) {
        Map<String, String> env = PushBenchmark.embeddedDb("app");
        env.put("TALKJS_TEST_SECRET_KEY", SandboxHandle.TEST_SECRET);
        String dbUrl = System.getProperty("benchmark.db-url", "");
        if (!dbUrl.isBlank()) {
            env.put("DB_URL", dbUrl);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("talkjs.sandbox.enabled", "false");
        properties.put("talkjs.base-url", sandbox.url() + "/sandbox/talkjs");
        properties.put("talkjs.test.app-id", SandboxHandle.TEST_APP);
        properties.put("talkjs.rate-limit.requests-per-second", Double.toString(rate));
        properties.put("talkjs.rate-limit.burst", Integer.toString(burst));
        properties.put("talkjs.import.batch-size", Integer.toString(PushBenchmark.BATCH));
        if (rate > PushBenchmark.RATE) {
            properties.put("talkjs.batch.requests-per-second", Double.toString(rate)); // unthrottled
            properties.put("talkjs.batch.burst", Integer.toString(burst));
        } else if (batchBurst > 0) {
            properties.put("talkjs.batch.burst", Integer.toString(batchBurst));
        }
        properties.putAll(extra);
        return new PushedApp(new AppProcess(name, "256m", env, properties).start());
    }

    /** Uploads the bundle, waits for READY and reports messages staged per second (upload to READY). */
    long stage(Path bundle, int messages) throws InterruptedException {
        long started = System.nanoTime();
        long job = http.upload(bundle).get("id").asLong();
        JsonNode document;
        do {
            Thread.sleep(200);
            document = http.get("/api/jobs/" + job);
        } while (!document.get("status").asText().equals("READY") && !document.get("status").asText().equals("REJECTED"));
        double seconds = (System.nanoTime() - started) / 1e9;
        PushBenchmark.report("STAGING %s: %s in %.1f s = %,.0f messages/s (upload to READY), %,d staged, load %s",
                bundle.getFileName(), document.get("status").asText(), seconds, messages / seconds,
                document.get("counts").get("messages").asLong(), PushBenchmark.loadAverage());
        PushBenchmark.report("  app: %s", memory.report());
        if (!document.get("status").asText().equals("READY")) {
            throw new IllegalStateException("bundle rejected: " + document);
        }
        return job;
    }

    /** CPU seconds so far of this app, the sandbox and this app's embedded PostgreSQL (NaN with -Dbenchmark.db-url). */
    CpuTimes cpu(AppProcess sandbox) {
        boolean external = !System.getProperty("benchmark.db-url", "").isBlank();
        return CpuTimes.now(process.pid(), sandbox.pid(), external ? null : PushBenchmark.DIR.resolve("app-pg"));
    }

    void startRun(long job) {
        http.post("/api/jobs/" + job + "/runs", Map.of("environment", "test"));
    }

    void cancelRun(long job) {
        http.post("/api/jobs/" + job + "/runs/test/cancel", null);
    }

    /**
     * Waits for the test run to end (verification included) and returns its status, verification summary and plan
     * figures (already present, read backs, listing and read calls, planning ms).
     */
    String awaitRunEnd(long job) throws InterruptedException {
        while (true) {
            for (JsonNode run : http.get("/api/jobs/" + job).get("runs")) {
                String status = run.get("status").asText();
                if (run.get("environment").asText().equalsIgnoreCase("test")
                        && (status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED"))) {
                    return status + " (" + run.path("verification").asText() + "; plan " + run.path("plan") + ")";
                }
            }
            Thread.sleep(500);
        }
    }

    /** How a run ended and how long it took: from the call to the first time VERIFYING was seen, and from there on. */
    record Timed(String status, double pushSeconds, double verifySeconds) {
    }

    /** Like {@link #awaitRunEnd} from a run just started at {@code startedNanos}, timing its phases (200 ms polls). */
    Timed awaitRunEndTimed(long job, long startedNanos) throws InterruptedException {
        long verifying = 0;
        while (true) {
            for (JsonNode run : http.get("/api/jobs/" + job).get("runs")) {
                if (!run.get("environment").asText().equalsIgnoreCase("test")) {
                    continue;
                }
                String status = run.get("status").asText();
                long now = System.nanoTime();
                if (verifying == 0 && status.equals("VERIFYING")) {
                    verifying = now;
                }
                if (status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED")) {
                    long end = verifying == 0 ? now : verifying;
                    return new Timed(status + " (" + run.path("verification").asText() + ")",
                            (end - startedNanos) / 1e9, (now - end) / 1e9);
                }
            }
            Thread.sleep(200);
        }
    }

    void stop() {
        memory.interrupt();
        PushBenchmark.report("  app final: %s", memory.report());
        process.stop();
    }
}
