package io.talkport.testsupport;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Drives jobs through the JSON API the way a script would. */
public final class Jobs {

    private Jobs() {
    }

    /** Uploads the bundle and returns the new job's id (validation continues in the background). */
    public static long upload(String fileName, byte[] bundle) {
        return given().multiPart("file", fileName, bundle, "application/zip")
                .when().post("/api/jobs")
                .then().statusCode(202).contentType(ContentType.JSON)
                .extract().jsonPath().getLong("id");
    }

    /** Uploads and waits until validation ends; returns the job document. */
    public static JsonPath uploadAndValidate(String fileName, byte[] bundle) {
        return awaitStatus(upload(fileName, bundle), "READY", "REJECTED");
    }

    public static JsonPath get(long id) {
        return given().when().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath awaitStatus(long id, String... statuses) {
        List<String> wanted = List.of(statuses);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> wanted.contains(get(id).getString("status")));
        return get(id);
    }

    /** Waits until the job's run for {@code environment} has one of the statuses; returns that run. */
    public static JsonPath awaitRun(long id, String environment, Duration within, String... statuses) {
        List<String> wanted = List.of(statuses);
        await().atMost(within).pollInterval(Duration.ofMillis(200))
                .until(() -> wanted.contains(runStatus(id, environment)));
        return new JsonPath(get(id).prettify()).setRootPath("runs.find { it.environment == '" + environment + "' }");
    }

    /** Uploads and validates a bundle, pushes it to the test environment and waits up to 90 s for the run's end. */
    public static JsonPath pushToTest(String fileName, byte[] bundle) {
        long id = uploadAndValidate(fileName, bundle).getLong("id");
        given().contentType(ContentType.JSON)
                .body(java.util.Map.of("environment", "test")).when().post("/api/jobs/" + id + "/runs").then()
                .statusCode(202);
        return awaitRun(id, "test", Duration.ofSeconds(90), "SUCCEEDED", "FAILED");
    }

    public static String runStatus(long id, String environment) {
        return get(id).getString("runs.find { it.environment == '" + environment + "' }.status");
    }

    /** Uploads an export to be read as {@code format} (null: detected), waits for validation, asserts READY. */
    public static long uploadExport(String fileName, byte[] zip, String format) {
        var request = given().multiPart("file", fileName, zip, "application/zip");
        if (format != null) {
            request = request.multiPart("format", format);
        }
        long id = request.when().post("/api/jobs").then().statusCode(202).extract().jsonPath().getLong("id");
        JsonPath job = awaitStatus(id, "READY", "REJECTED");
        assertThat(job.getString("status")).as(job.prettify()).isEqualTo("READY");
        return id;
    }

    /** Pushes the job to test (adding missing senders or not), waits up to {@code within}, asserts SUCCEEDED. */
    public static JsonPath pushToTestAndAwait(long id, boolean addMissingSenders, Duration within) {
        given().contentType(ContentType.JSON).body(java.util.Map.of("environment", "test", "addMissingSenders",
                addMissingSenders)).when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        JsonPath run = awaitRun(id, "test", within, "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        return run;
    }
}
