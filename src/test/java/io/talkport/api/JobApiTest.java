package io.talkport.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class JobApiTest {

    private static byte[] smallBundle() {
        return BundleBuilder.create()
                .user("u1", "Alice").user("u2", "Bob")
                .conversation("c1", "u1", "u2")
                .message("c1", "u1", 1_600_000_000_000L, "Hello")
                .message("c1", "u2", 1_600_000_001_000L, "Hi Alice")
                .message("c1", "ghost", 1_600_000_002_000L, "Who am I?")
                .toBytes();
    }

    @Test
    void uploadAnswers202AndValidationStagesTheValidItems() {
        long id = Jobs.upload("export.zip", smallBundle());
        JsonPath job = Jobs.awaitStatus(id, "READY", "REJECTED");

        assertThat(job.getString("status")).isEqualTo("READY");
        assertThat(job.getString("name")).isEqualTo("export.zip");
        assertThat(job.getInt("counts.users")).isEqualTo(2);
        assertThat(job.getInt("counts.conversations")).isEqualTo(1);
        assertThat(job.getInt("counts.messages")).isEqualTo(2);
        assertThat(job.getInt("issues.errors")).isGreaterThanOrEqualTo(1);
        assertThat(job.getList("runs")).isEmpty();
    }

    @Test
    void issuesNameTheFileLineAndItemAndCanBeFiltered() {
        long id = Jobs.uploadAndValidate("issues.zip", smallBundle()).getLong("id");

        given().queryParam("severity", "error")
                .when().get("/api/jobs/" + id + "/issues")
                .then().statusCode(200)
                .body("total", equalTo(given().get("/api/jobs/" + id).jsonPath().getInt("issues.errors")))
                .body("items.code", hasItem("UNKNOWN_USER"))
                .body("items.find { it.code == 'UNKNOWN_USER' }.file", containsString("messages.jsonl"))
                .body("items.find { it.code == 'UNKNOWN_USER' }.line", equalTo(3))
                .body("items.find { it.code == 'UNKNOWN_USER' }.field", equalTo("sender"));

        given().queryParam("severity", "warning").queryParam("code", "UNKNOWN_USER")
                .when().get("/api/jobs/" + id + "/issues")
                .then().statusCode(200).body("total", equalTo(0));

        given().queryParam("severity", "fatal")
                .when().get("/api/jobs/" + id + "/issues")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("message", containsString("severity"));
    }

    @Test
    void aNamePartNamesTheJobAndJobsAreListedNewestFirst() {
        long first = Jobs.upload("a.zip", smallBundle());
        long second = given().multiPart("file", "b.zip", smallBundle(), "application/zip")
                .multiPart("name", "Zendesk export, March")
                .when().post("/api/jobs")
                .then().statusCode(202).header("Location", containsString("/api/jobs/"))
                .body("name", equalTo("Zendesk export, March"))
                .extract().jsonPath().getLong("id");

        JsonPath list = given().when().get("/api/jobs").then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("id", Long.class)).containsSubsequence(second, first);
    }

    @Test
    void aNonZipIsRejectedWithAClearReasonAndTheServerKeepsWorking() {
        long id = Jobs.upload("notes.zip", "just some text, not an archive".getBytes());
        JsonPath job = Jobs.awaitStatus(id, "READY", "REJECTED");
        assertThat(job.getString("status")).isEqualTo("REJECTED");
        assertThat(job.getString("rejectReason")).isNotBlank();

        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        assertThat(Jobs.uploadAndValidate("after.zip", smallBundle()).getString("status")).isEqualTo("READY");
    }

    @Test
    void deleteRemovesTheJobItsIssuesAndItsArchive() throws Exception {
        long id = Jobs.uploadAndValidate("gone.zip", smallBundle()).getLong("id");
        Path archive = Path.of("target/test-data/archives/job-" + id + ".zip");
        assertThat(Files.exists(archive)).isTrue();

        given().when().delete("/api/jobs/" + id).then().statusCode(204);

        given().when().get("/api/jobs/" + id).then().statusCode(404).contentType(ContentType.JSON)
                .body("message", equalTo("There is no job " + id + "."));
        given().when().get("/api/jobs/" + id + "/issues").then().statusCode(404);
        assertThat(Files.exists(archive)).isFalse();
        given().when().get("/api/jobs").then().body("id", not(hasItem((int) id)));
    }

    @Test
    void uploadsWithoutAFilePartGetAClearError() {
        given().multiPart("name", "nothing").when().post("/api/jobs")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("message", containsString("'file'"));
    }

    @Test
    void unknownJobsAndBadIdsAnswerJsonNotStackTraces() {
        given().when().get("/api/jobs/999999").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("not_found"));
        given().when().get("/api/jobs/abc").then().statusCode(404).contentType(ContentType.JSON)
                .body("message", not(containsString("Exception")));
    }
}
