package io.talkport.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.talkjs.ImportMessage;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsEnvironment;
import io.talkport.testsupport.SandboxedTest;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.SandboxContents;
import io.talkport.testsupport.SandboxContents.Msg;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * Exactly once against what TalkJS already holds (issue 15): the app's record spans jobs, every run is planned against
 * the app, and the run sends only what the app lacks. Every count is read from the sandbox app.
 */
@QuarkusTest
class AppRecordTest extends SandboxedTest {

    private static final long T0 = 1_660_000_000_000L;
    private static final Duration WITHIN = Duration.ofSeconds(90);

    @Inject
    TalkJsClient client;

    @Inject
    ObjectMapper mapper;

    /** Conversations r1 (messages 0..n-1 of a fixed series, an identical pair among them) and r2 (two messages). */
    private static BundleBuilder bundle(int from, int to, boolean withSecond) {
        BundleBuilder bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob").user("u3", "Carol")
                .conversation("r1", "u1", "u2");
        for (int i = from; i < to; i++) {
            bundle.message("r1", sender(i), T0 + (i == 3 ? 2 : i) * 1_000L, text(i));
        }
        if (withSecond) {
            bundle.conversation("r2", "u2", "u3")
                    .message("r2", "u2", T0 + 50_000, "Second conversation")
                    .message("r2", "u3", T0 + 51_000, "Reply");
        }
        return bundle;
    }

    private static String sender(int i) {
        return i % 2 == 0 || i == 3 ? "u1" : "u2";
    }

    /** Message 3 repeats message 2 exactly (same sender, time and text): a bundle may hold such a pair. */
    private static String text(int i) {
        return i == 3 ? text(2) : "Message " + i;
    }

    private static List<Msg> series(int from, int to) {
        List<Msg> messages = new ArrayList<>();
        for (int i = from; i < to; i++) {
            messages.add(new Msg(sender(i), T0 + (i == 3 ? 2 : i) * 1_000L, text(i), List.of(),
                    Map.of()));
        }
        return SandboxContents.sorted(messages);
    }

    private static List<Msg> second() {
        return List.of(new Msg("u2", T0 + 50_000, "Second conversation", List.of(), Map.of()),
                new Msg("u3", T0 + 51_000, "Reply", List.of(), Map.of()));
    }

    private static long ready(String name, BundleBuilder bundle) {
        JsonPath job = Jobs.uploadAndValidate(name, bundle.toBytes());
        assertThat(job.getString("status")).isEqualTo("READY");
        return job.getLong("id");
    }

    private static JsonPath pushAndAwait(long id) {
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        JsonPath run = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        return run;
    }

