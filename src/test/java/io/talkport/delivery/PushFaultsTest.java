package io.talkport.delivery;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.sandbox.ops.FaultKind;
import io.talkport.sandbox.ops.FaultRule;
import io.talkport.sandbox.ops.FaultSettings;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.Jobs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures are classified and visible: a local read fault fails its messages at once with the reason (it was retried
 * forever as "TalkJS did not answer"), and a run held up by TalkJS says why on the page and in the API.
 */
@QuarkusTest
class PushFaultsTest {

    private static final long T0 = 1_650_000_000_000L;

    @Inject
    TalkJsSandbox sandbox;
    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    @AfterEach
    void emptySandbox() {
        sandbox.resetAll();
    }

    private static BundleBuilder bundle(String conversation, byte[] photo) {
        return BundleBuilder.create().user("u1", "Alice").user("u2", "Bob").conversation(conversation, "u1", "u2")
                .attachment("attachments/p.png", photo)
                .message(conversation, "u1", T0, "hello")
                .message(conversation, "u2", T0 + 1, "photo", Map.of("attachment", "attachments/p.png"));
    }

    private static void push(long id) {
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
    }

    @Test
    void anAttachmentChangedAfterStagingFailsOnlyItsMessageAndTheRestOfTheCallArrives() throws Exception {
        long id = Jobs.uploadAndValidate("changed.zip", bundle("c-changed", BundleBuilder.PNG).toBytes()).getLong("id");
        byte[] other = BundleBuilder.PNG.clone();
        other[other.length - 1] ^= 1;
        Files.write(archiveOf(id), bundle("c-changed", other).toBytes()); // the stored archive changed after validation

        assertOnlyThePhotoFailed(id, "c-changed", "changed since validation");
    }

    @Test
    void anArchiveGoneAfterStagingFailsOnlyTheMessageWithTheFileAndTheRestArrives() throws Exception {
        long id = Jobs.uploadAndValidate("gone.zip", bundle("c-gone", BundleBuilder.PNG).toBytes()).getLong("id");
        Files.delete(archiveOf(id)); // the file can no longer be read from the staged archive

        assertOnlyThePhotoFailed(id, "c-gone", "the stored archive is gone (deleted or moved since validation)");
    }

    private Path archiveOf(long id) {
        return Path.of(new Db(dataSource).rows("SELECT archive_path FROM job WHERE id = " + id).get(0));
    }

    /** Both messages share one import call: "hello" arrives, "photo" fails alone with the reason, listed. */
    private void assertOnlyThePhotoFailed(long id, String conversation, String reasonPart) {
        push(id);
        JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("FAILED");
        assertThat(run.getString("error")).isEqualTo("1 item could not be delivered; see the failed items and retry them.");
        assertThat(run.getLong("progress.messages.total")).isEqualTo(2);
        assertThat(run.getLong("progress.messages.done")).isEqualTo(1);
        assertThat(run.getLong("progress.messages.failed")).isEqualTo(1);
        assertThat(run.getLong("progress.attachments.failed")).isEqualTo(1);
        assertThat(run.getBoolean("verified")).as(run.prettify()).isTrue();
        JsonPath failures = given().when().get("/api/jobs/" + id + "/runs/test/failures").then().statusCode(200)
                .extract().jsonPath();
        assertThat(failures.getList("items")).hasSize(1);
        assertThat(failures.getString("items[0].kind")).isEqualTo("messages");
        assertThat(failures.getString("items[0].itemId")).isEqualTo("messages line 2");
        assertThat(failures.getString("items[0].reason")).contains(reasonPart).contains("Upload the bundle again");
        assertThat(sandbox.app("sandbox-test").journal().counters().callsByRouteAndStatus())
                .doesNotContainKey("FILES_POST 200");
        List<SandboxMessage> arrived = sandbox.app("sandbox-test").conversations().get(conversation).allMessages();
        assertThat(arrived).extracting(SandboxMessage::text).containsExactly("hello");
        assertThat(given().when().get("/jobs/" + id).then().statusCode(200).extract().asString())
                .contains(reasonPart);
    }

    @Test
    void aRunHeldUpByTalkJsSaysWhyAndWhenItTriesAgainThenFinishes() {
        long id = Jobs.uploadAndValidate("held.zip", bundle("c-held", BundleBuilder.PNG).toBytes()).getLong("id");
        sandbox.app("sandbox-test").faults().configure(FaultSettings.NONE,
                List.of(new FaultRule("*", FaultKind.RATE_429, 0, 4, 3600)));

        push(id);
        // The worker backs off 1, 2, 4 s between the four 429s: the reason stays visible meanwhile.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                Jobs.get(id).getString("runs.find { it.environment == 'test' }.lastError") != null);
        JsonPath job = Jobs.get(id);
        assertThat(job.getString("runs.find { it.environment == 'test' }.lastError"))
                .contains("asked to wait 60 min (Retry-After)").contains("talkjs.rate-limit.max-retry-after");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().when().get("/jobs/" + id).then().statusCode(200).extract().asString()
                        .contains("asked to wait 60 min (Retry-After)"));

        JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(90), "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getString("lastError")).isNull();
        assertThat(sandbox.app("sandbox-test").conversations().get("c-held").allMessages()).hasSize(2);
    }
}
