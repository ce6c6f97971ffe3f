package io.talkport.security;

import io.talkport.db.EmbeddedDatabase;
import io.talkport.testsupport.AppProcess;
import io.talkport.testsupport.SmallBundles;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 7: secrets never reach the log, at any level. The packaged app runs with the root logger at DEBUG (as the
 * penetration test did), every password, TalkJS key, session and CSRF key and the database password set to values
 * found nowhere else; it serves logins (right and wrong, form and Basic), an upload, a push to the test app and a
 * promotion to the live app (both apps of its own sandbox, so both keys are used), and a logout. Then the whole log
 * is searched for each secret.
 */
class SecretsInLogIT {

    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Test
    void noSecretAppearsInADebugLog() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("admin password", "adminPw" + SUFFIX);
        secrets.put("operator password", "operatorPw" + SUFFIX);
        secrets.put("viewer password", "viewerPw" + SUFFIX);
        secrets.put("test secret key", "sk_test_logCheck" + SUFFIX + "0000000000");
        secrets.put("live secret key", "sk_live_logCheck" + SUFFIX + "0000000000");
        secrets.put("session key", "sessionKey" + SUFFIX + "0123456789");
        secrets.put("csrf key", "csrfKey" + SUFFIX);
        secrets.put("database password", "dbPw" + SUFFIX);
        secrets.put("wrong password tried", "wrongPw" + SUFFIX);

        String name = "secrets-in-log-" + SUFFIX;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_URL", database("log_" + SUFFIX));
        env.put("DB_USER", "postgres");
        env.put("DB_PASSWORD", secrets.get("database password"));
        env.put("TALKPORT_DATA_DIR", Path.of("target", "it-data", name).toString());
        env.put("TALKPORT_ADMIN_PASSWORD", secrets.get("admin password"));
        env.put("TALKPORT_OPERATOR_PASSWORD", secrets.get("operator password"));
        env.put("TALKPORT_VIEWER_PASSWORD", secrets.get("viewer password"));
        env.put("TALKJS_TEST_APP_ID", "sandbox-test");
        env.put("TALKJS_TEST_SECRET_KEY", secrets.get("test secret key"));
        env.put("TALKJS_LIVE_APP_ID", "sandbox-live");
        env.put("TALKJS_LIVE_SECRET_KEY", secrets.get("live secret key"));
        env.put("TALKPORT_SESSION_KEY", secrets.get("session key"));
        env.put("TALKPORT_CSRF_KEY", secrets.get("csrf key"));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.log.level", "DEBUG");
        properties.put("quarkus.log.console.level", "DEBUG");
        properties.put("talkjs.sandbox.enabled", "true");
        properties.put("talkjs.sandbox.apps.sandbox-test.secret-key", secrets.get("test secret key"));
        properties.put("talkjs.sandbox.apps.sandbox-live.secret-key", secrets.get("live secret key"));
        properties.put("talkjs.sandbox.apps.sandbox-test.mode", "test");
        properties.put("talkjs.sandbox.apps.sandbox-live.mode", "live");
        AppProcess app = new AppProcess(name, "512m", env, properties);
        properties.put("talkjs.base-url", app.url() + "/sandbox/talkjs");
        try {
            app.start();
            exercise(app, secrets);
        } finally {
            app.stop();
        }

        String log = Files.readString(Path.of("target", "it-logs", name + ".log"), StandardCharsets.UTF_8);
        assertThat(log).as("the app ran at DEBUG").contains(" DEBUG ");
        assertThat(log).as("the push reached the sandbox").contains("sandbox");
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertThat(log).as(secret.getKey() + " in target/it-logs/" + name + ".log")
                    .doesNotContain(secret.getValue());
        }
    }

    private static void exercise(AppProcess app, Map<String, String> secrets) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String admin = basic("admin", secrets.get("admin password"));
        for (String user : List.of("admin", "operator", "viewer")) {
            assertThat(send(http, get(app, "/api/jobs", basic(user, secrets.get(user + " password")))).statusCode())
                    .isEqualTo(200);
        }
        assertThat(send(http, get(app, "/api/jobs", basic("operator", secrets.get("wrong password tried"))))
                .statusCode()).isEqualTo(401);
        HttpResponse<String> login = send(http, HttpRequest.newBuilder(URI.create(app.url() + "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("j_username=operator&j_password="
                        + secrets.get("operator password"))));
        assertThat(login.statusCode()).isEqualTo(302);

        String boundary = "b" + SUFFIX;
        byte[] bundle = SmallBundles.twoUsers();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"log.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + bundle.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bundle, 0, body, head.length, bundle.length);
        System.arraycopy(tail, 0, body, head.length + bundle.length, tail.length);
        HttpResponse<String> upload = send(http, HttpRequest.newBuilder(URI.create(app.url() + "/api/jobs"))
                .header("Authorization", admin).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        String id = upload.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1");
        awaitBody(http, get(app, "/api/jobs/" + id, admin), "\"status\":\"READY\"");

        assertThat(send(http, json(app, "/api/jobs/" + id + "/runs", admin, "{\"environment\":\"test\"}"))
                .statusCode()).isEqualTo(202);
        awaitBody(http, get(app, "/api/jobs/" + id, admin), "\"status\":\"SUCCEEDED\"");
        assertThat(send(http, json(app, "/api/jobs/" + id + "/promote", admin, "{\"confirm\":\"log.zip\"}"))
                .statusCode()).isEqualTo(202);
        awaitBody(http, get(app, "/api/jobs/" + id, admin), "\"environment\":\"live\",\"status\":\"SUCCEEDED\"");
    }

    private static void awaitBody(HttpClient http, HttpRequest.Builder request, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = send(http, request).body();
            if (last.contains(expected)) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("Expected " + expected + " in " + last);
    }

    private static HttpRequest.Builder get(AppProcess app, String path, String authorization) {
        return HttpRequest.newBuilder(URI.create(app.url() + path)).header("Authorization", authorization).GET();
    }

    private static HttpRequest.Builder json(AppProcess app, String path, String authorization, String body) {
        return HttpRequest.newBuilder(URI.create(app.url() + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String database(String name) throws Exception {
        String postgres = EmbeddedDatabase.startEphemeral();
        try (Connection connection = DriverManager.getConnection(postgres, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return postgres.replaceFirst("/postgres(\\?.*)?$", "/" + name);
    }
}
