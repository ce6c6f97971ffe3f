package io.talkport.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talkport.db.EmbeddedDatabase;
import io.talkport.testsupport.AppProcess;
import io.talkport.testsupport.BundleBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A database, a sandbox process that outlives the app, and app processes to kill: the stage for the exactly-once
 * proofs. Everything talks HTTP, as production would.
 */
final class ReliabilityHarness implements AutoCloseable {

    static final String TEST_SECRET = "sk_test_sandboxTestSecret0000000000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + AppProcess.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    final String appDbUrl;
    final AppProcess sandbox;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AppProcess> apps = new ArrayList<>();

    ReliabilityHarness(String name) {
        String postgres = EmbeddedDatabase.startEphemeral();
        String suffix = name.replaceAll("[^a-z0-9]", "_") + "_" + UUID.randomUUID().toString().substring(0, 6);
        this.appDbUrl = createDatabase(postgres, "app_" + suffix);
        String sandboxDbUrl = createDatabase(postgres, "sandbox_" + suffix);
        Path data = Path.of("target", "it-data", suffix);
        this.sandbox = new AppProcess(name + "-sandbox", "1g", Map.of("DB_URL", sandboxDbUrl, "DB_USER", "postgres",
                "TALKPORT_DATA_DIR", data.resolve("sandbox").toString()),
                withFixedKeys(Map.of("talkjs.sandbox.enabled", "true", "talkport.delivery.enabled", "false",
                        "talkjs.sandbox.rate", "100000", "talkjs.sandbox.burst", "100000")));
        sandbox.start();
    }

    private static Map<String, String> withFixedKeys(Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putAll(io.talkport.testsupport.SandboxHandle.fixedKeys());
        return all;
    }

    /** An app instance on the shared database, pointed at the sandbox, with short leases to speed up take-over. */
    AppProcess app(String name) {
        AppProcess app = new AppProcess(name, "256m", Map.of("DB_URL", appDbUrl, "DB_USER", "postgres",
                "TALKPORT_DATA_DIR", Path.of("target", "it-data", "shared-app").toString()),
                new LinkedHashMap<>(Map.ofEntries(
                        Map.entry("talkjs.sandbox.enabled", "false"),
                        Map.entry("talkjs.base-url", sandbox.url() + "/sandbox/talkjs"),
                        Map.entry("talkjs.test.app-id", "sandbox-test"),
                        Map.entry("talkjs.test.secret-key", TEST_SECRET),
                        Map.entry("talkjs.live.app-id", "sandbox-live"),
                        Map.entry("talkjs.live.secret-key", "sk_live_sandboxLiveSecret0000000000"),
                        Map.entry("talkjs.rate-limit.requests-per-second", "2000"),
                        Map.entry("talkjs.rate-limit.burst", "2000"),
                        Map.entry("talkjs.max-in-flight", "16"),
                        Map.entry("talkjs.retry.initial-delay", "100ms"),
                        Map.entry("talkjs.retry.max-delay", "1s"),
                        Map.entry("talkport.delivery.lease", "6s"),
                        Map.entry("talkport.delivery.backoff", "200ms"),
                        Map.entry("talkport.delivery.max-backoff", "2s"))));
        apps.add(app);
        return app;
    }

    // ---- the API, over HTTP ---------------------------------------------------------------------------------

