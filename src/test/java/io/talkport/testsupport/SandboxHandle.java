package io.talkport.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Drives a TalkJS sandbox over HTTP through its control API, so it works against the app under test as well as
 * against a sandbox running in another process. Also mints TalkJS app tokens.
 *
 * <pre>{@code
 * SandboxHandle sandbox = SandboxHandle.at("http://localhost:8081", SandboxHandle.TEST_APP);
 * sandbox.resetEverything();
 * ... run the import ...
 * assertThat(sandbox.state().get("messages").asLong()).isEqualTo(1200);
 * }</pre>
 */
public final class SandboxHandle {

    public static final String TEST_APP = "sandbox-test";
    public static final String TEST_SECRET = "sk_test_sandboxTestSecret0000000000";
    public static final String LIVE_APP = "sandbox-live";
    public static final String LIVE_SECRET = "sk_live_sandboxLiveSecret0000000000";

    /**
     * System properties that give a packaged sandbox process (prod profile) the two apps with the fixed test keys
     * above; without them it would generate random keys for its installation (io.talkport.sandbox.SandboxKeys).
     */
    public static java.util.Map<String, String> fixedKeys() {
        return java.util.Map.of("talkjs.sandbox.apps.sandbox-test.secret-key", TEST_SECRET,
                "talkjs.sandbox.apps.sandbox-test.mode", "test",
                "talkjs.sandbox.apps.sandbox-live.secret-key", LIVE_SECRET,
                "talkjs.sandbox.apps.sandbox-live.mode", "live");
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String serverUrl;
    private final String appId;

    private SandboxHandle(String serverUrl, String appId) {
        this.serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        this.appId = appId;
    }

    /** A handle on {@code appId} of the sandbox served at {@code serverUrl} (e.g. {@code http://localhost:8081}). */
    public static SandboxHandle at(String serverUrl, String appId) {
        return new SandboxHandle(serverUrl, appId);
    }

    /** The base URL a TalkJS client should use, in place of {@code https://api.talkjs.com}. */
    public String talkJsBaseUrl() {
        return serverUrl + "/sandbox/talkjs";
    }

    /** Counts: users, conversations, messages, files. */
    public JsonNode state() {
        return send("GET", "state", null);
    }

    /** "Reset all data" (users, conversations, messages, files). */
    public JsonNode resetData() {
        return send("POST", "reset", null);
    }

    /** Data plus journal, counters, faults and rate limit back to defaults. */
    public JsonNode resetEverything() {
        return send("POST", "reset?everything=true", null);
    }

    /** Replaces the fault settings, e.g. {@code Map.of("scripts", List.of(Map.of("route", "IMPORT", ...)))}. */
    public JsonNode faults(Map<String, ?> faults) {
        return send("PUT", "faults", faults);
    }

    public JsonNode rateLimit(double rate, int burst) {
        return send("PUT", "rate-limit", Map.of("rate", rate, "burst", burst));
    }

    /** Journal entries (oldest first) of one route, or all when {@code route} is null; plus counters. */
    public JsonNode journal(String route) {
        return send("GET", "journal?limit=100000" + (route == null ? "" : "&route=" + route), null);
    }

    /** All messages of a conversation, oldest first, under {@code data}. */
    public JsonNode messages(String conversationId) {
        return send("GET", "messages?conversationId=" + encode(conversationId), null);
    }

    /** The whole app: users, conversations with participants and messages. */
    public JsonNode export() {
        return send("GET", "export", null);
    }

    /** An HS256 app token for the TalkJS REST API, valid for {@code ttl}. */
    public static String appToken(String appId, String secret, Duration ttl) {
        return Jwt.claims().issuer(appId).claim("tokenType", "app").issuedAt(Instant.now())
                .expiresAt(Instant.now().plus(ttl)).jws().algorithm(SignatureAlgorithm.HS256).signWithSecret(secret);
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create(serverUrl + "/sandbox/control/" + encode(appId) + "/" + path))
                    .timeout(Duration.ofSeconds(60))
                    // The control API needs a Talkport login (operator or admin); the TalkJS API does not.
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (TestUsers.ADMIN + ":" + TestUsers.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Sandbox control " + method + " " + path + " answered "
                        + response.statusCode() + ": " + new String(response.body()));
            }
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
