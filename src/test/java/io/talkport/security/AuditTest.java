package io.talkport.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.SecurityTestProfile;
import io.talkport.testsupport.SmallBundles;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.talkport.testsupport.TestUsers.ADMIN;
import static io.talkport.testsupport.TestUsers.OPERATOR;
import static io.talkport.testsupport.TestUsers.VIEWER;
import static io.talkport.testsupport.TestUsers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/** Every action a person takes leaves one audit row with who, what, which job and environment. */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class AuditTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyActionIsAuditedWithItsUserJobAndEnvironment() {
        Db db = new Db(dataSource);
        long id = as(OPERATOR).multiPart("file", "audited.zip", SmallBundles.twoUsers(), "application/zip")
                .when().post("/api/jobs").then().statusCode(202).extract().jsonPath().getLong("id");
        io.talkport.testsupport.Jobs.awaitStatus(id, "READY");

        as(OPERATOR).contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        db.update("UPDATE run SET status = 'RUNNING' WHERE job_id = " + id);
        as(OPERATOR).when().post("/api/jobs/" + id + "/runs/test/pause").then().statusCode(202);
        as(OPERATOR).when().post("/api/jobs/" + id + "/runs/test/resume").then().statusCode(202);
        as(OPERATOR).when().post("/api/jobs/" + id + "/runs/test/cancel").then().statusCode(202);
        db.update("UPDATE run SET status = 'FAILED' WHERE job_id = " + id);
        as(OPERATOR).when().post("/api/jobs/" + id + "/runs/test/retry-failed").then().statusCode(202);
        db.update("UPDATE run SET status = 'SUCCEEDED' WHERE job_id = " + id);
        as(ADMIN).contentType(ContentType.JSON).body("{\"confirm\":\"audited.zip\"}")
                .when().post("/api/jobs/" + id + "/promote").then().statusCode(202);
        // A job is deleted only when no run is in progress, and one that went live only by an admin typing its name.
        db.update("UPDATE run SET status = 'CANCELLED' WHERE job_id = " + id);
        as(ADMIN).queryParam("confirm", "audited.zip").when().delete("/api/jobs/" + id).then().statusCode(204);

        assertThat(db.rows("SELECT username, action, coalesce(environment, '-') FROM audit_event WHERE job_id = "
                + id + " ORDER BY id")).containsExactly(
                "operator | job.upload | -",
                "operator | run.start | test",
                "operator | run.pause | test",
                "operator | run.resume | test",
                "operator | run.cancel | test",
                "operator | run.retry-failed | test",
                "admin | run.promote | live",
                "admin | job.delete | -");
        assertThat(db.rows("SELECT detail FROM audit_event WHERE action = 'run.promote' AND job_id = " + id))
                .containsExactly("confirmed \"audited.zip\"");
    }

    @Test
    void theTrailIsShownNewestFirstToOperatorsAndAdmins() {
        long id = SmallBundles.readyJob("trail.zip");
        as(OPERATOR).when().delete("/api/jobs/" + id).then().statusCode(204);
        as(ADMIN).when().get("/api/audit?size=5").then().statusCode(200)
                .body("total", greaterThanOrEqualTo(2))
                .body("items[0].action", equalTo("job.delete"))
                .body("items[0].jobId", equalTo((int) id))
                .body("items[0].username", equalTo("operator"))
                .body("items[1].action", equalTo("job.upload"));
        as(OPERATOR).when().get("/audit").then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("job.delete"))
                .body(containsString("<a href=\"/jobs/" + id + "\">" + id + "</a>"));
        as(VIEWER).when().get("/api/audit").then().statusCode(403);
    }
}
