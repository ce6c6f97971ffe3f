package io.talkport.delivery;

import io.micrometer.core.instrument.MeterRegistry;
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
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Small conversations are delivered several at a time ({@link ConversationGroups}), each exactly once. */
@QuarkusTest
class ConversationGroupsTest extends SandboxedTest {

    private static final long T0 = 1_660_000_000_000L;
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final int SMALL = 40;

    @Inject
    MeterRegistry metrics;

    /** {@value #SMALL} conversations of 1-5 messages and one of 25 (three import calls), between three users. */
    private static BundleBuilder bundle(Map<String, List<Msg>> expected) {
        return bundle(expected, true);
    }

    /** {@value #SMALL} conversations of 1-5 messages, and with {@code big} one of 25, between three users. */
    private static BundleBuilder bundle(Map<String, List<Msg>> expected, boolean big) {
        BundleBuilder bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob").user("u3", "Carol");
        for (int c = 0; c < SMALL; c++) {
            addConversation(bundle, expected, "s" + c, 1 + c % 5, c);
        }
        if (big) {
            addConversation(bundle, expected, "big", 25, SMALL);
        }
        return bundle;
    }

    private static void addConversation(BundleBuilder bundle, Map<String, List<Msg>> expected, String id, int messages,
                                        int offset) {
        String other = offset % 2 == 0 ? "u2" : "u3";
        bundle.conversation(id, "u1", other);
        List<Msg> sent = new ArrayList<>();
        for (int m = 0; m < messages; m++) {
            String sender = m % 2 == 0 ? "u1" : other;
            long ts = T0 + offset * 1_000L + m;
            bundle.message(id, sender, ts, "m" + m + " of " + id);
            sent.add(new Msg(sender, ts, "m" + m + " of " + id, List.of(), Map.of()));
        }
        expected.put(id, SandboxContents.sorted(sent));
    }

    private static long pushed(String name, byte[] bundle) {
        JsonPath job = Jobs.uploadAndValidate(name, bundle);
        assertThat(job.getString("status")).isEqualTo("READY");
        long id = job.getLong("id");
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs")
                .then().statusCode(202);
        return id;
    }

    private double counter(String name) {
        return metrics.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private long calls(String routeAndStatus) {
        return testApp().journal().counters().callsByRouteAndStatus().getOrDefault(routeAndStatus, 0L);
    }

    @Test
    void smallConversationsAreImportedInGroupsEachExactlyOnce() {
        Map<String, List<Msg>> expected = new HashMap<>();
        double groupsBefore = counter("talkport.delivery.conversation_groups");
        long id = pushed("groups.zip", bundle(expected).toBytes());

        JsonPath run = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(SandboxContents.messages(testApp())).isEqualTo(expected);
        assertThat(calls("IMPORT 200")).as("one import call per small conversation, three for the big one")
                .isEqualTo(SMALL + 3);
        List<JournalEntry> batches = testApp().journal().entries(0, "BATCH", 1000);
        assertThat(batches.stream().mapToInt(JournalEntry::itemCount).sum())
                .as("each conversation created once").isEqualTo(SMALL + 1);
        double groups = counter("talkport.delivery.conversation_groups") - groupsBefore;
        assertThat(groups).as("%d small conversations went in groups of several", SMALL).isBetween(1.0, SMALL / 2.0);
    }

    @Test
    void aRefusedImportFailsItsConversationAloneAndRetryingDeliversIt() {
        // The third import call of the run is refused (400): that conversation's messages fail, no other. Small
        // conversations only, so that the refused call is one of a group's (with the big conversation in the bundle,
        // the third call could be one of its batches, whichever worker gets there first).
        testApp().faults().addScript(new FaultRule("IMPORT", FaultKind.ERROR_400, 2, 1, null));
        Map<String, List<Msg>> expected = new HashMap<>();
        long id = pushed("refused.zip", bundle(expected, false).toBytes());

        JsonPath run = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).isEqualTo("FAILED");
        List<Map<String, Object>> failures = given().when().get("/api/jobs/" + id + "/runs/test/failures")
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(failures).isNotEmpty().allSatisfy(f -> assertThat(f.get("reason").toString()).contains("400"));
        Map<String, List<Msg>> stored = SandboxContents.messages(testApp());
        List<String> missing = expected.keySet().stream().filter(c -> stored.get(c).isEmpty()).toList();
        assertThat(missing).as("exactly one conversation's import was refused").hasSize(1);
        assertThat(failures).hasSize(expected.get(missing.get(0)).size());
        expected.keySet().stream().filter(c -> !missing.contains(c))
                .forEach(c -> assertThat(stored.get(c)).as(c).isEqualTo(expected.get(c)));

        given().contentType(ContentType.JSON).when().post("/api/jobs/" + id + "/runs/test/retry-failed")
                .then().statusCode(202).body("status", equalTo("QUEUED"));
        JsonPath retried = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(retried.getString("status")).as(retried.prettify()).isEqualTo("SUCCEEDED");
        assertThat(SandboxContents.messages(testApp())).isEqualTo(expected);
    }

    @Test
    void unknownOutcomesInsideAGroupAreReconciledAndTheRestIsSentOnce() {
        // Imports 4 and 9 are stored and then answered 500; import 6 fails with 500 and stores nothing. A group that
        // stops at one of them leaves its unsent conversations to be sent again, and nothing is sent twice.
        testApp().faults().addScript(new FaultRule("IMPORT", FaultKind.STORED_THEN_500, 3, 1, null));
        testApp().faults().addScript(new FaultRule("IMPORT", FaultKind.ERROR_500, 5, 1, null));
        testApp().faults().addScript(new FaultRule("IMPORT", FaultKind.STORED_THEN_500, 8, 1, null));
        Map<String, List<Msg>> expected = new HashMap<>();
        long id = pushed("unknown.zip", bundle(expected).toBytes());

        JsonPath run = Jobs.awaitRun(id, "test", WITHIN, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(testApp().journal().counters().injected5xx()).isEqualTo(3);
        assertThat(SandboxContents.messages(testApp())).isEqualTo(expected);
    }
}
