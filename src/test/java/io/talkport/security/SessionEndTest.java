package io.talkport.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.talkport.testsupport.BrowserSession;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.SecurityTestProfile;
import io.talkport.testsupport.SmallBundles;
import io.talkport.testsupport.TestUsers;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Finding 6: logging out ends the session on the server; so does another instance's logout and a new password. */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class SessionEndTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aCopiedCookieStopsWorkingAfterLogout() {
        long id = SmallBundles.readyJob("session.zip");
        BrowserSession browser = BrowserSession.login(TestUsers.OPERATOR);
        String token = browser.csrfToken("/jobs");
        Map<String, String> copied = browser.cookies();
        assertThat(copied).containsKeys(BrowserSession.SESSION_COOKIE, SessionTokens.COOKIE);

        Response logout = browser.request().formParam("csrf-token", token).when().post("/logout");
        assertThat(logout.statusCode()).isEqualTo(303);

        Response page = given().auth().none().redirects().follow(false).cookies(copied).when().get("/jobs");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.header("Location")).isEqualTo("/login");
        given().auth().none().cookies(copied).when().get("/api/jobs").then().statusCode(401)
                .contentType(ContentType.JSON);
        given().auth().none().redirects().follow(false).cookies(copied).formParam("csrf-token", token)
                .when().post("/jobs/" + id + "/push").then().statusCode(302);
        given().auth().none().cookies(copied).header("X-CSRF-Token", token)
                .when().delete("/api/jobs/" + id).then().statusCode(401);
        TestUsers.as(TestUsers.OPERATOR).when().get("/api/jobs/" + id).then().statusCode(200);
        assertThat(new Db(dataSource).count("SELECT count(*) FROM run WHERE job_id = " + id)).isZero();

        // Logging in again works, with a session of the new epoch.
        assertThat(BrowserSession.login(TestUsers.OPERATOR).get("/jobs").statusCode()).isEqualTo(200);
    }

    @Test
    void aLogoutOnAnotherInstanceEndsTheSessionHereWithinSeconds() {
        BrowserSession browser = BrowserSession.login(TestUsers.VIEWER);
        assertThat(browser.get("/jobs").statusCode()).isEqualTo(200);
        // What another instance sharing the database does when the viewer logs out there.
        new Db(dataSource).update("INSERT INTO session_epoch (username, epoch) VALUES ('viewer', 1000) "
                + "ON CONFLICT (username) DO UPDATE SET epoch = session_epoch.epoch + 1000");
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.request().when().get("/jobs").statusCode() == 302);
    }

    @Test
    void aChangedPasswordEndsEarlierSessions() {
        byte[] key = "k".repeat(32).getBytes(StandardCharsets.UTF_8);
        SessionTokens before = new SessionTokens(key, user -> "old-password");
        SessionTokens after = new SessionTokens(key, user -> "new-password");
        String token = before.issue("admin", 3);
        assertThat(before.isValid("admin", token, 3)).isTrue();
        assertThat(after.isValid("admin", token, 3)).as("same epoch, new password").isFalse();
        assertThat(before.isValid("admin", token, 4)).as("a later epoch").isFalse();
        assertThat(before.isValid("viewer", token, 3)).as("another user").isFalse();
        assertThat(before.isValid("admin", "3.forged", 3)).isFalse();
    }
}