    long upload(AppProcess app, Path bundle) {
        String boundary = "----talkport" + UUID.randomUUID();
        try {
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + bundle.getFileName() + "\"\r\nContent-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] file = Files.readAllBytes(bundle);
            byte[] body = new byte[head.length + file.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(file, 0, body, head.length, file.length);
            System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
            JsonNode job = send(HttpRequest.newBuilder(URI.create(app.url() + "/api/jobs"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)), 202);
            return job.get("id").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode job(AppProcess app, long id) {
        return send(HttpRequest.newBuilder(URI.create(app.url() + "/api/jobs/" + id)).GET(), 200);
    }

    void pushTest(AppProcess app, long id) {
        send(HttpRequest.newBuilder(URI.create(app.url() + "/api/jobs/" + id + "/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"environment\":\"test\"}")), 202);
    }

    String runStatus(AppProcess app, long id) {
        JsonNode run = testRun(app, id);
        return run == null ? "NONE" : run.get("status").asText();
    }

    /** The job's test run as the API shows it (status, error, verification), or null. */
    JsonNode testRun(AppProcess app, long id) {
        for (JsonNode run : job(app, id).get("runs")) {
            if ("test".equals(run.get("environment").asText())) {
                return run;
            }
        }
        return null;
    }

    void awaitReady(AppProcess app, long id) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            String status = job(app, id).get("status").asText();
            if ("READY".equals(status)) {
                return;
            }
            if ("REJECTED".equals(status)) {
                throw new AssertionError("bundle rejected: " + job(app, id));
            }
            sleep(200);
        }
        throw new AssertionError("job " + id + " never became READY");
    }

    // ---- the sandbox's side -------------------------------------------------------------------------------

    /** "Reset all data" of the sandbox test app, with its faults and journal. */
    void resetSandbox() {
        send(HttpRequest.newBuilder(URI.create(sandbox.url() + "/sandbox/control/sandbox-test/reset?everything=true"))
                .POST(HttpRequest.BodyPublishers.noBody()), 200);
    }

    void sandboxFaults(String json) {
        send(HttpRequest.newBuilder(URI.create(sandbox.url() + "/sandbox/control/sandbox-test/faults"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)), 200);
    }

    JsonNode sandboxState() {
        return send(HttpRequest.newBuilder(URI.create(sandbox.url() + "/sandbox/control/sandbox-test/state")).GET(), 200);
    }

    JsonNode sandboxJournalCounters() {
        return send(HttpRequest.newBuilder(URI.create(sandbox.url()
                + "/sandbox/control/sandbox-test/journal?limit=1")).GET(), 200).get("counters");
    }

    /** The app instance's own count of messages it imported (its Prometheus counter). */
    double deliveredMessages(AppProcess app) {
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/q/metrics"))
                    .header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofString());
            return metrics.body().lines().filter(line -> line.startsWith("talkport_delivery_messages_total"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The messages the sandbox test app holds: conversation → sorted "sender|timestamp|text|attachmentSize". */
    Map<String, List<String>> sandboxMessages() {
        JsonNode export = send(HttpRequest.newBuilder(
                URI.create(sandbox.url() + "/sandbox/control/sandbox-test/export")).GET(), 200);
        Map<String, List<String>> all = new TreeMap<>();
        for (JsonNode conversation : export.get("conversations")) {
            List<String> messages = new ArrayList<>();
            for (JsonNode m : conversation.get("messages")) {
                JsonNode attachment = m.get("attachment");
                messages.add(key(m.get("senderId").asText(), m.get("createdAt").asLong(), m.get("text").asText(),
                        attachment == null || attachment.isNull() ? null : attachment.get("size").asLong()));
            }
            messages.sort(null);
            all.put(conversation.get("id").asText(), messages);
        }
        return all;
    }

    /** Distinct attachment URLs (one per uploaded file) that the sandbox test app's messages refer to. */
    long referencedFiles() {
        JsonNode export = send(HttpRequest.newBuilder(
                URI.create(sandbox.url() + "/sandbox/control/sandbox-test/export")).GET(), 200);
        java.util.Set<String> urls = new java.util.HashSet<>();
        for (JsonNode conversation : export.get("conversations")) {
            for (JsonNode m : conversation.get("messages")) {
                JsonNode attachment = m.get("attachment");
                if (attachment != null && !attachment.isNull()) {
                    urls.add(attachment.get("url").asText());
                }
            }
        }
        return urls.size();
    }

    static String key(String sender, long timestamp, String text, Long attachmentSize) {
        return sender + "|" + timestamp + "|" + text + "|" + (attachmentSize == null ? "" : attachmentSize);
    }

    // ---- the database's side ------------------------------------------------------------------------------

    long count(String sql) {
        try (Connection connection = DriverManager.getConnection(appDbUrl, "postgres", "");
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> answer = http.send(request.header("Authorization", AUTH)
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != expected) {
                throw new AssertionError(request.build().uri() + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new database on the server of {@code postgresUrl}; returns its JDBC URL. */
    static String createDatabase(String postgresUrl, String name) {
        try (Connection connection = DriverManager.getConnection(postgresUrl, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgresUrl.replaceFirst("/postgres(\\?.*)?$", "/" + name);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        apps.forEach(AppProcess::stop);
        sandbox.stop();
    }

    /**
     * A bundle of {@code conversations} conversations with {@code perConversation} messages each and, spread among
     * them, {@code small} conversations of 1 to 10 messages (one import call: delivered in groups), between 50 users,
     * every {@code attachmentEvery}-th message carrying one of 8 files (0: none), written to {@code target}.
     * Returns the expected contents in the form of {@link #sandboxMessages()}.
     */
    static Map<String, List<String>> writeBundle(Path target, int conversations, int perConversation, int small,
                                                 int attachmentEvery) {
        BundleBuilder bundle = BundleBuilder.create();
        for (int u = 0; u < 50; u++) {
            bundle.user("u" + u, "User " + u);
        }
        Map<Integer, byte[]> files = new HashMap<>();
        for (int f = 0; f < 8; f++) {
            byte[] bytes = new byte[BundleBuilder.PNG.length + 64 * (f + 1)];
            System.arraycopy(BundleBuilder.PNG, 0, bytes, 0, BundleBuilder.PNG.length);
            bytes[bytes.length - 1] = (byte) f;
            files.put(f, bytes);
            bundle.attachment("attachments/file" + f + ".png", bytes);
        }
        Map<String, List<String>> expected = new TreeMap<>();
        long t0 = 1_600_000_000_000L;
        int n = 0;
        int total = conversations + small;
        for (int c = 0; c < total; c++) {
            // The small conversations are spread evenly among the others.
            boolean isSmall = (long) (c + 1) * small / total > (long) c * small / total;
            int count = isSmall ? 1 + c % 10 : perConversation;
            String a = "u" + (c % 50);
            String b = "u" + ((c * 7 + 1) % 50);
            if (a.equals(b)) {
                b = "u" + ((c + 1) % 50);
            }
            bundle.conversation("c" + c, a, b);
            List<String> messages = new ArrayList<>();
            for (int m = 0; m < count; m++, n++) {
                String sender = m % 2 == 0 ? a : b;
                long ts = t0 + m * 60_000L + c;
                String text = "message " + m + " in c" + c;
                if (attachmentEvery > 0 && n % attachmentEvery == 0) {
                    int f = n % 8;
                    bundle.message("c" + c, sender, ts, text, Map.of("attachment", "attachments/file" + f + ".png"));
                    messages.add(key(sender, ts, text, (long) files.get(f).length));
                } else {
                    bundle.message("c" + c, sender, ts, text);
                    messages.add(key(sender, ts, text, null));
                }
            }
            messages.sort(null);
            expected.put("c" + c, messages);
        }
        bundle.build(target);
        return expected;
    }
}
