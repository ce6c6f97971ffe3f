package io.talkport.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import io.talkport.testsupport.AppProcess;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.SandboxHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Stage-and-push benchmark of the packaged app (see docs/benchmarks.md). Not a timed test and not part of
 * {@code ./mvnw verify}; run with {@code ./mvnw -B verify -Ppush-benchmark}. The app runs with -Xmx256m against
 * PostgreSQL (embedded, or {@code -Dbenchmark.db-url=jdbc:postgresql://...}), the TalkJS sandbox in a second
 * process. Prints staging and push rates, 429s, heap and RSS, and the ratio to a naive one-call-at-a-time importer.
 */
@Tag("benchmark")
class PushBenchmark {

    static final String APP_ID = SandboxHandle.TEST_APP;
    static final int MESSAGES = Integer.getInteger("benchmark.messages", 1_000_000);
    static final int USERS = Integer.getInteger("benchmark.users", 10_000);
    static final int CONVERSATIONS = Integer.getInteger("benchmark.conversations", 50_000);
    static final int SHAPE_MESSAGES = Integer.getInteger("benchmark.shape-messages", 100_000);
    static final Duration WINDOW = Duration.parse(System.getProperty("benchmark.window", "PT5M"));
    static final Duration FAST_WINDOW = Duration.parse(System.getProperty("benchmark.fast-window", "PT1M"));
    static final int LIMITED_SHAPE_MESSAGES = Integer.getInteger("benchmark.limited-shape-messages", 20_000);
    static final Duration LIMITED_SHAPE_WINDOW =
            Duration.parse(System.getProperty("benchmark.limited-shape-window", "PT90S"));
    static final int FORMS_MESSAGES = Integer.getInteger("benchmark.forms-messages", 100_000);
    static final Duration FORMS_WINDOW = Duration.parse(System.getProperty("benchmark.forms-window", "PT90S"));
    /**
     * Which parts to run: limited (rate-limited push + naive importer), unthrottled, shapes, limited-shapes,
     * limited-forms (the documented import form at 10 per call against the content form at 100 per call),
     * limited-verify (verification's share of a rate-limited run of many small conversations); or staging
     * (the bundle staged twice, as the first and the second job of the database, and nothing pushed).
     */
    static final Set<String> SCENARIOS = Set.of(System.getProperty("benchmark.scenarios",
            "limited,limited-shapes,limited-forms,unthrottled,shapes").split(","));
    static final double RATE = 9;
    static final int BURST = 600;
    static final int BATCH = 10;
    /** Burst of both budgets in the rate-limited shapes: small, so that the window measures the sustained rates. */
    static final int SHAPE_BURST = 5;
    static final Path DIR = Path.of("target", "benchmark");

    static final Map<String, Integer> DB_PORTS = new java.util.HashMap<>();
    static AppProcess sandboxProcess;
    static BenchHttp sandbox;
    static final StringBuilder summary = new StringBuilder();

    @BeforeAll
    static void startSandbox() throws IOException {
        Files.createDirectories(DIR);
        for (String dir : new String[]{"app-pg", "app-data", "sandbox-pg", "sandbox-data"}) {
            deleteTree(DIR.resolve(dir)); // a fresh database per benchmark run
        }
        Map<String, String> properties = new java.util.HashMap<>(SandboxHandle.fixedKeys());
        properties.putAll(Map.of("talkjs.sandbox.enabled", "true", "talkport.delivery.enabled", "false"));
        sandboxProcess = new AppProcess("bench-sandbox", "2g", embeddedDb("sandbox"), properties).start();
        sandbox = new BenchHttp(sandboxProcess.url(), AppProcess.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopSandbox() throws IOException {
        if (sandboxProcess != null) {
            sandboxProcess.stop();
        }
        System.out.println("\n=== PUSH BENCHMARK SUMMARY ===\n" + summary);
        Files.writeString(DIR.resolve("push-benchmark.txt"), summary.toString());
    }

    @Test
    void stageAndPush() throws Exception {
        Path bundle = null;
        if (SCENARIOS.contains("staging") || SCENARIOS.contains("limited") || SCENARIOS.contains("unthrottled")) {
            bundle = bundle("bundle", USERS, CONVERSATIONS, MESSAGES);
            report("bundle: %,d messages, %,d users, %,d conversations, 1%% with attachments, %,d MB",
                    MESSAGES, USERS, CONVERSATIONS, Files.size(bundle) >> 20);
        }

        if (SCENARIOS.contains("staging")) {
            PushedApp staging = PushedApp.start("bench-app-staging", sandboxProcess, RATE, BURST);
            try {
                staging.stage(bundle, MESSAGES);
                staging.stage(bundle, MESSAGES);
            } finally {
                staging.stop();
            }
        }
        if (SCENARIOS.contains("limited")) {
            PushedApp limited = PushedApp.start("bench-app-limited", sandboxProcess, RATE, BURST);
            try {
                long job = limited.stage(bundle, MESSAGES);
                rateLimitedPush(limited, job);
            } finally {
                limited.stop();
            }
        }
        if (SCENARIOS.contains("limited-shapes")) {
            PushedApp limited = PushedApp.start("bench-app-limited-shapes", sandboxProcess, RATE, SHAPE_BURST,
                    SHAPE_BURST);
            try {
                limitedShapes(limited);
            } finally {
                limited.stop();
            }
        }
        if (SCENARIOS.contains("limited-forms")) {
            limitedForms();
        }
        if (SCENARIOS.contains("limited-verify")) {
            limitedVerify();
        }
        if (!SCENARIOS.contains("unthrottled") && !SCENARIOS.contains("shapes")) {
            return;
        }
        PushedApp fast = PushedApp.start("bench-app-unthrottled", sandboxProcess, 100_000, 100_000);
        try {
            if (SCENARIOS.contains("unthrottled")) {
                unthrottledPush(fast, fast.stage(bundle, MESSAGES));
            }
            if (SCENARIOS.contains("shapes")) {
                shapes(fast);
            }
        } finally {
            fast.stop();
        }
    }

    private void rateLimitedPush(PushedApp app, long job) throws Exception {
        configureSandbox(APP_ID, RATE, BURST, 50);
        configureSandbox(SandboxHandle.LIVE_APP, RATE, BURST, 50);
        NaiveImporter naive = new NaiveImporter(sandboxProcess.url() + "/sandbox/talkjs", SandboxHandle.LIVE_APP,
                SandboxHandle.LIVE_SECRET, USERS, MESSAGES / CONVERSATIONS, BATCH);
        naive.createUsers();
        app.startRun(job);
        Traffic start = awaitSteadyState();
        naive.start();
        Traffic end = Traffic.after(sandbox, APP_ID, start, WINDOW);
        naive.interrupt();
        naive.join();
        app.cancelRun(job);
        Traffic all = Traffic.now(sandbox, APP_ID);
        double ceiling = RATE * BATCH;
        double messagesPerSecond = end.messagesPerSecond(start);
        report("RATE-LIMITED PUSH (sandbox %s/s burst %d, 50 ms latency, batch %d) over %s of steady state, load %s:",
                RATE, BURST, BATCH, WINDOW, loadAverage());
        report("  %s", end.describe(start));
        report("  %.1f messages/s = %.0f%% of the ceiling R x B = %.0f messages/s; %.2f calls/s = %.0f%% of R; "
                        + "import share %.0f%% of the general budget's calls (conversations are created through the "
                        + "batch endpoint, whose budget is its own: 1 call/s, burst 500)",
                messagesPerSecond, 100 * messagesPerSecond / ceiling, ceiling, end.callsPerSecond(start),
                100 * end.callsPerSecond(start) / RATE, 100 * end.importShare(start));
        report("  429s: %d in the window (%.2f%% of calls), %d over the whole run incl. the burst",
                end.rejected() - start.rejected(), 100.0 * (end.rejected() - start.rejected()) / (end.calls() - start.calls()),
                all.rejected());
        double naiveRate = naive.messages.get() / (double) WINDOW.toSeconds();
        report("  naive importer (one call at a time, 250 ms pause), same sandbox and window, app %s: %.1f messages/s, "
                        + "%d calls, %d 429s -> Talkport is %.1fx faster", SandboxHandle.LIVE_APP, naiveRate,
                naive.calls.get(), naive.rejected429.get(), messagesPerSecond / naiveRate);
    }

    /** Conversations of 10 messages in the limited-verify scenario. */
    static final int VERIFY_CONVERSATIONS = Integer.getInteger("benchmark.verify-conversations", 300);

    /**
     * Verification against the push on the rate-limited small shape of issue 15 (3,000 messages in 300 conversations
     * of 10 verified in 78 s against a 60 s push, one listing per conversation on the general budget): pushed to the
     * end with both budgets at their sustained rates (9/s and the batch endpoint's 1/s, bursts 5) and 50 ms latency,
     * once clean and once with 2% of calls stored and then answered 500 (their conversations are reconciled, so
     * verification must read them back). Reports the push (start to VERIFYING), verification (VERIFYING to the end),
     * verification's share of the run, and the calls of each budget.
     */
    private void limitedVerify() throws Exception {
        PushedApp app = PushedApp.start("bench-app-limited-verify", sandboxProcess, RATE, SHAPE_BURST, SHAPE_BURST);
        try {
            int messages = VERIFY_CONVERSATIONS * BATCH;
            Path bundle = bundle("verify-shape", 200, VERIFY_CONVERSATIONS, messages);
            for (double storedThen500 : new double[]{0, 0.02}) {
                configureSandbox(APP_ID, RATE, SHAPE_BURST, SHAPE_BURST, 50);
                sandbox.put("/sandbox/control/" + APP_ID + "/faults", Map.of("random", Map.of("error500", 0,
                        "error503", 0, "error429", 0, "storedThen500", storedThen500, "latencyMillis", 50)));
                sandbox.post("/sandbox/control/" + APP_ID + "/reset", null);
                long job = app.stage(bundle, messages);
                sandbox.delete("/sandbox/control/" + APP_ID + "/journal");
                Traffic before = Traffic.now(sandbox, APP_ID);
                long started = System.nanoTime();
                app.startRun(job);
                PushedApp.Timed timed = app.awaitRunEndTimed(job, started);
                Traffic after = Traffic.now(sandbox, APP_ID);
                double total = timed.pushSeconds() + timed.verifySeconds();
                report("LIMITED VERIFY %,d conversations x %d messages (sandbox %s/s, batch endpoint 1/s, bursts %d, "
                                + "50 ms, %.0f%% of calls stored then 500), load %s: push %.1f s, verification %.1f s "
                                + "= %.1f%% of the run's %.1f s; %,d general calls, %,d batch calls, %,d messages "
                                + "stored; %s", VERIFY_CONVERSATIONS, BATCH, RATE, SHAPE_BURST, 100 * storedThen500,
                        loadAverage(), timed.pushSeconds(), timed.verifySeconds(),
                        100 * timed.verifySeconds() / total, total, after.calls() - before.calls(),
                        after.batchCalls() - before.batchCalls(), after.messages(), timed.status());
                if (storedThen500 == 0) {
                    afterReset(app, job, timed, after.calls() - before.calls());
                }
            }
        } finally {
            app.stop();
        }
    }

    /**
     * TalkJS's "Reset all data", then the same job pushed again (its run started over): the plan forgets what the
     * reset removed and the push sends everything again. Reported against the first push of the same job.
     */
    private void afterReset(PushedApp app, long job, PushedApp.Timed first, long firstCalls) throws Exception {
        sandbox.post("/sandbox/control/" + APP_ID + "/reset", null);
        sandbox.delete("/sandbox/control/" + APP_ID + "/journal");
        Traffic before = Traffic.now(sandbox, APP_ID);
        long started = System.nanoTime();
        app.startRun(job);
        PushedApp.Timed again = app.awaitRunEndTimed(job, started);
        Traffic after = Traffic.now(sandbox, APP_ID);
        long calls = after.calls() - before.calls();
        report("AFTER RESET, the same job pushed again, load %s: push %.1f s (first push %.1f s), %,d general calls "
                        + "(first %,d) = %.2f calls/s = %.0f%% of R; %,d messages stored; %s", loadAverage(),
                again.pushSeconds(), first.pushSeconds(), calls, firstCalls, calls / again.pushSeconds(),
                100 * calls / again.pushSeconds() / RATE, after.messages(), again.status());
    }

    /** Waits until the burst is drained: over 600 calls sent and the last 10 s below 1.5 x R. */
    private static Traffic awaitSteadyState() throws InterruptedException {
        Traffic previous = Traffic.now(sandbox, APP_ID);
        while (true) {
            Thread.sleep(10_000);
            Traffic current = Traffic.now(sandbox, APP_ID);
            if (current.messages() > 0 && current.calls() > BURST && current.callsPerSecond(previous) < 1.5 * RATE) {
                return current;
            }
            previous = current;
        }
    }

    private void unthrottledPush(PushedApp app, long job) throws Exception {
        configureSandbox(APP_ID, 0, 1, 0);
        sandbox.post("/sandbox/control/" + APP_ID + "/reset", null);
        app.startRun(job);
        Traffic start = Traffic.awaitMessages(sandbox, APP_ID, Duration.ofSeconds(5));
        CpuTimes cpuStart = app.cpu(sandboxProcess);
        Traffic end = Traffic.after(sandbox, APP_ID, start, FAST_WINDOW);
        CpuTimes cpuEnd = app.cpu(sandboxProcess);
        app.cancelRun(job);
        report("UNTHROTTLED PUSH (no rate limit, no latency) over %s, load %s:", FAST_WINDOW, loadAverage());
        report("  %s", end.describe(start));
        report("  %s", cpuEnd.perThousand(cpuStart, end.messages() - start.messages()));
        report("  app: %s", app.memory.report());
    }

    /**
     * A few large conversations against many small ones that fill one import call each, and many that fill half of one;
     * same message count, pushed to the end and verified.
     */
    private void shapes(PushedApp app) throws Exception {
        configureSandbox(APP_ID, 0, 1, 0);
        for (int conversations : new int[]{200, SHAPE_MESSAGES / BATCH, SHAPE_MESSAGES / (BATCH / 2)}) {
            int users = 2_000;
            Path bundle = bundle("shape", users, conversations, SHAPE_MESSAGES);
            sandbox.post("/sandbox/control/" + APP_ID + "/reset", null);
            long job = app.stage(bundle, SHAPE_MESSAGES);
            long started = System.nanoTime();
            app.startRun(job);
            Traffic first = Traffic.awaitMessages(sandbox, APP_ID, Duration.ZERO);
            CpuTimes cpuFirst = app.cpu(sandboxProcess);
            Traffic last = Traffic.awaitAllMessages(sandbox, APP_ID, SHAPE_MESSAGES);
            CpuTimes cpuLast = app.cpu(sandboxProcess);
            String status = app.awaitRunEnd(job);
            double total = (System.nanoTime() - started) / 1e9;
            report("SHAPE %,d conversations x %,d messages (unthrottled), load %s: messages %s; whole run incl. "
                            + "users and verification %.1f s, %s", conversations, SHAPE_MESSAGES / conversations,
                    loadAverage(), last.describe(first), total, status);
            report("  %s", cpuLast.perThousand(cpuFirst, last.messages() - first.messages()));
            if (conversations == 200) {
                delta(app, bundle);
            }
        }
        report("  app: %s", app.memory.report());
    }

    /**
     * A delta of nothing: the bundle just pushed, uploaded again as a second job. Every conversation is recorded, so
     * the plan makes one listing per 30 conversations, reads none back and the run sends nothing.
     */
    private void delta(PushedApp app, Path bundle) throws Exception {
        long again = app.stage(bundle, SHAPE_MESSAGES);
        long started = System.nanoTime();
        app.startRun(again);
        String status = app.awaitRunEnd(again);
        report("DELTA 0%% (the same %,d messages as a second job, all in the app's record): whole run incl. plan and "
                + "verification %.1f s, %s", SHAPE_MESSAGES, (System.nanoTime() - started) / 1e9, status);
    }

    /**
     * Rate-limited shapes: the same number of messages as a few large conversations, as conversations that fill one
     * import call each, and as conversations that fill half of one; both budgets at their sustained rates (burst 5),
     * 50 ms latency. Does Talkport keep the budget as busy with many small conversations as with a few large ones?
     * Measured over a window of steady state, then the run is cancelled.
     */
    private void limitedShapes(PushedApp app) throws Exception {
        configureSandbox(APP_ID, RATE, SHAPE_BURST, SHAPE_BURST, 50);
        for (int size : new int[]{500, BATCH, BATCH / 2}) {
            int conversations = LIMITED_SHAPE_MESSAGES / size;
            Path bundle = bundle("limited-shape", 2_000, conversations, LIMITED_SHAPE_MESSAGES);
            sandbox.post("/sandbox/control/" + APP_ID + "/reset", null);
            sandbox.delete("/sandbox/control/" + APP_ID + "/journal");
            Window window = measure(app, app.stage(bundle, LIMITED_SHAPE_MESSAGES), LIMITED_SHAPE_WINDOW);
            Traffic start = window.start();
            Traffic end = window.end();
            Thread.sleep(3_000); // calls already under way end before the sandbox is reset for the next shape
            double ceiling = RATE * Math.min(BATCH, size);
            report("LIMITED SHAPE %,d conversations x %,d messages (sandbox %s/s burst %d, batch endpoint 1/s burst %d, "
                            + "50 ms latency, batch %d) over %s, load %s:", conversations, size, RATE, SHAPE_BURST,
                    SHAPE_BURST, BATCH, LIMITED_SHAPE_WINDOW, loadAverage());
            report("  %s", end.describe(start));
            report("  %.1f messages/s = %.0f%% of R x min(B, conversation size) = %.0f messages/s; %.2f calls/s = "
                            + "%.0f%% of R", end.messagesPerSecond(start), 100 * end.messagesPerSecond(start) / ceiling,
                    ceiling, end.callsPerSecond(start), 100 * end.callsPerSecond(start) / RATE);
        }
    }

    /**
     * The import forms under the same rate budget (issue 19): conversations of 200 messages, pushed once with the
     * documented form at 10 messages per call and once with the content form (createdAt and content blocks, as
     * TalkJS's transfer script sends it) at 100 per call, each measured over a window of steady state against its own
     * ceiling R x B. If TalkJS takes 100 per call, a push's ceiling rises tenfold.
     */
    private void limitedForms() throws Exception {
        Path bundle = bundle("forms", 2_000, FORMS_MESSAGES / 200, FORMS_MESSAGES);
        for (Map.Entry<String, Integer> form : Map.of("documented", BATCH, "content", 100).entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).toList()) {
            configureSandbox(APP_ID, RATE, SHAPE_BURST, SHAPE_BURST, 50);
            sandbox.post("/sandbox/control/" + APP_ID + "/reset", null);
            deleteTree(DIR.resolve("app-pg")); // a fresh app: no record of the same bundle pushed by the other form
            deleteTree(DIR.resolve("app-data"));
            PushedApp app = PushedApp.start("bench-app-" + form.getKey(), sandboxProcess, RATE, SHAPE_BURST,
                    SHAPE_BURST, Map.of("talkjs.import.format", form.getKey(),
                            "talkjs.import.batch-size", form.getValue().toString()));
            try {
                Window window = measure(app, app.stage(bundle, FORMS_MESSAGES), FORMS_WINDOW);
                Traffic start = window.start();
                Traffic end = window.end();
                double ceiling = RATE * form.getValue();
                report("LIMITED FORM %s, %d messages per call (sandbox %s/s burst %d, 50 ms latency, %,d conversations "
                                + "x 200 messages) over %s, load %s:", form.getKey(), form.getValue(), RATE, SHAPE_BURST,
                        FORMS_MESSAGES / 200, FORMS_WINDOW, loadAverage());
                report("  %s", end.describe(start));
                report("  %.1f messages/s = %.0f%% of the ceiling R x B = %.0f messages/s; %.2f calls/s = %.0f%% of R",
                        end.messagesPerSecond(start), 100 * end.messagesPerSecond(start) / ceiling, ceiling,
                        end.callsPerSecond(start), 100 * end.callsPerSecond(start) / RATE);
            } finally {
                app.stop();
            }
        }
    }

    /** The sandbox's counts at the start and the end of a measured window. */
    record Window(Traffic start, Traffic end) {
    }

    /** Starts the run, measures {@code length} from its first imported message on, then cancels the run. */
    private static Window measure(PushedApp app, long job, Duration length) throws Exception {
        app.startRun(job);
        Traffic start = Traffic.awaitMessages(sandbox, APP_ID, Duration.ofSeconds(15));
        Traffic end = Traffic.after(sandbox, APP_ID, start, length);
        app.cancelRun(job);
        app.awaitRunEnd(job);
        return new Window(start, end);
    }

    /** Rate limit (0: none) and latency of a sandbox app; its batch endpoint is limited as TalkJS documents, or not. */
    static void configureSandbox(String appId, double rate, int burst, long latencyMillis) {
        configureSandbox(appId, rate, burst, 500, latencyMillis);
    }

    static void configureSandbox(String appId, double rate, int burst, int batchBurst, long latencyMillis) {
        sandbox.put("/sandbox/control/" + appId + "/rate-limit", Map.of("rate", rate, "burst", Math.max(burst, 1)));
        sandbox.put("/sandbox/control/" + appId + "/batch-rate-limit", rate > 0 ? Map.of("rate", 1, "burst", batchBurst)
                : Map.of("rate", 0, "burst", 1));
        sandbox.put("/sandbox/control/" + appId + "/faults", Map.of("random", Map.of("error500", 0, "error503", 0,
                "error429", 0, "storedThen500", 0, "latencyMillis", latencyMillis)));
        sandbox.delete("/sandbox/control/" + appId + "/journal");
    }

    static Path bundle(String name, int users, int conversations, int messages) {
        Path path = DIR.resolve(name + "-" + users + "u-" + conversations + "c-" + messages + "m.zip");
        if (!Files.exists(path)) {
            long started = System.nanoTime();
            BundleBuilder.generated(users, conversations, messages, 100).build(path);
            report("generated %s in %.1f s", path, (System.nanoTime() - started) / 1e9);
        }
        return path;
    }

    /** Environment for a process with its own embedded PostgreSQL (or -Dbenchmark.db-url for the app). */
    static Map<String, String> embeddedDb(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        int port = DB_PORTS.computeIfAbsent(name, n -> freePort());
        env.put("TALKPORT_DATA_DIR", DIR.resolve(name + "-data").toAbsolutePath().toString());
        env.put("TALKPORT_EMBEDDED_DB_DIR", DIR.resolve(name + "-pg").toAbsolutePath().toString());
        env.put("TALKPORT_EMBEDDED_DB_PORT", Integer.toString(port));
        return env;
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static void report(String format, Object... args) {
        String line = String.format(format, args);
        System.out.println(line);
        summary.append(line).append('\n');
    }
}
