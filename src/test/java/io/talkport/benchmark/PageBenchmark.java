package io.talkport.benchmark;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.talkport.bundle.BundleStager;
import io.talkport.bundle.StagingResult;
import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.job.JobService;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.TestUsers;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #7: "pages answer in under 200 ms for a job of a million messages". Stages a generated bundle of 1,000,000
 * messages (10,000 users, 50,000 conversations) the way {@code JobValidator} does, gives the job 100,025 issues, a
 * test run mid-push with its full ledger (50,000 conversation tasks, 100,000 batches, about half delivered) and
 * other jobs, then times every page and API a user reaches for that job, 20 times each after a warm-up, as admin over
 * HTTP Basic. A second and third round time the job page after the test run succeeded (promote dialog) and while a
 * live run is mid-way on top of the finished test run (two full ledgers).
 * <p>
 * Not part of the normal build: {@code ./mvnw -B test -Pbenchmark -Dtest=PageBenchmark} (results in
 * docs/benchmarks.md). Delivery workers are off so that nothing but the requests loads the database. Sizes:
 * -Dbenchmark.messages, -Dbenchmark.users, -Dbenchmark.conversations, -Dbenchmark.issues, -Dbenchmark.runs.
 * -Dbenchmark.explain=true also prints EXPLAIN ANALYZE of the queries behind the pages.
 */
@QuarkusTest
@TestProfile(PageBenchmark.NoDelivery.class)
@Tag("benchmark")
class PageBenchmark {

