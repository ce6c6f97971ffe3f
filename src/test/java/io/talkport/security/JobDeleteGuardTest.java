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
import static io.talkport.testsupport.TestUsers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Finding 4: runs protect their data. A job cannot be deleted during a run; one that went live only by an admin. */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class JobDeleteGuardTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aJobCannotBeDeletedWhileAnyOfItsRunsIsInProgress() {
        long id = SmallBundles.readyJob("in-progress.zip");
        as(OPERATOR).contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        for (String status : new String[] {"QUEUED", "RUNNING", "PAUSED", "VERIFYING"}) {
            db().update("UPDATE run SET status = '" + status + "' WHERE job_id = " + id);
            as(ADMIN).when().delete("/api/jobs/" + id + "?confirm=in-progress.zip")
                    .then().statusCode(409).contentType(ContentType.JSON)
                    .body("message", containsString("test run of this job is " + status))
                    .body("message", containsString("Cancel the run"));
        }
        // The page's form: back to the job with the reason; the job is still there.
        as(OPERATOR).redirects().follow(false).when().post("/jobs/" + id + "/delete")
                .then().statusCode(303).header("Location", containsString("/jobs/" + id + "?flash="));
        as(OPERATOR).when().get("/api/jobs/" + id).then().statusCode(200);

        db().update("UPDATE run SET status = 'CANCELLED', finished_at = now() WHERE job_id = " + id);
        as(OPERATOR).when().delete("/api/jobs/" + id).then().statusCode(204);
        as(OPERATOR).when().get("/api/jobs/" + id).then().statusCode(404);
    }

    @Test
    void aJobThatWentLiveIsDeletedOnlyByAnAdminWhoTypesItsName() {
        long id = liveJob("went-live.zip", "SUCCEEDED");
        as(OPERATOR).when().delete("/api/jobs/" + id).then().statusCode(403).contentType(ContentType.JSON)
                .body("message", containsString("only an admin"));
        as(ADMIN).when().delete("/api/jobs/" + id).then().statusCode(400)
                .body("error", equalTo("confirmation_mismatch"))
                .body("message", containsString("\"went-live.zip\""));
        as(ADMIN).when().delete("/api/jobs/" + id + "?confirm=went-live").then().statusCode(400);
        as(ADMIN).when().get("/api/jobs/" + id).then().statusCode(200);

        as(ADMIN).when().delete("/api/jobs/" + id + "?confirm=went-live.zip").then().statusCode(204);
        as(ADMIN).when().get("/api/jobs/" + id).then().statusCode(404);
        assertThat(db().rows("SELECT detail FROM audit_event WHERE action = 'job.delete' AND job_id = " + id))
                .containsExactly("\"went-live.zip\", had a live run, confirmed \"went-live.zip\"");
    }

    @Test
    void anOperatorCannotDeleteAJobDuringItsLiveRunNorCanAnAdmin() {
        long id = liveJob("live-running.zip", "RUNNING");
        as(OPERATOR).when().delete("/api/jobs/" + id).then().statusCode(409);
        as(ADMIN).when().delete("/api/jobs/" + id + "?confirm=live-running.zip").then().statusCode(409)
                .body("message", containsString("live run of this job is RUNNING"));
        as(OPERATOR).redirects().follow(false).formParam("confirm", "live-running.zip")
                .when().post("/jobs/" + id + "/delete").then().statusCode(303)
                .header("Location", containsString("?flash="));
        as(ADMIN).when().get("/api/jobs/" + id).then().statusCode(200);
    }

    private long liveJob(String name, String liveStatus) {
        long id = SmallBundles.readyJob(name);
        as(ADMIN).contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        db().update("UPDATE run SET status = 'SUCCEEDED', verified = true, finished_at = now() WHERE job_id = " + id);
        as(ADMIN).contentType(ContentType.JSON).body("{\"confirm\":\"" + name + "\"}")
                .when().post("/api/jobs/" + id + "/promote").then().statusCode(202);
        db().update("UPDATE run SET status = '" + liveStatus + "' WHERE job_id = " + id + " AND environment = 'LIVE'");
        return id;
    }

    private Db db() {
        return new Db(dataSource);
    }
}
