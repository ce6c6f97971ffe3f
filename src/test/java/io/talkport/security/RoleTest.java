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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Who may do what: viewer ⊂ operator ⊂ admin, enforced on the server and reflected in the pages. */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class RoleTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aViewerSeesJobsButCannotChangeAnything() {
        long id = SmallBundles.readyJob("viewer.zip");
        as(VIEWER).when().get("/api/jobs").then().statusCode(200);
        as(VIEWER).when().get("/api/jobs/" + id).then().statusCode(200).body("status", equalTo("READY"));
        as(VIEWER).when().get("/api/jobs/" + id + "/issues").then().statusCode(200);
        as(VIEWER).when().get("/jobs/" + id).then().statusCode(200);

        forbidden(as(VIEWER).multiPart("file", "v.zip", SmallBundles.twoUsers(), "application/zip")
                .when().post("/api/jobs"));
        forbidden(as(VIEWER).when().delete("/api/jobs/" + id));
        forbidden(as(VIEWER).contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + id + "/runs"));
        forbidden(as(VIEWER).contentType(ContentType.JSON).body("{\"confirm\":\"viewer.zip\"}")
                .when().post("/api/jobs/" + id + "/promote"));
        forbidden(as(VIEWER).when().post("/api/jobs/" + id + "/runs/test/pause"));
        forbidden(as(VIEWER).formParam("addMissingSenders", "on").when().post("/jobs/" + id + "/push"));
        forbidden(as(VIEWER).when().post("/jobs/" + id + "/delete"));
        forbidden(as(VIEWER).when().get("/jobs/new"));
        forbidden(as(VIEWER).when().get("/api/audit"));
        forbidden(as(VIEWER).when().get("/audit"));
        as(VIEWER).when().get("/api/jobs/" + id).then().statusCode(200).body("runs.size()", equalTo(0));
    }

    @Test
    void anOperatorRunsTestsButCannotPromoteOrSteerLive() {
        long id = SmallBundles.readyJob("operator.zip");
        as(OPERATOR).contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202).body("environment", equalTo("test"));
        // Allowed, though refused by the run's state: 409, not 403.
        as(OPERATOR).when().post("/api/jobs/" + id + "/runs/test/pause").then().statusCode(409);

        succeedTestRun(id);
        forbidden(as(OPERATOR).contentType(ContentType.JSON).body("{\"confirm\":\"operator.zip\"}")
                .when().post("/api/jobs/" + id + "/promote"));
        forbidden(as(OPERATOR).formParam("confirm", "operator.zip").when().post("/jobs/" + id + "/promote"));
        for (String action : new String[] {"pause", "resume", "cancel", "retry-failed"}) {
            as(OPERATOR).when().post("/api/jobs/" + id + "/runs/live/" + action)
                    .then().statusCode(403).contentType(ContentType.JSON)
                    .body("message", containsString("Only an admin"));
            forbidden(as(OPERATOR).when().post("/jobs/" + id + "/runs/live/" + action));
        }
        as(OPERATOR).when().get("/api/audit").then().statusCode(200);
        as(OPERATOR).when().get("/jobs/new").then().statusCode(200);
    }

    @Test
    void anAdminPromotesAndSteersLive() {
        long id = SmallBundles.readyJob("admin.zip");
        as(ADMIN).contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        as(ADMIN).when().post("/api/jobs/" + id + "/runs/live/pause").then().statusCode(409);
        succeedTestRun(id);
        as(ADMIN).contentType(ContentType.JSON).body("{\"confirm\":\"wrong\"}")
                .when().post("/api/jobs/" + id + "/promote").then().statusCode(400);
        as(ADMIN).contentType(ContentType.JSON).body("{\"confirm\":\"admin.zip\"}")
                .when().post("/api/jobs/" + id + "/promote").then().statusCode(202).body("environment", equalTo("live"));
        new Db(dataSource).update("UPDATE run SET status = 'RUNNING' WHERE job_id = " + id + " AND environment = 'LIVE'");
        as(ADMIN).when().post("/api/jobs/" + id + "/runs/live/pause").then().statusCode(202)
                .body("status", equalTo("PAUSED"));
    }

    @Test
    void pagesOfferOnlyWhatTheUserMayDo() {
        long id = SmallBundles.readyJob("pages.zip");
        as(VIEWER).when().get("/jobs/" + id).then().statusCode(200)
                .body(not(containsString("id=\"push-test\"")))
                .body(not(containsString("Delete job")))
                .body(not(containsString("href=\"/jobs/new\"")))
                .body(not(containsString("href=\"/audit\"")));
        as(VIEWER).when().get("/jobs").then().body(not(containsString("Upload an export")));
        as(OPERATOR).when().get("/jobs/" + id).then().statusCode(200)
                .body(containsString("id=\"push-test\""))
                .body(containsString("Delete job"))
                .body(containsString("href=\"/jobs/new\""));
        as(OPERATOR).when().get("/jobs").then().body(containsString("Upload an export"));

        as(OPERATOR).contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        succeedTestRun(id);
        as(ADMIN).when().get("/jobs/" + id).then().body(containsString("id=\"promote-form\""));
        as(OPERATOR).when().get("/jobs/" + id).then().body(not(containsString("id=\"promote-form\"")));
        as(VIEWER).when().get("/jobs/" + id).then().body(not(containsString("id=\"promote-form\"")));

        as(ADMIN).contentType(ContentType.JSON).body("{\"confirm\":\"pages.zip\"}")
                .when().post("/api/jobs/" + id + "/promote").then().statusCode(202);
        new Db(dataSource).update("UPDATE run SET status = 'RUNNING' WHERE job_id = " + id);
        as(ADMIN).when().get("/jobs/" + id).then()
                .body(containsString("/jobs/" + id + "/runs/test/pause"))
                .body(containsString("/jobs/" + id + "/runs/live/pause"));
        as(OPERATOR).when().get("/jobs/" + id).then()
                .body(containsString("/jobs/" + id + "/runs/test/pause"))
                .body(not(containsString("/jobs/" + id + "/runs/live/pause")));
        as(VIEWER).when().get("/jobs/" + id).then()
                .body(not(containsString("/runs/test/pause")));
    }

    private void succeedTestRun(long id) {
        new Db(dataSource).update("UPDATE run SET status = 'SUCCEEDED', verified = true, finished_at = now() "
                + "WHERE job_id = " + id + " AND environment = 'TEST'");
    }

    private static void forbidden(io.restassured.response.Response response) {
        response.then().statusCode(403).contentType(ContentType.JSON).body("error", equalTo("forbidden"));
    }
}