    /** Promotes the job (its name typed) and waits for the live run to succeed. */
    private static JsonPath promoteAndAwait(long id, String name) {
        given().contentType(ContentType.JSON).body(Map.of("confirm", name))
                .when().post("/api/jobs/" + id + "/promote").then().statusCode(202);
        JsonPath live = Jobs.awaitRun(id, "live", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(live.getString("status")).as(live.prettify()).isEqualTo("SUCCEEDED");
        return live;
    }

    private static JsonPath plan(long id) {
        return given().when().get("/api/jobs/" + id + "/plan?environment=test").then().statusCode(200)
                .extract().jsonPath();
    }

    private long imports() {
        return testApp().journal().counters().callsByRouteAndStatus().getOrDefault("IMPORT 200", 0L);
    }

    @Test
    void importWhatIsMissingPushesWithTheRunsChoiceOfAddingMissingSenders() {
        long id = ready("record-senders.zip", bundle(0, 4, false));
        String carried = "name=\"addMissingSenders\" value=\"on\"";
        assertThat(planPage(id)).contains("id=\"plan-confirm\"").doesNotContain(carried);
        given().contentType(ContentType.JSON).body(Map.of("environment", "test", "addMissingSenders", true))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(planPage(id)).as("the form pushes again as the run did").contains(carried);
    }

    private static String planPage(long id) {
        return given().when().get("/jobs/" + id + "/plan?environment=test").then().statusCode(200).extract().asString();
    }

    @Test
    void aSecondJobOfManyConversationsCreatedTenAtATimeReadsNoneOfThemBack() {
        // Created through the batch endpoint in bursts: the sandbox stamps each a millisecond apart, so its createdAt
        // runs a little ahead of the database's clock, as a real TalkJS's may (DeliveryPlanner.Vouch.CLOCK_SKEW_MILLIS).
        BundleBuilder bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob");
        for (int c = 0; c < 100; c++) {
            bundle.conversation("burst-" + c, "u1", "u2");
            for (int m = 0; m < 12; m++) {
                bundle.message("burst-" + c, sender(m), T0 + m * 1_000L + c, text(m));
            }
        }
        pushAndAwait(ready("record-burst-1.zip", bundle));
        JsonPath preview = plan(ready("record-burst-2.zip", bundle));
        assertThat(preview.getLong("alreadyPresent")).isEqualTo(1_200);
        assertThat(preview.getInt("readBacks")).as("the record vouches for every conversation it wrote").isZero();
        assertThat(preview.getInt("readCalls")).isZero();
    }

    @Test
    void theSameBundleTwiceSendsNothingTheSecondTimeAndSucceeds() {
        long first = ready("record-first.zip", bundle(0, 6, true));
        assertThat(plan(first).getLong("newMessages")).isEqualTo(8);
        assertThat(given().when().get("/jobs/" + first).then().statusCode(200).extract().asString())
                .contains("Check against TalkJS").contains("Remove this job's test import");
        pushAndAwait(first);
        long importsAfterFirst = imports();

        long second = ready("record-second.zip", bundle(0, 6, true));
        JsonPath preview = plan(second);
        assertThat(preview.getLong("newMessages")).isZero();
        assertThat(preview.getLong("alreadyPresent")).isEqualTo(8);
        assertThat(preview.getInt("readBacks")).as("the record vouches for both conversations").isZero();

        String page = given().header("HX-Request", "true").when().get("/jobs/" + second + "/plan?environment=test")
                .then().statusCode(200).extract().asString();
        assertThat(page).contains("Push 0 new messages in 0 conversations").contains("8 already in the test app")
                .contains("id=\"plan-confirm\"").doesNotContain("<html");

        JsonPath run = pushAndAwait(second);
        assertThat(run.getLong("progress.messages.done")).isZero();
        assertThat(given().when().get("/jobs/" + second).then().statusCode(200).extract().asString())
                .contains("Nothing to send: all 8 messages were in the test app already, so none was sent again.")
                .contains("read-back included; no message sent").doesNotContain("bar-test-messages");
        assertThat(run.getLong("plan.alreadyPresent")).isEqualTo(8);
        assertThat(run.getString("verification")).contains("8 messages already present");
        assertThat(imports()).as("no import call at all").isEqualTo(importsAfterFirst);
        assertThat(SandboxContents.messages(testApp())).isEqualTo(Map.of("r1", series(0, 6), "r2", second()));

        // Promoted in turn: the second job's live run finds everything the first one took there.
        promoteAndAwait(first, "record-first.zip");
        JsonPath live = promoteAndAwait(second, "record-second.zip");
        assertThat(live.getLong("progress.messages.done")).isZero();
        assertThat(live.getLong("plan.alreadyPresent")).isEqualTo(8);
        assertThat(SandboxContents.messages(liveApp())).isEqualTo(Map.of("r1", series(0, 6), "r2", second()));
    }

    @Test
    void anOverlappingBundleAddsOnlyWhatIsMissingAndVerificationNamesTheOtherJob() {
        long bulk = ready("record-bulk.zip", bundle(0, 5, false));
        pushAndAwait(bulk);
        long delta = ready("record-delta.zip", bundle(2, 9, true));

        JsonPath run = pushAndAwait(delta);
        assertThat(run.getLong("plan.alreadyPresent")).as("messages 2, 3 (the identical pair) and 4").isEqualTo(3);
        assertThat(run.getLong("progress.messages.total")).isEqualTo(6);
        assertThat(run.getLong("progress.messages.done")).isEqualTo(6);
        assertThat(run.getString("verification"))
                .contains("2 messages this job did not send are kept (2 from Talkport job \"record-bulk.zip\")");
        assertThat(SandboxContents.messages(testApp())).as("the union, each message once")
                .isEqualTo(Map.of("r1", series(0, 9), "r2", second()));

        // The cutover workflow: only the delta job goes live after the bulk one; live holds the union, once.
        promoteAndAwait(bulk, "record-bulk.zip");
        JsonPath live = promoteAndAwait(delta, "record-delta.zip");
        assertThat(live.getLong("plan.alreadyPresent")).isEqualTo(3);
        assertThat(SandboxContents.messages(liveApp())).as("live: the union, each message once")
                .isEqualTo(Map.of("r1", series(0, 9), "r2", second()));
    }

    @Test
    void messagesPutThereByAnotherClientAreDetectedKeptAndNotDuplicated() {
        // Another tool imported two messages into r1 beforehand: one the bundle holds too, one it does not.
        ObjectNode alice = mapper.createObjectNode().put("name", "Alice");
        ObjectNode bob = mapper.createObjectNode().put("name", "Bob");
        client.upsertUsers(TalkJsEnvironment.TEST, Map.of("u1", alice, "u2", bob));
        ObjectNode conversation = mapper.createObjectNode();
        conversation.putArray("participants").add("u1").add("u2");
        client.upsertConversation(TalkJsEnvironment.TEST, "r1", conversation);
        client.importMessages(TalkJsEnvironment.TEST, "r1", List.of(
                new ImportMessage("u1", text(0), T0, List.of(), null, null),
                new ImportMessage("u2", "Typed by hand", T0 + 500, List.of(), null, null)));

        long id = ready("record-foreign.zip", bundle(0, 4, false));
        JsonPath preview = plan(id);
        assertThat(given().when().get("/jobs/" + id + "/plan?environment=test").then().statusCode(200).extract()
                .asString()).contains("Push 3 new messages in 1 conversation</strong>")
                .contains("1 conversation holds 1 message that Talkport did not send");
        assertThat(preview.getLong("alreadyPresent")).isEqualTo(1);
        assertThat(preview.getLong("foreignMessages")).isEqualTo(1);
        assertThat(preview.getInt("conversationsWithForeign")).isEqualTo(1);
        assertThat(preview.getInt("readBacks")).as("the record cannot vouch for another tool's conversation")
                .isEqualTo(1);

        JsonPath run = pushAndAwait(id);
        assertThat(run.getLong("progress.messages.done")).isEqualTo(3);
        assertThat(run.getLong("plan.foreignMessages")).isEqualTo(1);
        assertThat(run.getString("verification")).contains("1 from outside Talkport");
        List<Msg> expected = new ArrayList<>(series(0, 4));
        expected.add(new Msg("u2", T0 + 500, "Typed by hand", List.of(), Map.of()));
        assertThat(SandboxContents.messages(testApp())).isEqualTo(Map.of("r1", SandboxContents.sorted(expected)));
    }

    @Test
    void afterAResetPushingAgainRestoresEverythingOnceAndPromoteIsExact() {
        long id = ready("record-reset.zip", bundle(0, 6, true));
        Instant firstEnded = Instant.parse(pushAndAwait(id).getString("finishedAt"));
        sandbox.reset("sandbox-test"); // TalkJS's "Reset all data"
        assertThat(SandboxContents.messageCount(testApp())).isZero();

        assertThat(plan(id).getLong("newMessages")).isEqualTo(8);
        JsonPath again = pushAndAwait(id);
        assertThat(again.getLong("progress.messages.done")).isEqualTo(8);
        assertThat(again.getInt("plan.forgotten")).as("the record forgets what the reset removed").isEqualTo(2);
        assertThat(Instant.parse(again.getString("startedAt"))).as("a new pass has its own start, duration and rate")
                .isAfterOrEqualTo(firstEnded);
        assertThat(SandboxContents.messages(testApp())).isEqualTo(Map.of("r1", series(0, 6), "r2", second()));

        JsonPath nothing = pushAndAwait(id);
        assertThat(nothing.getLong("progress.messages.done")).as("nothing missing: nothing sent").isZero();
        assertThat(SandboxContents.messages(testApp())).isEqualTo(Map.of("r1", series(0, 6), "r2", second()));

        promoteAndAwait(id, "record-reset.zip");
        assertThat(SandboxContents.messages(liveApp())).isEqualTo(Map.of("r1", series(0, 6), "r2", second()));
    }

    @Test
    void theRecordOutlivesTheJobThatWroteIt() {
        long first = ready("record-deleted.zip", bundle(0, 6, true));
        pushAndAwait(first);
        given().when().delete("/api/jobs/" + first).then().statusCode(204);

        long again = ready("record-after-delete.zip", bundle(0, 6, true));
        JsonPath run = pushAndAwait(again);
        assertThat(run.getLong("progress.messages.done")).isZero();
        assertThat(run.getLong("plan.alreadyPresent")).isEqualTo(8);
        assertThat(run.getInt("plan.readBacks")).as("vouched for by the record of the deleted job").isZero();
        assertThat(SandboxContents.messages(testApp())).isEqualTo(Map.of("r1", series(0, 6), "r2", second()));
    }

    @Test
    void removingAJobsTestImportDeletesItsConversationsAndAPushStartsClean() {
        long id = ready("record-remove.zip", bundle(0, 6, true));
        pushAndAwait(id);
        given().contentType(ContentType.JSON).body(Map.of("confirm", "wrong"))
                .when().post("/api/jobs/" + id + "/runs/test/remove-import")
                .then().statusCode(400).body("message", containsString("record-remove.zip"));
        assertThat(SandboxContents.messageCount(testApp())).isEqualTo(8);

        given().contentType(ContentType.JSON).body(Map.of("confirm", "record-remove.zip"))
                .when().post("/api/jobs/" + id + "/runs/test/remove-import")
                .then().statusCode(200).body("conversationsDeleted", org.hamcrest.Matchers.equalTo(2));
        assertThat(SandboxContents.messages(testApp())).isEmpty();
        assertThat(Jobs.get(id).getList("runs")).isEmpty();

        JsonPath run = pushAndAwait(id);
        assertThat(run.getLong("progress.messages.done")).isEqualTo(8);
        assertThat(run.getInt("plan.forgotten")).as("the record forgot them at the removal").isZero();
        assertThat(new TreeMap<>(SandboxContents.messages(testApp())))
                .isEqualTo(Map.of("r1", series(0, 6), "r2", second()));
    }
}
