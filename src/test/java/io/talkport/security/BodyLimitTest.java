package io.talkport.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.talkport.testsupport.SecurityTestProfile;
import io.talkport.testsupport.TestUsers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Finding 2 (unauthenticated memory exhaustion) and finding 3 (limits skipped with another spelling of the route):
 * every route's body limit holds before authentication and before the body is read, on every spelling. The bodies
 * are generated while being sent; nothing large is held in this JVM.
 */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class BodyLimitTest {

    private static final long MB = 1024 * 1024;
    private static final String JSON = "Content-Type: application/json";

    @Test
    void a450MegabyteBodyDeclaredToTheSandboxWithoutCredentialsGets413AtOnce() throws Exception {
        RawHttp.Answer answer = RawHttp.send("PUT /sandbox/talkjs/v1/sandbox-test/users/x HTTP/1.1\r\n"
                + "Host: localhost\r\n" + JSON + "\r\nContent-Length: " + 450 * MB, 450 * MB, false);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.head()).containsIgnoringCase("connection: close");
        assertThat(answer.body()).contains("\"error\":\"too_large\"").contains("accepts at most");
        assertThat(answer.bytesSent()).as("body bytes the server let in before answering").isLessThan(100 * MB);
        assertThat(answer.millis()).isLessThan(10_000);
        healthy();
    }

    @Test
    void aSmallRouteRefusesADeclaredLargeBodyBeforeAuthentication() throws Exception {
        for (String path : List.of("/api/jobs/1/runs", "/jobs/1/delete", "/logout", "/j_security_check",
                "/nowhere/at/all")) {
            RawHttp.Answer answer = RawHttp.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + JSON
                    + "\r\nContent-Length: " + 300 * MB, 300 * MB, false);
            assertThat(answer.status()).as(path).isEqualTo(413);
            assertThat(answer.bytesSent()).as(path).isLessThan(100 * MB);
        }
        healthy();
    }

    @Test
    void aChunkedBodyIsCutOffWhenItPassesTheRouteLimit() throws Exception {
        // The sandbox API: 16 MB (talkport.http.body-limits."/sandbox/talkjs/**"); 200 MB are offered.
        RawHttp.Answer sandbox = RawHttp.send("PUT /sandbox/talkjs/v1/sandbox-test/users/x HTTP/1.1\r\n"
                + "Host: localhost\r\n" + JSON + "\r\nAuthorization: Bearer sk_test_sandboxTestSecret0000000000",
                "{\"name\":\"", 200 * MB, true);
        assertThat(sandbox.status()).isEqualTo(413);
        assertThat(sandbox.bytesSent()).isLessThan(100 * MB);

        // A JSON API route: 1 MB (talkport.http.body-limit); 50 MB are offered by a logged-in operator.
        String basic = Base64.getEncoder().encodeToString((TestUsers.OPERATOR + ":" + TestUsers.OPERATOR_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        RawHttp.Answer api = RawHttp.send("POST /api/jobs/1/runs HTTP/1.1\r\nHost: localhost\r\n" + JSON
                + "\r\nAuthorization: Basic " + basic, "{\"environment\":\"", 50 * MB, true);
        assertThat(api.status()).isEqualTo(413);
        assertThat(api.bytesSent()).isLessThan(40 * MB);
        healthy();
    }

    @Test
    void theUploadLimitHoldsOnEverySpellingOfTheRoute() throws Exception {
        String basic = Base64.getEncoder().encodeToString((TestUsers.OPERATOR + ":" + TestUsers.OPERATOR_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        for (String path : List.of("/api/jobs", "/api/jobs/", "//api/jobs", "/api//jobs/", "/api/./jobs",
                "/api/%6Aobs", "/API/../api/jobs")) {
            RawHttp.Answer answer = RawHttp.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Basic " + basic + "\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    + "Content-Length: " + 3L * 1024 * MB, 3L * 1024 * MB, false);
            assertThat(answer.status()).as(path).isEqualTo(413);
            assertThat(answer.body()).as(path).contains("the largest bundle accepted is 2.0 GB");
            assertThat(answer.bytesSent()).as(path).isLessThan(100 * MB);
        }
        RawHttp.Answer matrix = RawHttp.send("POST /api/jobs;x=1 HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Basic " + basic + "\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                + "Content-Length: " + 3L * 1024 * MB, 3L * 1024 * MB, false);
        assertThat(matrix.status()).isEqualTo(400);
        healthy();
    }

    @Test
    void bodiesWithinTheLimitStillWork() {
        given().auth().none().header("Authorization", "Bearer sk_test_sandboxTestSecret0000000000")
                .contentType("application/json").body("{\"name\":\"" + "n".repeat(2_000_000) + "\"}")
                .when().put("/sandbox/talkjs/v1/sandbox-test/users/limit-test-user")
                .then().statusCode(org.hamcrest.Matchers.lessThan(400));
    }

    private static void healthy() {
        given().auth().none().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    }
}
