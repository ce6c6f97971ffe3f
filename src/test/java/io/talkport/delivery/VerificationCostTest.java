package io.talkport.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.ops.FaultKind;
import io.talkport.sandbox.ops.FaultRule;
import io.talkport.testsupport.SandboxedTest;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.SandboxContents;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verification reads back only what the ledger cannot vouch for, ten conversations per call of the batch endpoint,
 * and pages on through the general listing only past a conversation's first page (issue 15, Speed and cost).
 */
@QuarkusTest
class VerificationCostTest extends SandboxedTest {

    private static final long T0 = 1_710_000_000_000L;

    @Inject
    MeterRegistry metrics;

    /** {@code conversations} conversations of {@code messages} messages each between two users. */
    private static byte[] bundle(String prefix, int conversations, int messages) {
        BundleBuilder bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob");
        for (int c = 0; c < conversations; c++) {
            bundle.conversation(prefix + c, "u1", "u2");
            for (int m = 0; m < messages; m++) {
                bundle.message(prefix + c, m % 2 == 0 ? "u1" : "u2", T0 + c * 10_000L + m, "m" + m + " of " + c);
            }
        }
        return bundle.toBytes();
    }

    private JsonPath push(String name, byte[] bundle) {
        long id = Jobs.uploadAndValidate(name, bundle).getLong("id");
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        return Jobs.awaitRun(id, "test", Duration.ofSeconds(90), "SUCCEEDED", "FAILED");
    }

    @Test
    void aCleanPushIsVouchedForByTheLedgerAndReadsNothingBack() {
        double readsBefore = batchReads();

        JsonPath run = push("clean.zip", bundle("c", 24, 3));

        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getBoolean("verified")).isTrue();
        assertThat(run.getString("verification")).contains("Checked 25 user batches and conversations "
                + "(0 read back from TalkJS, 25 vouched for");
        assertThat(calls("MESSAGES_LIST")).as("no message listing: the plan saw an empty app, the push was clean")
                .isZero();
        assertThat(calls("USER_GET")).as("users are vouched for by the batch PUT's answer").isZero();
        assertThat(batchReads() - readsBefore).isZero();
        assertThat(SandboxContents.messageCount(testApp())).isEqualTo(72);
    }

    @Test
    void conversationsWithAnUnknownOutcomeAreReadBackTogetherThroughTheBatchEndpoint() {
        // Two imports are stored, then answered 500: their conversations are reconciled during the push, so the
        // ledger cannot vouch for them; verification reads exactly those two, in one batch call.
        testApp().faults().addScript(new FaultRule("IMPORT", FaultKind.STORED_THEN_500, 3, 1, null));
        testApp().faults().addScript(new FaultRule("IMPORT", FaultKind.STORED_THEN_500, 9, 1, null));
        double readsBefore = batchReads();

        JsonPath run = push("unknown.zip", bundle("u", 24, 3));

        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getString("verification")).contains("(2 read back from TalkJS, 23 vouched for");
        assertThat(batchReads() - readsBefore).as("conversations read through the batch endpoint").isEqualTo(2);
        assertThat(SandboxContents.messageCount(testApp())).as("each message once").isEqualTo(72);
    }

    @Test
    void aConversationLongerThanAPageIsReadOnPastItsFirstPage() {
        // 250 messages: 25 import calls, the first stored then answered 500; its read-back is the first page of 100
        // through the batch endpoint, then two pages through the general listing (100 and 50).
        testApp().faults().addScript(new FaultRule("IMPORT", FaultKind.STORED_THEN_500, 0, 1, null));
        double readsBefore = batchReads();

        JsonPath run = push("long.zip", bundle("l", 1, 250));
        long listings = calls("MESSAGES_LIST");

        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getString("verification")).contains("(1 read back from TalkJS, 1 vouched for");
        assertThat(batchReads() - readsBefore).isEqualTo(1);
        assertThat(SandboxContents.messageCount(testApp())).isEqualTo(250);
        // The reconciliation of the first batch lists the conversation too (one page: it held 10 messages then).
        assertThat(listings).as("one page to reconcile, two to read past the first page").isEqualTo(3);
    }

    private double batchReads() {
        return metrics.find("talkport.verification.batch_reads").counters().stream().mapToDouble(c -> c.count())
                .sum();
    }

    private long calls(String route) {
        return testApp().journal().counters().callsByRouteAndStatus().entrySet().stream()
                .filter(e -> e.getKey().startsWith(route + " ")).mapToLong(Map.Entry::getValue).sum();
    }
}
