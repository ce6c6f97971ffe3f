package io.talkport.delivery;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.delivery.ledger.BatchState;
import io.talkport.delivery.ledger.MessageBatches;
import io.talkport.delivery.ledger.Sql;
import io.talkport.delivery.ledger.Task;
import io.talkport.talkjs.TalkJsEnvironment;
import io.talkport.testsupport.SandboxedTest;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.SandboxContents;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's writes change a batch only as {@link BatchState} allows, whatever a racing worker did first; and a
 * retried batch that may have reached TalkJS is reconciled by read-back, never sent blindly.
 */
@QuarkusTest
class LedgerTransitionsTest extends SandboxedTest {

    private static final long T0 = 1_700_000_000_000L;

    @Inject
    AgroalDataSource dataSource;

    private static byte[] bundle(String conversation, int messages) {
        BundleBuilder bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob")
                .conversation(conversation, "u1", "u2");
        for (int m = 0; m < messages; m++) {
            bundle.message(conversation, m % 2 == 0 ? "u1" : "u2", T0 + m, "m" + m);
        }
        return bundle.toBytes();
    }

    @Test
    void writesThatTheStatesDoNotAllowChangeNothing() {
        long jobId = pushedToTest("guards.zip", bundle("g", 4));
        long runId = runId(jobId);
        assertThat(batchStates(runId)).containsExactly("DELIVERED");

        Task task = new Task(0, runId, jobId, TalkJsEnvironment.TEST, Task.Kind.CONVERSATION, "g", true, 1, false, 4,
                "nobody");
        MessageBatches.Batch batch = new MessageBatches.Batch(0, new long[0], BatchState.DELIVERED, 1);
        Sql.inTransaction(dataSource, connection -> {
            MessageBatches.putInFlight(connection, List.of(new MessageBatches.Member(task, batch)));
            MessageBatches.markFailed(connection, task, batch, List.of(), "a late refusal");
            MessageBatches.markDelivered(connection, task, 0, 0);
            return null;
        });
        assertThat(batchStates(runId)).as("a DELIVERED batch is final").containsExactly("DELIVERED");
        assertThat(count("SELECT count(*) FROM app_record_message WHERE job_id = ?", jobId)).as("recorded once, not again by a second DELIVERED mark")
                .isEqualTo(4);
    }

    @Test
    void aFailedBatchThatMayHaveReachedTalkJsIsReconciledOnRetryNotSentAgain() {
        // A worker's import is answered after its lease ran out, and another worker had failed the batch meanwhile,
        // and the first crashed before recording it: the batch is FAILED, its messages are in TalkJS.
        long jobId = pushedToTest("late.zip", bundle("late", 6));
        long runId = runId(jobId);
        Sql.inTransaction(dataSource, connection -> {
            Sql.update(connection, "UPDATE delivery_batch SET state = 'FAILED', error = 'no clear answer' "
                    + "WHERE run_id = ?", runId);
            Sql.update(connection, "UPDATE delivery_task SET items_done = 0, items_failed = 6 WHERE run_id = ? "
                    + "AND kind = 'CONVERSATION'", runId);
            Sql.update(connection, "INSERT INTO delivery_failure (run_id, kind, item_id, reason) "
                    + "VALUES (?, 'messages', 'late', 'no clear answer')", runId);
            return Sql.update(connection, "UPDATE run SET status = 'FAILED' WHERE id = ?", runId);
        });
        long importsBefore = calls("IMPORT ");

        given().contentType(ContentType.JSON).when().post("/api/jobs/" + jobId + "/runs/test/retry-failed")
                .then().statusCode(202);
        JsonPath retried = Jobs.awaitRun(jobId, "test", Duration.ofSeconds(90), "SUCCEEDED", "FAILED");

        assertThat(retried.getString("status")).as(retried.prettify()).isEqualTo("SUCCEEDED");
        assertThat(SandboxContents.messageCount(testApp())).as("each message once").isEqualTo(6);
        assertThat(calls("IMPORT ") - importsBefore).as("no import call").isZero();
        assertThat(batchStates(runId)).containsExactly("DELIVERED");
    }

    /** Uploads the bundle, pushes it to test and waits for the run to succeed; returns the job's id. */
    private static long pushedToTest(String name, byte[] bundle) {
        long jobId = Jobs.uploadAndValidate(name, bundle).getLong("id");
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + jobId + "/runs").then().statusCode(202);
        Jobs.awaitRun(jobId, "test", Duration.ofSeconds(90), "SUCCEEDED");
        return jobId;
    }

    private long calls(String route) {
        return testApp().journal().counters().callsByRouteAndStatus().entrySet().stream()
                .filter(e -> e.getKey().startsWith(route)).mapToLong(Map.Entry::getValue).sum();
    }

    private long runId(long jobId) {
        return count("SELECT id FROM run WHERE job_id = ? AND environment = 'TEST'", jobId);
    }

    private List<String> batchStates(long runId) {
        return Sql.inTransaction(dataSource, connection -> {
            List<String> states = new ArrayList<>();
            try (PreparedStatement statement = Sql.prepare(connection,
                    "SELECT state FROM delivery_batch WHERE run_id = ? ORDER BY batch_no", runId);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    states.add(rows.getString(1));
                }
            }
            return states;
        });
    }

    private long count(String sql, long parameter) {
        return Sql.inTransaction(dataSource, connection -> {
            try (PreparedStatement statement = Sql.prepare(connection, sql, parameter);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
