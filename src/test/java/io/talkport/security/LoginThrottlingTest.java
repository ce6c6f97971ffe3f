package io.talkport.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.SecurityTestProfile;
import io.talkport.testsupport.TestUsers;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Finding 9: failed logins are throttled per user and address, with back-off, and audited once per burst. */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class LoginThrottlingTest {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    LoginGuard guard;

    @AfterEach
    void forget() {
        guard.throttle().clear();
    }

    @Test
    void repeatedBasicFailuresAreRefusedWithoutCheckingThePasswordAndAuditedOnce() {
        Db db = new Db(dataSource);
        long before = db.count("SELECT count(*) FROM audit_event WHERE username = 'viewer' AND action LIKE 'login.%'");
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            int status = given().auth().preemptive().basic(TestUsers.VIEWER, "guess-" + i)
                    .when().get("/api/jobs").statusCode();
            refused += status == 429 ? 1 : 0;
            assertThat(status).isIn(401, 429);
        }
        assertThat(refused).as("attempts refused by the back-off").isGreaterThan(25);
        // The right password is refused too while the back-off lasts: a guess cannot be confirmed.
        given().auth().preemptive().basic(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD).when().get("/api/jobs")
                .then().statusCode(429).contentType(ContentType.JSON).header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("error", equalTo("too_many_failed_logins"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300)).until(() ->
                given().auth().preemptive().basic(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD)
                        .when().get("/api/jobs").statusCode() == 200);

        await().atMost(Duration.ofSeconds(5)).until(() -> db.count("SELECT count(*) FROM audit_event "
                + "WHERE username = 'viewer' AND action = 'login.throttled'") >= 1);
        long rows = db.count("SELECT count(*) FROM audit_event WHERE username = 'viewer' AND action LIKE 'login.%'")
                - before;
        // The failure that started the burst and the one that started the back-off (per user and per address).
        assertThat(rows).as("audit rows for one burst of 40 tries").isBetween(2L, 3L);
    }

    @Test
    void theLoginFormSaysToWait() {
        for (int i = 0; i < 12; i++) {
            given().auth().none().redirects().follow(false)
                    .formParam("j_username", TestUsers.OPERATOR).formParam("j_password", "nope-" + i)
                    .when().post("/j_security_check").then().statusCode(302);
        }
        Response refused = given().auth().none().redirects().follow(false)
                .formParam("j_username", TestUsers.OPERATOR).formParam("j_password", TestUsers.OPERATOR_PASSWORD)
                .when().post("/j_security_check");
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.header("Location")).contains("/login?error=true&throttled=");
        given().auth().none().when().get(refused.header("Location")).then().statusCode(200)
                .body(containsString("Too many failed logins: wait"));
    }
}