    /** Workers and coordinator off: the "running" runs stay exactly as the benchmark set them up. */
    public static class NoDelivery implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("talkport.delivery.enabled", "false");
        }
    }

    @Inject
    BundleStager stager;
    @Inject
    JobService jobs;
    @Inject
    DeliveryLedger ledger;
    @Inject
    AgroalDataSource dataSource;
    @TestHTTPResource("/")
    URL base;

    private Db db;

    @Test
    void pagesOfAMillionMessageJob() throws Exception {
        int messages = Integer.getInteger("benchmark.messages", 1_000_000);
        int users = Integer.getInteger("benchmark.users", 10_000);
        int conversations = Integer.getInteger("benchmark.conversations", 50_000);
        db = new Db(dataSource);
        PageData data = new PageData(db, ledger);

        long setup = System.nanoTime();
        long job = stageJob(bundle(users, conversations, messages));
        data.addIssues(job, Integer.getInteger("benchmark.issues", 100_000));
        data.addOtherJobs(30);
        data.addIssuesOfOtherJobs(2, 100_000);
        data.addAuditEvents(5_000);
        long testRun = data.startRun(job, "test");
        data.fillLedger(testRun, job, 0.5);
        vacuum();
        Map<String, String> facts = facts(job, testRun);
        facts.put("setup (staging, issues, ledger)", (System.nanoTime() - setup) / 1_000_000_000 + " s");
        explainIfAsked(issueQueries(job));
        explainIfAsked(ledgerQueries(testRun));

        int runs = Integer.getInteger("benchmark.runs", 20);
        RouteTimings midway = new RouteTimings(3, runs);
        String load = loadAverage();
        timeEveryRoute(midway, job);
        midway.print("PAGE BENCHMARK, test run mid-way, load before " + load + ", after " + loadAverage() + ":",
                facts);

        data.finishRun(testRun);
        RouteTimings promote = new RouteTimings(3, runs);
        timeJobRoutes(promote, job, "test succeeded", "id=\"promote-form\"");
        promote.print("PAGE BENCHMARK, test run succeeded (promote dialog), load after " + loadAverage() + ":",
                Map.of());

        long liveRun = data.startRun(job, "live");
        data.fillLedger(liveRun, job, 0.5);
        vacuum();
        explainIfAsked(ledgerQueries(liveRun));
        RouteTimings live = new RouteTimings(3, runs);
        timeJobRoutes(live, job, "live mid-way", "id=\"run-live-status\">RUNNING");
        live.get("failures API, live", "/api/jobs/" + job + "/runs/live/failures", failureTotal(liveRun));
        live.print("PAGE BENCHMARK, live run mid-way after the test run (two full ledgers), load after " + loadAverage()
                + ":", facts(job, liveRun));
    }

    private void timeEveryRoute(RouteTimings t, long job) {
        String page = "/jobs/" + job;
        t.get("job list", "/jobs", "Import jobs");
        t.get("job list, htmx rows (polled every 2 s)", "/jobs", "Older export 1<", "HX-Request", "true");
        t.get("job page", page, "id=\"run-test-status\">RUNNING");
        t.get("job page, htmx runs fragment (every 2 s)", page, "id=\"bar-test-messages\"", "HX-Request", "true",
                "HX-Target", "runs");
        t.get("job page, htmx summary fragment", page, "", "HX-Request", "true", "HX-Target", "summary");
        t.get("issues fragment", page, "issue-total", "HX-Request", "true", "HX-Target", "issues");
        t.get("issues fragment, severity=warning", page + "?severity=warning", "50,000 issues", "HX-Request", "true",
                "HX-Target", "issues");
        t.get("issues fragment, code=UNKNOWN_USER", page + "?code=UNKNOWN_USER", "10,000 issues", "HX-Request",
                "true", "HX-Target", "issues");
        t.get("issues fragment, error + rare code", page + "?severity=error&code=ATTACHMENT_MISSING", "25 issues",
                "HX-Request", "true", "HX-Target", "issues");
        t.get("issues fragment, far page (1,500 of 2,001)", page + "?page=1500", "page 1500 of 2001", "HX-Request",
                "true", "HX-Target", "issues");
        t.get("job page, filtered far page (no htmx)", page + "?severity=warning&page=900", "page 900 of 1000");
        t.get("upload page", "/jobs/new", "Upload");
        t.get("jobs API", "/api/jobs", "\"messages\":" + db.count("SELECT message_count FROM job WHERE id = " + job));
        t.get("job API", "/api/jobs/" + job, "\"status\":\"RUNNING\"");
        t.get("issues API", "/api/jobs/" + job + "/issues", "\"total\":100025");
        t.get("issues API, severity=error&code=...", "/api/jobs/" + job + "/issues?severity=error&code=UNKNOWN_USER",
                "\"total\":10000");
        t.get("issues API, far page", "/api/jobs/" + job + "/issues?page=1000&size=100", "\"total\":100025");
        String failures = failureTotal(db.count("SELECT id FROM run WHERE job_id = " + job + " AND environment = 'TEST'"));
        t.get("failures API, test", "/api/jobs/" + job + "/runs/test/failures", failures);
        t.get("failures API, far page", "/api/jobs/" + job + "/runs/test/failures?page=20&size=100", failures);
        timeCsv(t, job, "");
        timeCsv(t, job, "?code=UNKNOWN_USER");
        t.get("audit page", "/audit", "audit-total");
        t.get("audit API", "/api/audit?page=1&size=50", "\"total\"");
        t.get("sandbox pages (independent of jobs)", "/sandbox", "sandbox-test");
        t.get("sandbox app page", "/sandbox/apps/sandbox-test", "sandbox-test");
    }

    private void timeJobRoutes(RouteTimings t, long job, String state, String expected) {
        String page = "/jobs/" + job;
        t.get("job page, " + state, page, expected);
        t.get("htmx runs fragment, " + state, page, "id=\"bar-test-messages\"", "HX-Request", "true", "HX-Target",
                "runs");
        t.get("jobs API, " + state, "/api/jobs", "\"SUCCEEDED\"");
        t.get("job API, " + state, "/api/jobs/" + job, "\"SUCCEEDED\"");
    }

    /** The CSV download: time to the first byte of the body, and separately the whole file. */
    private void timeCsv(RouteTimings t, long job, String query) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(base.toString()).resolve("/jobs/" + job + "/issues.csv" + query);
        String auth = "Basic " + Base64.getEncoder().encodeToString(
                (TestUsers.ADMIN + ":" + TestUsers.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", auth).GET().build();
        t.time("issues CSV, first byte", uri.getPath() + query, true, () -> read(http, request, true));
        t.time("issues CSV, whole file (download)", uri.getPath() + query, false, () -> read(http, request, false));
    }

    private String failureTotal(long run) {
        return "\"total\":" + db.count("SELECT count(*) FROM delivery_failure WHERE run_id = " + run);
    }

    /** One download; the time is to the first byte of the body or to the last, the rest is read either way. */
    private static RouteTimings.Sample read(HttpClient http, HttpRequest request, boolean toFirstByte) {
        try {
            long started = System.nanoTime();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (InputStream body = response.body()) {
                assertThat(body.read()).isEqualTo('s'); // "severity,code,..."
                long firstByte = System.nanoTime() - started;
                long bytes = 1 + body.transferTo(OutputStream.nullOutputStream());
                return new RouteTimings.Sample(toFirstByte ? firstByte : System.nanoTime() - started, bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path bundle(int users, int conversations, int messages) throws IOException {
        Path archive = Files.createDirectories(Path.of("target", "benchmark")).resolve("bundle-" + messages + ".zip");
        if (!Files.exists(archive)) {
            BundleBuilder.generated(users, conversations, messages, 1000).build(archive);
        }
        return archive;
    }

    /** As JobValidator does: VALIDATING, stage, READY with the staged counts. */
    private long stageJob(Path archive) throws IOException {
        long job = db.count("INSERT INTO job (name, status, archive_path, archive_bytes, created_by) VALUES "
                + "('Page benchmark export', 'VALIDATING', '" + archive.toAbsolutePath() + "', " + Files.size(archive)
                + ", 'admin') RETURNING id");
        StagingResult result = stager.stage(job, archive);
        jobs.markReady(job, result);
        return job;
    }

    private Map<String, String> facts(long job, long run) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("job " + job, db.rows("SELECT message_count || ' messages, ' || user_count || ' users, ' "
                + "|| conversation_count || ' conversations, ' || error_count || ' errors, ' || warning_count "
                + "|| ' warnings' FROM job WHERE id = " + job).get(0));
        facts.put("job_issue rows", Long.toString(db.count("SELECT count(*) FROM job_issue")));
        facts.put("run " + run + " ledger", db.rows("SELECT (SELECT count(*) FROM delivery_task WHERE run_id = " + run
                + ") || ' tasks, ' || (SELECT count(*) FROM delivery_batch WHERE run_id = " + run + ") || ' batches ("
                + "' || (SELECT count(*) FROM delivery_batch WHERE run_id = " + run + " AND state = 'DELIVERED') "
                + "|| ' delivered), ' || (SELECT count(*) FROM delivery_failure WHERE run_id = " + run
                + ") || ' failures'").get(0));
        facts.put("all delivery_batch rows", Long.toString(db.count("SELECT count(*) FROM delivery_batch")));
        return facts;
    }

    /** EXPLAIN ANALYZE of the queries behind the pages (with -Dbenchmark.explain=true). */
    private void explainIfAsked(String... queries) {
        if (!Boolean.getBoolean("benchmark.explain")) {
            return;
        }
        for (String sql : queries) {
            System.out.println("\nEXPLAIN ANALYZE " + sql);
            db.rows("EXPLAIN (ANALYZE, BUFFERS) " + sql).forEach(line -> System.out.println("  " + line));
        }
    }

    /** The issue queries before (count, DISTINCT, page with offset) and after (summary, page ids) the fix. */
    private static String[] issueQueries(long job) {
        String issues = "FROM job_issue WHERE job_id = " + job;
        return new String[]{
                "SELECT count(*) " + issues,
                "SELECT count(*) " + issues + " AND severity = 'warning'",
                "SELECT count(*) " + issues + " AND code = 'UNKNOWN_USER'",
                "SELECT DISTINCT code " + issues + " ORDER BY code",
                "SELECT * " + issues + " ORDER BY id LIMIT 50 OFFSET 74950",
                "SELECT * " + issues + " AND severity = 'warning' ORDER BY id LIMIT 50 OFFSET 44950",
                "SELECT severity, code, count(*) " + issues + " GROUP BY severity, code",
                "SELECT id " + issues + " ORDER BY id OFFSET 74950 LIMIT 50",
                "SELECT id " + issues + " AND severity = 'warning' ORDER BY id OFFSET 44950 LIMIT 50"};
    }

    /** RunProgress's ledger sums before (all batches) and after (delivered and failed ones) the fix. */
    private static String[] ledgerQueries(long run) {
        String sums = "SELECT coalesce(sum(msg_count) FILTER (WHERE state = 'DELIVERED'), 0), "
                + "coalesce(sum(msg_count) FILTER (WHERE state = 'FAILED'), 0) FROM delivery_batch WHERE run_id = " + run;
        return new String[]{
                "SELECT count(*), coalesce(sum(items_total), 0), coalesce(sum(items_done), 0) FROM delivery_task "
                        + "WHERE run_id = " + run + " AND kind IN ('USER_BATCH', 'CONVERSATION')",
                sums,
                sums + " AND state IN ('DELIVERED', 'FAILED')",
                "SELECT count(*) FROM delivery_failure WHERE run_id = " + run};
    }

    /**
     * What autovacuum would have done by the time someone looks at the pages: statistics for the planner and the
     * visibility map (bulk-inserted rows are otherwise not yet known to be visible, and index-only scans fetch heap).
     */
    private void vacuum() {
        db.update("VACUUM ANALYZE");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
