package io.talkport.delivery;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.ops.FaultKind;
import io.talkport.sandbox.ops.FaultRule;
import io.talkport.sandbox.ops.JournalEntry;
import io.talkport.testsupport.SandboxedTest;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.SandboxContents;
import io.talkport.testsupport.SandboxContents.Msg;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Upload → push to the sandbox test app → verified → promote → live, and how runs react to TalkJS faults. */
@QuarkusTest
class PushFlowTest extends SandboxedTest {

    private static final long T0 = 1_650_000_000_000L;
    private static final Duration WITHIN = Duration.ofSeconds(90);

    /** Four users, three conversations, messages with readBy, custom data and an identical pair (kept twice). */
    private static byte[] bundle() {
        return BundleBuilder.create()
                .user("u1", "Alice").user("u2", "Bob").user("u3", "Carol").user("u4", "Dan")
                .item("conversations.jsonl", Map.of("id", "c1", "subject", "Boots",
                        "participants", Map.of("u1", Map.of("access", "ReadWrite", "notify", true),
                                "u2", Map.of("access", "Read", "notify", false))))
                .conversation("c2", "u1", "u3", "u4")
                .conversation("c3", "u2", "u3")
                .message("c1", "u1", T0, "Hello Bob", Map.of("readBy", List.of("u2"), "custom", Map.of("k", "v")))
                .message("c1", "u2", T0 + 1_000, "Hi Alice")
                .message("c1", "u1", T0 + 2_000, "Same words")
                .message("c1", "u1", T0 + 2_000, "Same words")
                .message("c2", "u3", T0 + 3_000, "Group hello", Map.of("readBy", List.of("u1", "u4")))
                .message("c2", "u4", T0 + 4_000, "Hey")
                .message("c3", "u3", T0 + 5_000, "Private")
                .toBytes();
    }

    private static Map<String, List<Msg>> expected() {
        return Map.of(
                "c1", SandboxContents.sorted(List.of(
                        new Msg("u1", T0, "Hello Bob", List.of("u2"), Map.of("k", "v")),
                        new Msg("u2", T0 + 1_000, "Hi Alice", List.of(), Map.of()),
                        new Msg("u1", T0 + 2_000, "Same words", List.of(), Map.of()),
                        new Msg("u1", T0 + 2_000, "Same words", List.of(), Map.of()))),
                "c2", SandboxContents.sorted(List.of(
                        new Msg("u3", T0 + 3_000, "Group hello", List.of("u1", "u4"), Map.of()),
                        new Msg("u4", T0 + 4_000, "Hey", List.of(), Map.of()))),
                "c3", List.of(new Msg("u3", T0 + 5_000, "Private", List.of(), Map.of())));
    }

    private static long readyJob(String name, byte[] bundle) {
        JsonPath job = Jobs.uploadAndValidate(name, bundle);
        assertThat(job.getString("status")).isEqualTo("READY");
        return job.getLong("id");
    }

    private static void push(long id) {
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs")
                .then().statusCode(202).body("environment", equalTo("test"));
    }

    private static void promote(long id, String confirm) {
        given().contentType(ContentType.JSON).body(Map.of("confirm", confirm))
                .when().post("/api/jobs/" + id + "/promote")
                .then().statusCode(202).body("environment", equalTo("live"));
    }

