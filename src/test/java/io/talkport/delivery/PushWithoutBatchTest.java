package io.talkport.delivery;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code talkjs.batch.enabled=false} every conversation is created by a PUT of its own. */
@QuarkusTest
@TestProfile(PushWithoutBatchTest.NoBatch.class)
class PushWithoutBatchTest {

    public static class NoBatch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("talkjs.batch.enabled", "false");
        }
    }

    @Inject
    TalkJsSandbox sandbox;

    @Test
    void conversationsAreCreatedOneByOneFromTheGeneralBudget() {
        sandbox.resetAll();
        long t0 = 1_650_000_000_000L;
        byte[] bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob").user("u3", "Carol")
                .item("conversations.jsonl", Map.of("id", "c1", "participants",
                        Map.of("u1", Map.of("access", "ReadWrite", "notify", true),
                                "u2", Map.of("access", "Read", "notify", false))))
                .conversation("c2", "u1", "u3").conversation("c3", "u2", "u3")
                .message("c1", "u1", t0, "one").message("c2", "u3", t0 + 1, "two").message("c3", "u2", t0 + 2, "three")
                .toBytes();
        long id = Jobs.uploadAndValidate("no-batch.zip", bundle).getLong("id");
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);

        JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(90), "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        SandboxApp app = sandbox.app("sandbox-test");
        Map<String, Long> calls = app.journal().counters().callsByRouteAndStatus();
        assertThat(calls).containsEntry("CONVERSATION_PUT 200", 3L).containsEntry("PARTICIPANT_PUT 200", 1L)
                .containsEntry("IMPORT 200", 3L).doesNotContainKeys("BATCH 200");
        assertThat(List.of("c1", "c2", "c3")).allSatisfy(c ->
                assertThat(app.conversation(c).snapshot().messageCount()).isEqualTo(1));
        assertThat(app.conversation("c1").participant("u2").access()).isEqualTo("Read");
    }
}
