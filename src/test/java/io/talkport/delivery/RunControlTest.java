package io.talkport.delivery;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.ops.JournalEntry;
import io.talkport.testsupport.SandboxedTest;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.SandboxContents;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Item failures, the missing-sender policy, and pause, resume, cancel and push-again. */
@QuarkusTest
class RunControlTest extends SandboxedTest {

    private static final long T0 = 1_650_000_000_000L;
    private static final Duration WITHIN = Duration.ofSeconds(120);

    @Inject
    AgroalDataSource dataSource;

    private static void push(long id, boolean addMissingSenders) {
        given().contentType(ContentType.JSON).body(Map.of("environment", "test", "addMissingSenders", addMissingSenders))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
    }

    private static void control(long id, String action, String expectedStatus) {
        given().when().post("/api/jobs/" + id + "/runs/test/" + action)
                .then().statusCode(202).body("status", equalTo(expectedStatus));
    }

    @Test
    void oneUserTalkJsRefusesDoesNotSinkTheOther99() throws Exception {
        BundleBuilder bundle = BundleBuilder.create();
        for (int i = 0; i < 100; i++) {
            bundle.user(String.format("u%03d", i), "User " + i);
        }
        bundle.conversation("c1", "u000", "u001").message("c1", "u000", T0, "hi");
        long id = Jobs.uploadAndValidate("hundred.zip", bundle.toBytes()).getLong("id");
        // Staging accepts only valid users, so make one invalid the way only TalkJS would notice: a wrong type.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE staged_user SET payload = '{\"name\": 42}' WHERE job_id = ? AND user_id = 'u050'")) {
            update.setLong(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        push(id, false);
        JsonPath run = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getLong("progress.users.done")).isEqualTo(99);
        assertThat(run.getLong("progress.users.failed")).isEqualTo(1);
        assertThat(run.getLong("progress.messages.done")).isEqualTo(1);
        assertThat(testApp().users()).hasSize(99).doesNotContainKey("u050");

        JsonPath failures = given().when().get("/api/jobs/" + id + "/runs/test/failures")
                .then().statusCode(200).extract().jsonPath();
        assertThat(failures.getInt("total")).isEqualTo(1);
        assertThat(failures.getString("items[0].kind")).isEqualTo("users");
        assertThat(failures.getString("items[0].itemId")).isEqualTo("u050");
        assertThat(failures.getString("items[0].reason")).contains("400");

        String page = given().when().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("id=\"failures-test\"").contains("<code>u050</code>").contains("Retry 1 failed item");

        List<JournalEntry> batches = testApp().journal().entries(0, "USERS_BATCH_PUT", 1000);
        assertThat(batches).allSatisfy(call -> assertThat(call.itemCount()).isLessThanOrEqualTo(100));
        assertThat(batches.get(0).status()).isEqualTo(400);

        // The operator fixes the data; "retry failed" delivers the one user and nothing else again.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE staged_user SET payload = '{\"name\": \"User 50\"}' WHERE job_id = ? AND user_id = 'u050'")) {
            update.setLong(1, id);
            update.executeUpdate();
        }
        long importsBefore = testApp().journal().counters().callsByRouteAndStatus().getOrDefault("IMPORT 200", 0L);
        control(id, "retry-failed", "QUEUED");
        JsonPath retried = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(retried.getString("status")).as(retried.prettify()).isEqualTo("SUCCEEDED");
        assertThat(testApp().users()).hasSize(100);
        assertThat(testApp().journal().counters().callsByRouteAndStatus().getOrDefault("IMPORT 200", 0L))
                .as("the delivered message is not imported again").isEqualTo(importsBefore);
        assertThat(SandboxContents.messageCount(testApp())).isEqualTo(1);
    }

    private static byte[] strangerBundle() {
        return BundleBuilder.create()
                .user("u1", "Alice").user("u2", "Bob").user("u3", "Carol")
                .conversation("c1", "u1", "u2")
                .message("c1", "u1", T0, "Members only")
                .message("c1", "u3", T0 + 1_000, "I am not in here")
                .toBytes();
    }

    @Test
    void aNonParticipantSenderStaysExcludedUnlessTheJobAddsMissingSenders() {
        long excluded = Jobs.uploadAndValidate("stranger.zip", strangerBundle()).getLong("id");
        given().queryParam("code", "SENDER_NOT_PARTICIPANT").when().get("/api/jobs/" + excluded + "/issues")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].line", equalTo(2));
        push(excluded, false);
        assertThat(Jobs.awaitRun(excluded, "test", WITHIN, "SUCCEEDED", "FAILED").getString("status"))
                .isEqualTo("SUCCEEDED");
        assertThat(SandboxContents.messages(testApp()).get("c1")).extracting(SandboxContents.Msg::sender)
                .containsExactly("u1");
        assertThat(testApp().conversation("c1").isParticipant("u3")).isFalse();

        sandbox.resetAll();
        long added = Jobs.uploadAndValidate("stranger-added.zip", strangerBundle()).getLong("id");
        push(added, true);
        JsonPath run = Jobs.awaitRun(added, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getLong("progress.messages.done")).isEqualTo(2);
        assertThat(SandboxContents.messages(testApp()).get("c1")).extracting(SandboxContents.Msg::sender)
                .containsExactly("u1", "u3");
        assertThat(testApp().conversation("c1").isParticipant("u3")).isTrue();
    }

    private static byte[] manyConversations(int conversations, int perConversation) {
        BundleBuilder bundle = BundleBuilder.create().user("a", "Ann").user("b", "Ben");
        for (int c = 0; c < conversations; c++) {
            bundle.conversation("c" + c, "a", "b");
            for (int m = 0; m < perConversation; m++) {
                bundle.message("c" + c, m % 2 == 0 ? "a" : "b", T0 + m * 1000L, "message " + m + " of c" + c);
            }
        }
        return bundle.toBytes();
    }

    /** Tasks of the job's runs still leased by some worker. */
    private long leased(long jobId) {
        return new Db(dataSource).count("SELECT count(*) FROM delivery_task t JOIN run r ON r.id = t.run_id"
                + " WHERE r.job_id = " + jobId + " AND t.lease_owner IS NOT NULL");
    }

    private long delivered() {
        return SandboxContents.messageCount(testApp());
    }

    @Test
    void pauseStopsDeliveryAndResumeFinishesIt() throws Exception {
        long id = Jobs.uploadAndValidate("pause.zip", manyConversations(40, 25)).getLong("id");
        testApp().faults().configure(new io.talkport.sandbox.ops.FaultSettings(0, 0, 0, 1, 0, 40, null), List.of());
        push(id, false);
        await().atMost(WITHIN).until(() -> delivered() >= 50);
        control(id, "pause", "PAUSED");
        Thread.sleep(1500); // batches already on the wire may land
        long afterPause = delivered();
        Thread.sleep(2000);
        assertThat(delivered()).as("nothing is sent while paused").isEqualTo(afterPause);
        assertThat(leased(id)).as("workers gave their tasks back: a resume starts at once, not after a lease").isZero();
        assertThat(afterPause).isLessThan(1000);

        control(id, "resume", "RUNNING");
        JsonPath run = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(delivered()).isEqualTo(1000);
    }

    @Test
    void cancelStopsAndPushingAgainResumesWithoutSendingAnythingTwice() throws Exception {
        long id = Jobs.uploadAndValidate("cancel.zip", manyConversations(30, 20)).getLong("id");
        testApp().faults().configure(new io.talkport.sandbox.ops.FaultSettings(0, 0, 0, 1, 0, 40, null), List.of());
        push(id, false);
        await().atMost(WITHIN).until(() -> delivered() >= 50);
        control(id, "cancel", "CANCELLED");
        Thread.sleep(1500);
        long afterCancel = delivered();
        Thread.sleep(1500);
        assertThat(delivered()).isEqualTo(afterCancel).isLessThan(600);
        assertThat(leased(id)).as("workers gave their tasks back: pushing again starts at once").isZero();
        given().when().post("/api/jobs/" + id + "/runs/test/resume").then().statusCode(409);

        push(id, false);
        JsonPath run = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(delivered()).as("every message exactly once").isEqualTo(600);
        for (List<SandboxContents.Msg> messages : SandboxContents.messages(testApp()).values()) {
            assertThat(messages).doesNotHaveDuplicates();
        }
    }
}