    @Test
    void pushVerifyPromoteDeliversTheBundleExactlyOnceToBothApps() {
        long id = readyJob("flow.zip", bundle());
        push(id);
        JsonPath test = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(test.getString("status")).as(test.prettify()).isEqualTo("SUCCEEDED");
        assertThat(test.getBoolean("verified")).isTrue();
        assertThat(test.getLong("progress.messages.total")).isEqualTo(7);
        assertThat(test.getLong("progress.messages.done")).isEqualTo(7);
        assertThat(test.getLong("progress.users.done")).isEqualTo(4);
        assertThat(test.getLong("progress.conversations.done")).isEqualTo(3);

        assertThat(SandboxContents.messages(testApp())).isEqualTo(expected());
        assertThat(testApp().users().keySet()).containsExactlyInAnyOrder("u1", "u2", "u3", "u4");
        assertThat(testApp().user("u1").name()).isEqualTo("Alice");
        assertThat(testApp().conversation("c1").participant("u2").access()).isEqualTo("Read");
        assertThat(testApp().conversation("c1").snapshot().subject()).isEqualTo("Boots");
        Map<String, Long> calls = testApp().journal().counters().callsByRouteAndStatus();
        assertThat(calls).as("conversations are created through the batch endpoint").containsKey("BATCH 200")
                .doesNotContainKey("CONVERSATION_PUT 200");
        assertThat(calls.get("PARTICIPANT_PUT 200")).as("only c1's read-only participant needs a call of its own")
                .isEqualTo(1L);
        assertThat(liveApp().users()).as("nothing reaches live before the promotion").isEmpty();
        assertThat(SandboxContents.messageCount(liveApp())).isZero();

        given().contentType(ContentType.JSON).body(Map.of("confirm", "not the name"))
                .when().post("/api/jobs/" + id + "/promote")
                .then().statusCode(400).body("message", containsString("flow.zip"));
        promote(id, "flow.zip");
        JsonPath live = Jobs.awaitRun(id, "live", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(live.getString("status")).as(live.prettify()).isEqualTo("SUCCEEDED");
        assertThat(SandboxContents.messages(liveApp())).isEqualTo(expected());
        assertThat(SandboxContents.messages(testApp())).as("the test app is untouched by live").isEqualTo(expected());
    }

    @Test
    void manyConversationsAreCreatedTenAtATimeEachExactlyOnce() {
        BundleBuilder bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob");
        Map<String, List<Msg>> expected = new java.util.HashMap<>();
        for (int i = 0; i < 45; i++) {
            bundle.conversation("k" + i, "u1", "u2").message("k" + i, "u1", T0 + i, "Hi " + i);
            expected.put("k" + i, List.of(new Msg("u1", T0 + i, "Hi " + i, List.of(), Map.of())));
        }
        long id = readyJob("many.zip", bundle.toBytes());
        push(id);
        JsonPath run = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(SandboxContents.messages(testApp())).isEqualTo(expected);

        List<JournalEntry> batches = testApp().journal().entries(0, "BATCH", 1000);
        assertThat(batches).allSatisfy(call -> {
            assertThat(call.status()).isEqualTo(200);
            assertThat(call.itemCount()).isBetween(1, 10);
        });
        assertThat(batches.stream().mapToInt(JournalEntry::itemCount).sum())
                .as("every conversation is created once: leased tasks are not created by two workers")
                .isEqualTo(45);
        assertThat(batches.size()).as("workers create the conversations after theirs too").isLessThan(20);
        assertThat(testApp().journal().counters().callsByRouteAndStatus()).doesNotContainKey("CONVERSATION_PUT 200");
    }

    @Test
    void pushingAgainAfterSuccessChecksAgainstTalkJsAndSendsNothing() {
        long id = readyJob("again.zip", bundle());
        push(id);
        Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED");
        long imports = testApp().journal().counters().callsByRouteAndStatus().getOrDefault("IMPORT 200", 0L);

        push(id); // starts the succeeded run over: it plans against what the test app holds, which is everything
        JsonPath again = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(again.getString("status")).as(again.prettify()).isEqualTo("SUCCEEDED");
        assertThat(again.getLong("progress.messages.done")).isZero();
        assertThat(again.getLong("plan.alreadyPresent")).isEqualTo(7);
        assertThat(again.getString("verification")).contains("7 messages already present");
        assertThat(testApp().journal().counters().callsByRouteAndStatus().getOrDefault("IMPORT 200", 0L))
                .isEqualTo(imports);
        assertThat(SandboxContents.messages(testApp())).isEqualTo(expected());
    }

    @Test
    void liveCannotBeStartedDirectlyNorPromotedBeforeASuccessfulTestRun() {
        long id = readyJob("guard.zip", bundle());
        given().contentType(ContentType.JSON).body(Map.of("environment", "live"))
                .when().post("/api/jobs/" + id + "/runs")
                .then().statusCode(409).body("message", containsString("Promote to live"));
        given().contentType(ContentType.JSON).body(Map.of("confirm", "guard.zip"))
                .when().post("/api/jobs/" + id + "/promote")
                .then().statusCode(409).body("message", containsString("successful test run"));
        assertThat(liveApp().users()).isEmpty();
    }

    @Test
    void rateLimitingWithAndWithoutRetryAfterIsWaitedOut() {
        testApp().faults().addScript(new FaultRule("*", FaultKind.RATE_429, 1, 2, 1));
        testApp().faults().addScript(new FaultRule("IMPORT", FaultKind.RATE_429, 0, 2, null));
        long id = readyJob("throttled.zip", bundle());
        push(id);
        JsonPath run = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(testApp().journal().counters().injected429()).isGreaterThanOrEqualTo(4);
        assertThat(SandboxContents.messages(testApp())).isEqualTo(expected());
    }

    @Test
    void importsWithUnknownOutcomesAreReconciledNeverResentBlindly() {
        // The first import is stored and then answered 500; the second fails with 500 and stores nothing.
        testApp().faults().addScript(new FaultRule("IMPORT", FaultKind.STORED_THEN_500, 0, 1, null));
        testApp().faults().addScript(new FaultRule("IMPORT", FaultKind.ERROR_500, 1, 1, null));
        testApp().faults().addScript(new FaultRule("USERS_BATCH_PUT", FaultKind.ERROR_503, 0, 2, null));
        long id = readyJob("faults.zip", bundle());
        push(id);
        JsonPath run = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(SandboxContents.messages(testApp())).isEqualTo(expected());
    }
}
