package io.talkport.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.SecurityTestProfile;
import io.talkport.testsupport.SmallBundles;
import io.talkport.testsupport.TestUsers;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.talkport.testsupport.TestUsers.ADMIN;
import static io.talkport.testsupport.TestUsers.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Findings 10 and 11: clean answers to odd requests, exact environment names, no Host in Location, metrics tags. */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class LowFindingsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void matrixParametersGetAClean400AtOnceWithoutLogin() throws Exception {
        for (String path : List.of("/jobs;a=1", "/api/jobs;a=1", "/jobs/1;x/delete", "/jobs%3Ba=1")) {
            RawHttp.Answer answer = RawHttp.send("GET " + path + " HTTP/1.1\r\nHost: localhost", 0, false);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.body()).as(path).contains("\"error\":\"bad_path\"").contains("matrix parameters");
            assertThat(answer.millis()).as(path).isLessThan(5_000);
        }
    }

    @Test
    void farPagesAreEmptyNotErrors() {
        long id = SmallBundles.readyJob("paging.zip");
        as(ADMIN).when().get("/api/audit?page=2147483647").then().statusCode(200)
                .body("items.size()", equalTo(0));
        as(ADMIN).when().get("/api/audit?page=2147483647&size=500").then().statusCode(200);
        as(ADMIN).when().get("/audit?page=2147483647").then().statusCode(200);
        as(ADMIN).contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        as(ADMIN).when().get("/api/jobs/" + id + "/runs/test/failures?page=2147483647&size=500").then()
                .statusCode(200).body("items.size()", equalTo(0));
        as(ADMIN).when().get("/api/jobs/" + id + "/issues?page=2147483647").then().statusCode(200);
        as(ADMIN).when().get("/jobs/" + id + "?page=2147483647").then().statusCode(200);
    }

    @Test
    void aBrokenMultipartBodyGetsA400WithJson() {
        as(ADMIN).contentType("multipart/form-data; boundary=xyz")
                .body("--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.zip\"\r\n\r\nPK\r\n--a".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/jobs").then().statusCode(400).contentType(ContentType.JSON);
        as(ADMIN).contentType("multipart/form-data")
                .body("--abc\r\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/jobs").then().statusCode(400).contentType(ContentType.JSON);
    }

    @Test
    void malformedJsonGetsA400WithAMessage() {
        long id = SmallBundles.readyJob("json.zip");
        for (String body : List.of("{\"environment\": ", "{\"environment\": tes}", "[1,2", "{\"environment\": [1]}",
                "\u0000\u0001")) {
            as(ADMIN).contentType(ContentType.JSON).body(body).when().post("/api/jobs/" + id + "/runs")
                    .then().statusCode(400).contentType(ContentType.JSON)
                    .body("error", equalTo("bad_json"))
                    .body("message", containsString("JSON"))
                    .body("message", not(containsString("io.talkport")));
        }
        assertThat(new Db(dataSource).count("SELECT count(*) FROM run WHERE job_id = " + id)).isZero();
    }

    @Test
    void environmentNamesAreParsedExactly() {
        long id = SmallBundles.readyJob("exact-env.zip");
        as(ADMIN).contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        Db db = new Db(dataSource);
        db.update("UPDATE run SET status = 'RUNNING' WHERE job_id = " + id);
        for (String env : List.of("LIVE", "Live", "TEST", "test ", "tEsT")) {
            as(ADMIN).redirects().follow(false).when().post("/jobs/" + id + "/runs/" + env + "/cancel")
                    .then().statusCode(400);
            as(ADMIN).when().post("/api/jobs/" + id + "/runs/" + env + "/pause").then().statusCode(400);
            as(ADMIN).when().get("/api/jobs/" + id + "/runs/" + env + "/failures").then().statusCode(400);
        }
        assertThat(db.rows("SELECT status FROM run WHERE job_id = " + id)).containsExactly("RUNNING");
    }

    @Test
    void redirectsNeverEchoTheHostHeader() {
        for (String path : List.of("/", "/jobs", "/audit")) {
            String location = given().auth().none().redirects().follow(false).header("Host", "evil.example")
                    .when().get(path).then().statusCode(302).extract().header("Location");
            assertThat(location).as(path).startsWith("/").doesNotContain("evil.example");
        }
        String home = as(ADMIN).redirects().follow(false).header("Host", "evil.example").when().get("/")
                .then().statusCode(303).extract().header("Location");
        assertThat(home).isEqualTo("/jobs");
        String login = given().auth().none().redirects().follow(false).header("Host", "evil.example")
                .formParam("j_username", TestUsers.ADMIN).formParam("j_password", TestUsers.ADMIN_PASSWORD)
                .when().post("/j_security_check").then().statusCode(302).extract().header("Location");
        assertThat(login).doesNotContain("evil.example");
    }

    @Test
    void madeUpPathsDoNotFillTheMetricsUriTags() {
        for (int i = 0; i < 150; i++) {
            given().auth().none().when().get("/api/made-up-" + i).then().statusCode(401);
            given().auth().none().when().get("/q/made-up-" + i);
        }
        as(ADMIN).when().get("/api/jobs").then().statusCode(200);
        String metrics = as(ADMIN).when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain("made-up-");
        assertThat(metrics).contains("uri=\"/api/jobs\"");
    }
}
