package io.talkport.security;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.talkport.testsupport.BrowserSession;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.SecurityTestProfile;
import io.talkport.testsupport.TestUsers;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class AuthenticationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anAnonymousApiRequestGets401WithAJsonBodyNotARedirect() {
        for (String path : List.of("/api/jobs", "/api/jobs/1", "/api/audit", "/q/metrics", "/q/openapi")) {
            given().auth().none().redirects().follow(false).when().get(path)
                    .then().statusCode(401).contentType(ContentType.JSON)
                    .header("WWW-Authenticate", containsString("Basic"))
                    .body("error", equalTo("unauthorized"))
                    .body("message", containsString("Log in"));
        }
        given().auth().none().multiPart("file", "x.zip", new byte[10], "application/zip")
                .when().post("/api/jobs").then().statusCode(401).contentType(ContentType.JSON);
    }

    @Test
    void anAnonymousPageRequestIsRedirectedToTheLoginPage() {
        for (String path : List.of("/", "/jobs", "/jobs/new", "/jobs/1", "/audit", "/sandbox")) {
            given().auth().none().redirects().follow(false).when().get(path)
                    .then().statusCode(302).header("Location", endsWith("/login"));
        }
    }

    @Test
    void healthTheLoginPageAndItsAssetsNeedNoLogin() {
        given().auth().none().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().auth().none().when().get("/q/health/ready").then().statusCode(200);
        given().auth().none().when().get("/login").then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("action=\"/j_security_check\""))
                .body(containsString("name=\"j_password\""));
        given().auth().none().when().get("/css/talkport.css").then().statusCode(200);
        given().auth().none().when().get("/js/talkport.js").then().statusCode(200);
        given().auth().none().when().get("/webjars/htmx.org/2.0.4/dist/htmx.min.js").then().statusCode(200);
    }

    @Test
    void theTalkJsSandboxApiIsNotBehindTheTalkportLogin() {
        // With only its TalkJS Bearer key (no Talkport login) the sandbox answers as TalkJS would: 404 for an
        // unknown user, not our login challenge.
        Response response = given().auth().none().redirects().follow(false)
                .header("Authorization", "Bearer sk_test_sandboxTestSecret0000000000")
                .when().get("/sandbox/talkjs/v1/sandbox-test/users/nobody-" + System.nanoTime());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body().asString()).doesNotContain("Log in first");
        given().auth().none().redirects().follow(false).when().get("/sandbox/control/apps")
                .then().statusCode(401);
        TestUsers.as(TestUsers.VIEWER).when().get("/sandbox/control/apps").then().statusCode(403)
                .contentType(ContentType.JSON);
    }

    @Test
    void wrongBasicCredentialsGet401JsonAndAreAudited() {
        given().auth().preemptive().basic("operator", "not-the-password").when().get("/api/jobs")
                .then().statusCode(401).contentType(ContentType.JSON).body("error", equalTo("unauthorized"));
        given().auth().preemptive().basic("mallory", "guess").when().get("/api/jobs").then().statusCode(401);

        Db db = new Db(dataSource);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                "SELECT count(*) FROM audit_event WHERE action = 'login.failed' AND username = 'mallory'") == 1);
        assertThat(db.rows("SELECT detail FROM audit_event WHERE action = 'login.failed' AND username = 'operator'"))
                .anySatisfy(detail -> assertThat(detail).contains("HTTP Basic from "));
        assertThat(db.rows("SELECT coalesce(detail, '') || username FROM audit_event"))
                .noneMatch(row -> row.contains("not-the-password") || row.contains("guess"));
    }

    @Test
    void theLoginFormLogsInAndTheSessionSeesThePages() {
        BrowserSession browser = BrowserSession.login(TestUsers.OPERATOR);
        Response jobs = browser.get("/jobs");
        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(jobs.body().asString()).contains("id=\"current-user\">operator (operator)")
                .contains("<meta name=\"csrf-token\"");
        Response cookie = given().auth().none().redirects().follow(false)
                .formParam("j_username", TestUsers.VIEWER).formParam("j_password", TestUsers.VIEWER_PASSWORD)
                .when().post("/j_security_check");
        String setCookie = String.join("\n", cookie.headers().getValues("Set-Cookie"));
        assertThat(setCookie).contains(BrowserSession.SESSION_COOKIE + "=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
    }

    @Test
    void aFailedFormLoginShowsAnErrorAndIsAuditedWithoutThePassword() {
        given().auth().none().redirects().follow(false)
                .formParam("j_username", "admin").formParam("j_password", "wrong-password-123")
                .when().post("/j_security_check")
                .then().statusCode(302).header("Location", containsString("/login?error=true"));
        given().auth().none().when().get("/login?error=true").then().statusCode(200)
                .body(containsString("The user name or password is wrong."));

        Db db = new Db(dataSource);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.count("SELECT count(*) FROM audit_event "
                + "WHERE action = 'login.failed' AND username = 'admin' AND detail LIKE 'login form from %'") >= 1);
        assertThat(db.rows("SELECT coalesce(detail, '') || coalesce(username, '') FROM audit_event"))
                .noneMatch(row -> row.contains("wrong-password-123"));
    }

    @Test
    void logoutEndsTheSession() {
        BrowserSession browser = BrowserSession.login(TestUsers.VIEWER);
        String token = browser.csrfToken("/jobs");
        Response logout = browser.request().formParam("csrf-token", token).when().post("/logout");
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.header("Location")).endsWith("/login?logout=true");
        browser.keep(logout);
        assertThat(browser.hasCookie(BrowserSession.SESSION_COOKIE)).isFalse();
        assertThat(browser.get("/jobs").statusCode()).isEqualTo(302);
    }

    @Test
    void pagesCarryTheSecurityHeaders() {
        BrowserSession browser = BrowserSession.login(TestUsers.ADMIN);
        for (String path : List.of("/jobs", "/jobs/new", "/audit")) {
            browser.request().when().get(path).then().statusCode(200)
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("same-origin"));
        }
        given().auth().none().when().get("/login").then()
                .header("Content-Security-Policy", containsString("default-src 'self'"));
        String page = browser.get("/jobs/new").body().asString();
        assertThat(page).doesNotContain("style=\"").contains("includeIndicatorStyles");
        assertThat(page.replaceAll("<script src=\"[^\"]+\" defer></script>", "")).doesNotContain("<script");
    }

    @Test
    void prodRefusesToStartWithoutAnAdminPassword() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdminPasswordCheck.verify(
                        io.quarkus.runtime.LaunchMode.NORMAL, true, java.util.Optional.empty()))
                .hasMessageContaining("TALKPORT_ADMIN_PASSWORD");
        AdminPasswordCheck.verify(io.quarkus.runtime.LaunchMode.NORMAL, true, java.util.Optional.of("s3cret"));
        AdminPasswordCheck.verify(io.quarkus.runtime.LaunchMode.DEVELOPMENT, true, java.util.Optional.empty());
        AdminPasswordCheck.verify(io.quarkus.runtime.LaunchMode.NORMAL, false, java.util.Optional.empty());
    }
}
