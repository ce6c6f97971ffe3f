package io.talkport.delivery;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.Jobs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures that are not TalkJS's (a local bug, a constraint the database enforces) fail their item at once with a
 * reason a user can read, and the rest of the run is delivered: they were retried for ever, the run RUNNING without
 * a result. One that concerns the run (it cannot even be planned) fails the run at once.
 */
@QuarkusTest
class LocalFailuresTest {

    private static final long T0 = 1_650_000_000_000L;

    @Inject
    TalkJsSandbox sandbox;
    @Inject
    AgroalDataSource dataSource;

    private Db db;

    @BeforeEach
    void setUp() {
        sandbox.resetAll();
        db = new Db(dataSource);
    }

    @AfterEach
    void dropTraps() {
        db.update("DROP TRIGGER IF EXISTS refuse_batch ON delivery_batch");
        db.update("DROP TRIGGER IF EXISTS refuse_task ON delivery_task");
        db.update("DROP FUNCTION IF EXISTS refuse_for_test()");
        sandbox.resetAll();
    }

    /** Three conversations of 11 messages each (more than one import call: none is grouped with another). */
    private static byte[] bundle(String... conversations) {
        BundleBuilder bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob");
        for (String conversation : conversations) {
            bundle.conversation(conversation, "u1", "u2");
            for (int i = 0; i < 11; i++) {
                bundle.message(conversation, i % 2 == 0 ? "u1" : "u2", T0 + i, conversation + " #" + i);
            }
        }
        return bundle.toBytes();
    }

    /** A trigger that refuses rows whose {@code column} is {@code value}, as a CHECK constraint would. */
    private void refuse(String table, String trigger, String column, String value) {
        db.update("""
                CREATE OR REPLACE FUNCTION refuse_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.%s = '%s' THEN
                        RAISE EXCEPTION 'new row violates check constraint "no_%s"' USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(column, value, table));
        db.update("CREATE TRIGGER " + trigger + " BEFORE INSERT ON " + table
                + " FOR EACH ROW EXECUTE FUNCTION refuse_for_test()");
    }

    private static void push(long id) {
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
    }

    @Test
    void aLocalBugAndADatabaseConstraintFailTheirConversationsAtOnceAndTheRestArrives() {
        long id = Jobs.uploadAndValidate("local.zip", bundle("c-ok", "c-bug", "c-refused")).getLong("id");
        // A local bug: a staged custom value the payload code cannot read (validation never writes this).
        db.update("UPDATE staged_message SET custom = '{\"k\": {\"nested\": 1}}' WHERE job_id = " + id
                + " AND conversation_id = 'c-bug' AND line = 12");
        refuse("delivery_batch", "refuse_batch", "conversation_id", "c-refused");

        push(id);
        JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(30), "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("FAILED");
        assertThat(run.getString("error")).isEqualTo("2 items could not be delivered; see the failed items and "
                + "retry them.");
        // c-ok whole, c-bug without its one unreadable message; c-refused's ledger could not be written.
        assertThat(run.getLong("progress.messages.done")).isEqualTo(21);

        JsonPath failures = given().when().get("/api/jobs/" + id + "/runs/test/failures").then().statusCode(200)
                .extract().jsonPath();
        assertThat(failures.getList("items.itemId")).containsExactlyInAnyOrder("messages line 12", "c-refused");
        String bug = failures.getString("items.find { it.itemId == 'messages line 12' }.reason");
        String refused = failures.getString("items.find { it.itemId == 'c-refused' }.reason");
        assertThat(bug).startsWith("Talkport met an internal error (").contains("not a TalkJS problem")
                .doesNotContain("Exception").doesNotContain("com.fasterxml");
        assertThat(refused).contains("The database refused Talkport's write (SQLSTATE 23514")
                .contains("no_delivery_batch").doesNotContain("Exception");

        assertThat(texts("c-ok")).hasSize(11);
        assertThat(texts("c-bug")).hasSize(10).doesNotContain("c-bug #0");
        assertThat(texts("c-refused")).isEmpty();

        String page = given().when().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("2 items could not be delivered");
    }

    private List<String> texts(String conversation) {
        var found = sandbox.app("sandbox-test").conversations().get(conversation);
        return found == null ? List.of() : found.allMessages().stream().map(SandboxMessage::text).toList();
    }

    @Test
    void aGroupOfSmallConversationsThatFailsOnALocalFaultBlamesOnlyTheConversationAtFault() {
        BundleBuilder bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob");
        for (String conversation : List.of("s1", "s2", "s3", "s4")) {
            bundle.conversation(conversation, "u1", "u2").message(conversation, "u1", T0, conversation + " hi");
        }
        long id = Jobs.uploadAndValidate("grouped.zip", bundle.toBytes()).getLong("id");
        // The group's shared transaction plans every member's batch: s3's refusal fails it as a whole.
        refuse("delivery_batch", "refuse_batch", "conversation_id", "s3");

        push(id);
        JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(30), "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("FAILED");
        assertThat(given().when().get("/api/jobs/" + id + "/runs/test/failures").then().statusCode(200).extract()
                .jsonPath().getList("items.itemId")).containsExactly("s3");
        assertThat(texts("s1")).containsExactly("s1 hi");
        assertThat(texts("s2")).containsExactly("s2 hi");
        assertThat(texts("s4")).containsExactly("s4 hi");
        assertThat(texts("s3")).isEmpty();
    }

    @Test
    void aRunThatCannotBePlannedFailsAtOnceWithTheReason() {
        long id = Jobs.uploadAndValidate("unplannable.zip", bundle("c-fine", "c-unplannable")).getLong("id");
        refuse("delivery_task", "refuse_task", "ref", "c-unplannable");

        push(id);
        JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(30), "SUCCEEDED", "FAILED", "RUNNING");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("FAILED");
        assertThat(run.getString("error")).startsWith("The run could not be planned: The database refused "
                + "Talkport's write (SQLSTATE 23514");
        assertThat(sandbox.app("sandbox-test").users()).isEmpty();
        assertThat(given().when().get("/jobs/" + id).then().statusCode(200).extract().asString())
                .contains("The run could not be planned");
    }
}
