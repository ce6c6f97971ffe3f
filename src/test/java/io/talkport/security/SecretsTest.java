package io.talkport.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.talkport.testsupport.BrowserSession;
import io.talkport.testsupport.SecurityTestProfile;
import io.talkport.testsupport.SmallBundles;
import io.talkport.testsupport.TestUsers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No answer Talkport gives, page or API, success or error, holds a TalkJS secret key or a user's password. (To be
 * extended with a full push through the sandbox.)
 */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class SecretsTest {

    private static final List<String> SECRETS = List.of("sk_test_sandboxTestSecret0000000000",
            "sk_live_sandboxLiveSecret0000000000", TestUsers.ADMIN_PASSWORD, TestUsers.OPERATOR_PASSWORD,
            TestUsers.VIEWER_PASSWORD);

    @Test
    void noPageOrApiAnswerRevealsASecret() {
        List<Response> answers = new ArrayList<>();
        long id = SmallBundles.readyJob("secrets.zip");
        answers.add(given().contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + id + "/runs"));
        BrowserSession browser = BrowserSession.login(TestUsers.ADMIN);
        for (String page : List.of("/jobs", "/jobs/new", "/jobs/" + id, "/audit", "/login")) {
            answers.add(browser.get(page));
        }
        for (String path : List.of("/api/jobs", "/api/jobs/" + id, "/api/jobs/" + id + "/issues",
                "/api/jobs/" + id + "/runs/test/failures", "/api/audit", "/q/openapi", "/q/metrics", "/q/health",
                "/api/jobs/999999", "/api/jobs/" + id + "/runs/staging/failures", "/nothing-here")) {
            answers.add(given().when().get(path));
        }
        answers.add(given().contentType(ContentType.JSON).body("{\"environment\":\"test\"}")
                .when().post("/api/jobs/" + id + "/runs"));
        answers.add(given().contentType(ContentType.JSON).body("{\"environment\":\"live\"}")
                .when().post("/api/jobs/" + id + "/runs"));
        answers.add(given().contentType(ContentType.JSON).body("{\"confirm\":\"nope\"}")
                .when().post("/api/jobs/" + id + "/promote"));
        answers.add(given().contentType(ContentType.JSON).body("{broken").when().post("/api/jobs/" + id + "/runs"));
        answers.add(TestUsers.as(TestUsers.VIEWER).when().delete("/api/jobs/" + id));
        answers.add(given().auth().none().when().get("/api/jobs"));
        answers.add(given().auth().preemptive().basic("admin", "wrong").when().get("/api/jobs"));
        answers.add(browser.request().when().post("/jobs/" + id + "/delete"));

        assertThat(answers).hasSizeGreaterThan(20);
        for (Response answer : answers) {
            String all = answer.headers().toString() + "\n" + answer.body().asString();
            for (String secret : SECRETS) {
                assertThat(all).as("an answer (HTTP %d) holds a secret", answer.statusCode()).doesNotContain(secret);
            }
        }
    }
}
