package io.talkport.talkjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.talkjs.FakeTalkJs.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.talkport.talkjs.TalkJsEnvironment.LIVE;
import static io.talkport.talkjs.TalkJsEnvironment.TEST;
import static io.talkport.talkjs.TestClients.TEST_APP;
import static io.talkport.talkjs.TestClients.TEST_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a scripted fake TalkJS: auth, status handling, retries, import safety, paging, uploads. */
@QuarkusTest
class TalkJsClientTest {

    private final ObjectMapper json = new ObjectMapper();
    private FakeTalkJs fake;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeTalkJs();
        logs = LogCapture.start("io.talkport.talkjs");
    }

    @AfterEach
    void stop() {
        fake.close();
        logs.stop();
        assertThat(logs.text()).doesNotContain(TEST_SECRET);
    }

    @Test
    void signsAShortLivedAppTokenWithTheSecretKey() throws Exception {
        TalkJsClient client = TestClients.client(fake);
        client.upsertUser(TEST, "u1", user("Ann"));

        String auth = fake.requests().get(0).header("Authorization");
        assertThat(auth).startsWith("Bearer ");
        String[] parts = auth.substring(7).split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.get("alg").asText()).isEqualTo("HS256");
        assertThat(claims.get("tokenType").asText()).isEqualTo("app");
        assertThat(claims.get("iss").asText()).isEqualTo(TEST_APP);
        long now = Instant.now().getEpochSecond();
        assertThat(claims.get("exp").asLong()).isGreaterThan(now).isLessThanOrEqualTo(now + 60);
        assertThat(claims.get("iat").asLong()).isLessThanOrEqualTo(now);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TEST_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
    }

    @Test
    void signsWithAKeyShorterThan32CharactersAsTalkJsDoes() throws Exception {
        String shortKey = "sk_test_short";
        TalkJsClient client = TestClients.client(fake, "talkjs.test.secret-key", shortKey);
        client.upsertUser(TEST, "u1", user("Ann"));

        String[] parts = fake.requests().get(0).header("Authorization").substring(7).split("\\.");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(shortKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
        assertThat(json.readTree(Base64.getUrlDecoder().decode(parts[1])).get("iss").asText()).isEqualTo(TEST_APP);
        assertThat(logs.text()).doesNotContain(shortKey);
    }

    @Test
    void aRetryAfterBeyondTheCapFailsTheCallWithTheReasonInsteadOfStoppingTheApp() {
        fake.then(Reply.json(429, "{}").withHeader("Retry-After", "3600"),
                Reply.json(429, "{}").withHeader("Retry-After", "2147483648"));
        TalkJsClient client = TestClients.client(fake, "talkjs.rate-limit.max-retry-after", "1s");
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.upsertUser(TEST, "u1", user("Ann")))
                .isInstanceOf(TalkJsThrottledException.class)
                .hasMessageContaining("asked to wait 60 min (Retry-After)")
                .hasMessageContaining("talkjs.rate-limit.max-retry-after (1 s)");
        assertThatThrownBy(() -> client.upsertUser(TEST, "u2", user("Bob")))
                .isInstanceOf(TalkJsThrottledException.class)
                .hasMessageContaining("asked to wait 2147483648 s");
        client.upsertUser(TEST, "u3", user("Cy"));

        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsed).isGreaterThanOrEqualTo(1000).isLessThan(10_000); // paused for the cap, not an hour
        assertThat(fake.requests()).hasSize(3);
    }

    @Test
    void aTestKeyConfiguredAsLiveIsRefusedBeforeAnythingIsSent() {
        TalkJsClient client = TestClients.client(fake, "talkjs.live.app-id", "live-app",
                "talkjs.live.secret-key", "sk_test_wrongModeKey");
        assertThat(client.configurationProblem(LIVE)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("live environment").contains("is a test key (sk_test_...)").doesNotContain("wrongModeKey"));
        assertThat(client.checkConnection(LIVE).ok()).isFalse();
        assertThat(client.configurationProblem(TEST)).isEmpty();
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void checkConnectionReportsARefusedKey() {
        fake.then(Reply.json(401, "{\"errorCode\":\"UNAUTHORIZED\"}"));
        TalkJsClient client = TestClients.client(fake);
        TalkJsClient.ConnectionCheck check = client.checkConnection(TEST);
        assertThat(check.ok()).isFalse();
        assertThat(check.message()).contains("TalkJS refused the key for app " + TEST_APP + " (HTTP 401)")
                .doesNotContain(TEST_SECRET);
        assertThat(client.checkConnection(TEST).ok()).isTrue();
    }

    @Test
    void legacyModeSendsTheSecretKeyAsBearer() {
        TalkJsClient client = TestClients.client(fake, "talkjs.auth-mode", "secret-key");
        client.upsertUser(TEST, "u1", user("Ann"));
        assertThat(fake.requests().get(0).header("Authorization")).isEqualTo("Bearer " + TEST_SECRET);
    }

    @Test
    void honoursRetryAfterOn429() {
        fake.then(Reply.json(429, "{\"errorCode\":\"RATE_LIMITED\"}").withHeader("Retry-After", "1"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TalkJsClient client = TestClients.client(fake, registry);
        long start = System.nanoTime();
        client.upsertUser(TEST, "u1", user("Ann"));

        List<FakeTalkJs.Request> requests = fake.requests();
        assertThat(requests).hasSize(2);
        assertThat((requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos()) / 1_000_000)
                .isGreaterThanOrEqualTo(1000);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
        assertThat(client.rateLimitedCount(TEST)).isEqualTo(1);
        assertThat(registry.counter("talkport.talkjs.requests", "env", "test", "route", "users.put", "status", "429")
                .count()).isEqualTo(1);
        assertThat(registry.counter("talkport.talkjs.requests", "env", "test", "route", "users.put", "status", "200")
                .count()).isEqualTo(1);
        assertThat(registry.timer("talkport.talkjs.request.duration", "env", "test", "route", "users.put").count())
                .isEqualTo(2);
        assertThat(logs.text()).contains("429 on users.put"); // the capture works, so the secret check means something
    }

    @Test
    void backsOffOn429WithoutRetryAfterAndNeverDropsTheRequest() {
        fake.then(Reply.json(429, "{}"), Reply.json(429, "{}"));
        TalkJsClient client = TestClients.client(fake);
        client.upsertUser(TEST, "u1", user("Ann"));

        List<FakeTalkJs.Request> requests = fake.requests();
        assertThat(requests).hasSize(3);
        long waited = (requests.get(2).receivedAtNanos() - requests.get(0).receivedAtNanos()) / 1_000_000;
        assertThat(waited).isGreaterThanOrEqualTo(80 + 160); // 100 ms then 200 ms, each -20% jitter at worst
        assertThat(client.rateLimitedCount(TEST)).isEqualTo(2);
    }

    @Test
    void retriesServerErrorsOnIdempotentUpserts() {
        fake.then(Reply.json(500, "{}"), Reply.json(503, "{}"));
        TalkJsClient client = TestClients.client(fake);
        client.upsertConversation(TEST, "c1", json.createObjectNode().put("subject", "Boots"));
        assertThat(fake.requests()).hasSize(3).allMatch(r -> r.method().equals("PUT"));
    }

    @Test
    void retriesAResetConnectionOnIdempotentCalls() {
        fake.then(new Reply(0, "", Map.of(), 0));
        TalkJsClient client = TestClients.client(fake);
        assertThat(client.getUser(TEST, "u1")).isPresent();
        assertThat(fake.requests()).hasSize(2);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() {
        fake.otherwise(request -> Reply.json(500, "{\"errorCode\":\"INTERNAL\"}"));
        TalkJsClient client = TestClients.client(fake);
        assertThatThrownBy(() -> client.upsertUser(TEST, "u1", user("Ann")))
                .isInstanceOf(TalkJsUnavailableException.class).hasMessageContaining("HTTP 500");
        assertThat(fake.requests()).hasSize(4); // 1 + talkjs.retry.max-retries=3
    }

    @Test
    void importIsNeverRetriedOnAServerError() {
        fake.otherwise(request -> Reply.json(500, "{}"));
        TalkJsClient client = TestClients.client(fake);
        assertThatThrownBy(() -> client.importMessages(TEST, "c1", List.of(message("hello"))))
                .isInstanceOf(TalkJsOutcomeUnknownException.class).hasMessageContaining("read back");
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void importIsNeverRetriedOnATimeout() throws Exception {
        fake.otherwise(request -> Reply.json(200, "[{\"id\":\"msg_1\"}]").delayed(1500));
        TalkJsClient client = TestClients.client(fake, "talkjs.timeout.request", "300ms");
        assertThatThrownBy(() -> client.importMessages(TEST, "c1", List.of(message("hello"))))
                .isInstanceOf(TalkJsOutcomeUnknownException.class);
        Thread.sleep(300); // a blind retry would have arrived by now
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void importIsNeverRetriedOnAResetConnection() throws Exception {
        fake.otherwise(request -> new Reply(0, "", Map.of(), 0));
        TalkJsClient client = TestClients.client(fake);
        assertThatThrownBy(() -> client.importMessages(TEST, "c1", List.of(message("hello"))))
                .isInstanceOf(TalkJsOutcomeUnknownException.class);
        Thread.sleep(100);
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void importWaitsOutA429BecauseNothingWasProcessed() {
        fake.then(Reply.json(429, "{}").withHeader("Retry-After", "0"), Reply.json(200, "[{\"id\":\"msg_1\"}]"));
        TalkJsClient client = TestClients.client(fake);
        assertThat(client.importMessages(TEST, "c1", List.of(message("hello")))).containsExactly("msg_1");
        assertThat(fake.requests()).hasSize(2);
    }

    @Test
    void importSendsTheDocumentedFormAndAcceptsBothAnswers() throws Exception {
        fake.then(Reply.json(200, "{}"), Reply.json(200, "[{\"id\":\"msg_a\"},{\"id\":\"msg_b\"}]"));
        TalkJsClient client = TestClients.client(fake);
        ImportMessage withFile = new ImportMessage("u2", "see file", 1700000000123L, List.of("u1"), "tok_1",
                Map.of("source", "slack"));
        assertThat(client.importMessages(TEST, "c 1", List.of(message("hi")))).isEmpty();
        assertThat(client.importMessages(TEST, "c 1", List.of(message("hi"), withFile)))
                .containsExactly("msg_a", "msg_b");

        FakeTalkJs.Request request = fake.requests().get(1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v1/" + TEST_APP + "/import/conversations/c%201/messages");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = json.readTree(request.body());
        assertThat(body.isArray()).isTrue();
        assertThat(body.get(0).get("readBy").isArray()).isTrue();
        assertThat(body.get(1)).isEqualTo(json.readTree("{\"text\":\"see file\",\"sender\":\"u2\","
                + "\"timestamp\":1700000000123,\"readBy\":[\"u1\"],\"type\":\"UserMessage\","
                + "\"attachmentToken\":\"tok_1\",\"custom\":{\"source\":\"slack\"}}"));
    }

    @Test
    void createsConversationsInOneBatchCallAndAnswersEachAlone() throws Exception {
        fake.then(Reply.json(200, "[[1,400,\"{\\\"errorCode\\\":\\\"INVALID_CONVERSATION\\\"}\"],[0,200,\"{}\"]]"));
        TalkJsClient client = TestClients.client(fake);
        Map<String, ObjectNode> conversations = new java.util.LinkedHashMap<>();
        conversations.put("c 1", json.createObjectNode().put("subject", "Boots"));
        conversations.put("c2", json.createObjectNode());
        conversations.put("c3", json.createObjectNode());

        Map<String, TalkJsClient.BatchAnswer> answers = client.upsertConversations(TEST, conversations);

        assertThat(answers.keySet()).containsExactly("c 1", "c2", "c3");
        assertThat(answers.get("c 1")).isEqualTo(new TalkJsClient.BatchAnswer(200, "{}"));
        assertThat(answers.get("c2").status()).isEqualTo(400);
        assertThat(answers.get("c2").body()).contains("INVALID_CONVERSATION");
        assertThat(answers.get("c3").status()).as("an operation the answer left out").isZero();
        assertThat(answers.get("c3").isSuccess()).isFalse();
        FakeTalkJs.Request request = fake.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v1/" + TEST_APP + "/batch");
        assertThat(json.readTree(request.body())).isEqualTo(json.readTree("[[0,\"PUT\",\"/conversations/c%201\","
                + "{\"subject\":\"Boots\"}],[1,\"PUT\",\"/conversations/c2\",{}],"
                + "[2,\"PUT\",\"/conversations/c3\",{}]]"));
    }

    @Test
    void batchCallsSpendTheirOwnBudget() {
        TalkJsClient client = TestClients.client(fake, "talkjs.rate-limit.requests-per-second", "0.001",
                "talkjs.rate-limit.burst", "1", "talkjs.batch.requests-per-second", "0.001", "talkjs.batch.burst", "2",
                "talkjs.rate-limit.max-wait", "200ms");
        fake.otherwise(request -> Reply.json(200, request.rawPath().endsWith("/batch") ? "[[0,200,\"{}\"]]" : "{}"));
        Map<String, ObjectNode> one = Map.of("c1", json.createObjectNode());
        client.upsertConversation(TEST, "c0", json.createObjectNode());
        client.upsertConversations(TEST, one);
        client.upsertConversations(TEST, one);
        assertThatThrownBy(() -> client.upsertConversations(TEST, one)).isInstanceOf(TalkJsThrottledException.class);
        assertThatThrownBy(() -> client.upsertConversation(TEST, "c9", json.createObjectNode()))
                .isInstanceOf(TalkJsThrottledException.class);
        assertThat(fake.requests()).hasSize(3);
    }

    @Test
    void importRejectsMoreThanTheBatchSizeWithoutSending() {
        TalkJsClient client = TestClients.client(fake, "talkjs.import.batch-size", "2");
        assertThatThrownBy(() -> client.importMessages(TEST, "c1",
                List.of(message("1"), message("2"), message("3")))).isInstanceOf(IllegalArgumentException.class);
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void badRequestIsNotRetriedAndSurfacesTheReason() {
        fake.otherwise(request -> Reply.json(400,
                "{\"errorCode\":\"INVALID_USERS\",\"reasons\":{\"u7\":\"name is required\"}}"));
        TalkJsClient client = TestClients.client(fake);
        Map<String, ObjectNode> users = new LinkedHashMap<>();
        users.put("u1", user("Ann"));
        users.put("u7", json.createObjectNode());
        assertThatThrownBy(() -> client.upsertUsers(TEST, users))
                .isInstanceOfSatisfying(TalkJsRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.body()).contains("u7").contains("name is required");
                    assertThat(e.getMessage()).contains("users.batch").contains("name is required");
                });
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void unauthorizedIsNotRetriedAndNamesTheAppButNeverTheSecret() {
        fake.otherwise(request -> Reply.json(401, "{\"errorCode\":\"UNAUTHORIZED\"}"));
        TalkJsClient client = TestClients.client(fake);
        assertThatThrownBy(() -> client.getUser(TEST, "u1"))
                .isInstanceOfSatisfying(TalkJsAuthException.class, e -> {
                    assertThat(e.getMessage()).startsWith("TalkJS refused the credentials for the test app "
                            + TEST_APP).doesNotContain(TEST_SECRET).doesNotContain("Bearer");
                    assertThat(String.valueOf(e.getCause())).doesNotContain(TEST_SECRET);
                });
        assertThat(fake.requests()).hasSize(1);

        TalkJsClient legacy = TestClients.client(fake, "talkjs.auth-mode", "secret-key");
        assertThatThrownBy(() -> legacy.upsertUser(TEST, "u1", user("Ann")))
                .isInstanceOf(TalkJsAuthException.class).message().doesNotContain(TEST_SECRET);
    }

    @Test
    void missingCredentialsFailOnUseWithAClearMessage() {
        TalkJsClient client = TestClients.client(fake);
        assertThat(client.isConfigured(LIVE)).isFalse();
        assertThatThrownBy(() -> client.getUser(LIVE, "u1"))
                .isInstanceOf(TalkJsNotConfiguredException.class)
                .hasMessageContaining("talkjs.live.app-id").hasMessageContaining("TALKJS_LIVE_APP_ID");
        TalkJsClient noKey = TestClients.client(fake, "talkjs.live.app-id", "live-1");
        assertThatThrownBy(() -> noKey.getUser(LIVE, "u1")).isInstanceOf(TalkJsNotConfiguredException.class)
                .hasMessageContaining("TALKJS_LIVE_SECRET_KEY");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void secretsStayOutOfConfigToString() {
        TalkJsConfig config = TestClients.config(TestClients.defaults(fake));
        assertThat(config.test().secretKey()).isPresent();
        assertThat(String.valueOf(config)).doesNotContain(TEST_SECRET);
        assertThat(String.valueOf(config.test())).doesNotContain(TEST_SECRET);
        assertThat(config.test().secretKey().get().toString()).doesNotContain(TEST_SECRET);
    }

    @Test
    void notFoundReadsAreEmpty() {
        fake.otherwise(request -> Reply.json(404, "{\"errorCode\":\"NOT_FOUND\"}"));
        TalkJsClient client = TestClients.client(fake);
        assertThat(client.getUser(TEST, "ghost")).isEmpty();
        assertThat(client.getConversation(TEST, "ghost")).isEmpty();
        assertThatThrownBy(() -> client.importMessages(TEST, "ghost", List.of(message("x"))))
                .isInstanceOf(TalkJsNotFoundException.class);
        assertThat(fake.requests()).hasSize(3);
    }

    @Test
    void batchUpsertEnforcesTheHundredUserLimit() {
        TalkJsClient client = TestClients.client(fake);
        Map<String, ObjectNode> users = new LinkedHashMap<>();
        for (int i = 0; i < 101; i++) {
            users.put("u" + i, user("User " + i));
        }
        assertThatThrownBy(() -> client.upsertUsers(TEST, users)).isInstanceOf(IllegalArgumentException.class);
        users.remove("u100");
        client.upsertUsers(TEST, users);
        assertThat(fake.requests()).hasSize(1);
        assertThat(fake.requests().get(0).rawPath()).isEqualTo("/v1/" + TEST_APP + "/users");
    }

    @Test
    void encodesIdsAsPathSegments() {
        TalkJsClient client = TestClients.client(fake);
        client.joinParticipant(TEST, "team/sales chat", "user 1/a", "Read", false);
        client.getUser(TEST, "ann+bob@example.com");
        assertThat(fake.requests().get(0).rawPath())
                .isEqualTo("/v1/" + TEST_APP + "/conversations/team%2Fsales%20chat/participants/user%201%2Fa");
        assertThat(fake.requests().get(0).bodyText()).isEqualTo("{\"access\":\"Read\",\"notify\":false}");
        assertThat(fake.requests().get(1).rawPath()).isEqualTo("/v1/" + TEST_APP + "/users/ann%2Bbob%40example.com");
    }

    @Test
    void listsAllMessagesPageByPageNewestFirst() {
        int total = 250;
        fake.otherwise(request -> messagePage(request, total));
        TalkJsClient client = TestClients.client(fake);
        List<TalkJsMessage> messages = client.listAllMessages(TEST, "c/1");

        assertThat(messages).hasSize(total);
        assertThat(messages.get(0).id()).isEqualTo("msg_249");
        assertThat(messages.get(total - 1).id()).isEqualTo("msg_0");
        assertThat(messages.get(0).origin()).isEqualTo("import");
        assertThat(messages.get(0).readBy()).containsExactly("u2");
        assertThat(messages.get(0).attachmentUrl()).isEqualTo("http://files/249");
        assertThat(messages.get(0).attachmentSize()).isEqualTo(249L);
        assertThat(fake.requests()).extracting(FakeTalkJs.Request::rawQuery).containsExactly("limit=100",
                "limit=100&startingAfter=msg_150", "limit=100&startingAfter=msg_50");
        assertThat(fake.requests().get(0).rawPath()).isEqualTo("/v1/" + TEST_APP + "/conversations/c%2F1/messages");
    }

    @Test
    void uploadsMultipartAndReadsEitherTokenKey() throws Exception {
        fake.then(Reply.json(200, "{\"fileToken\":\"ft_1\"}"), Reply.json(200, "{\"attachmentToken\":\"at_2\"}"));
        TalkJsClient client = TestClients.client(fake);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("talkport", ".png");
        byte[] bytes = new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, '\r', '\n'};
        java.nio.file.Files.write(file, bytes);
        try {
            assertThat(client.uploadFile(TEST, "photo \"1\".png", "image", "image/png", file)).isEqualTo("ft_1");
            assertThat(client.uploadFile(TEST, "notes.txt", null, "text/plain",
                    () -> new java.io.ByteArrayInputStream("hi".getBytes()), 2)).isEqualTo("at_2");
        } finally {
            java.nio.file.Files.delete(file);
        }

        FakeTalkJs.Request upload = fake.requests().get(0);
        assertThat(upload.method()).isEqualTo("POST");
        assertThat(upload.rawPath()).isEqualTo("/v1/" + TEST_APP + "/files");
        String contentType = upload.header("Content-Type");
        assertThat(contentType).startsWith("multipart/form-data; boundary=");
        Map<String, Multiparts.Part> parts = Multiparts.parse(upload.body(), contentType);
        assertThat(parts.get("filename").text()).isEqualTo("photo \"1\".png");
        assertThat(parts.get("subtype").text()).isEqualTo("image");
        assertThat(parts.get("file").filename()).isEqualTo("photo %221%22.png");
        assertThat(parts.get("file").contentType()).isEqualTo("image/png");
        assertThat(parts.get("file").bytes()).isEqualTo(bytes);
        assertThat(Multiparts.parse(fake.requests().get(1).body(), fake.requests().get(1).header("Content-Type")))
                .containsOnlyKeys("filename", "file");
    }

    @Test
    void retriesAFailedUploadWithTheWholeFileAgain() throws Exception {
        fake.then(Reply.json(502, "{}"), Reply.json(200, "{\"attachmentToken\":\"at_1\",\"fileToken\":\"at_1\"}"));
        TalkJsClient client = TestClients.client(fake);
        byte[] bytes = "attachment bytes".getBytes(StandardCharsets.UTF_8);
        assertThat(client.uploadFile(TEST, "a.txt", null, "text/plain",
                () -> new java.io.ByteArrayInputStream(bytes), bytes.length)).isEqualTo("at_1");
        assertThat(fake.requests()).hasSize(2);
        for (FakeTalkJs.Request upload : fake.requests()) {
            assertThat(Multiparts.parse(upload.body(), upload.header("Content-Type")).get("file").bytes())
                    .isEqualTo(bytes);
        }
    }

    @Test
    void circuitBreakerOpensWhileTalkJsIsDownAndStopsSending() {
        fake.otherwise(request -> Reply.json(503, "{}"));
        TalkJsClient client = TestClients.client(fake, "talkjs.retry.max-retries", "0",
                "talkjs.circuit-breaker.request-volume-threshold", "4",
                "talkjs.circuit-breaker.failure-ratio", "1.0", "talkjs.circuit-breaker.delay", "1m");
        assertThat(client.isOpen(TEST)).isFalse();
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> client.upsertUser(TEST, "u1", user("Ann")))
                    .isInstanceOf(TalkJsUnavailableException.class);
        }
        assertThat(client.isOpen(TEST)).isTrue();
        assertThatThrownBy(() -> client.upsertUser(TEST, "u1", user("Ann")))
                .isInstanceOf(TalkJsUnavailableException.class).hasMessageContaining("circuit breaker open");
        assertThat(fake.requests()).hasSize(4);
    }

    private ObjectNode user(String name) {
        return json.createObjectNode().put("name", name);
    }

    private static ImportMessage message(String text) {
        return new ImportMessage("u1", text, 1700000000000L, List.of(), null, null);
    }

    /** Messages msg_0..msg_{total-1}, served newest first with limit and startingAfter like TalkJS. */
    private static Reply messagePage(FakeTalkJs.Request request, int total) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : request.rawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv[1]);
        }
        int limit = Integer.parseInt(query.get("limit"));
        int from = query.containsKey("startingAfter")
                ? Integer.parseInt(query.get("startingAfter").substring(4)) - 1 : total - 1;
        StringBuilder data = new StringBuilder("{\"data\":[");
        for (int n = from, count = 0; n >= 0 && count < limit; n--, count++) {
            if (count > 0) {
                data.append(',');
            }
            data.append("{\"id\":\"msg_").append(n).append("\",\"conversationId\":\"c/1\",\"type\":\"UserMessage\",")
                    .append("\"senderId\":\"u1\",\"text\":\"t").append(n).append("\",\"createdAt\":").append(n)
                    .append(",\"readBy\":[\"u2\"],\"origin\":\"import\",\"custom\":{},")
                    .append("\"attachment\":{\"url\":\"http://files/").append(n).append("\",\"size\":").append(n)
                    .append("}}");
        }
        return Reply.json(200, data.append("]}").toString());
    }
}
