package io.talkport.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.talkport.testsupport.BrowserSession;
import io.talkport.testsupport.SecurityTestProfile;
import io.talkport.testsupport.SmallBundles;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.talkport.testsupport.TestUsers.OPERATOR;
import static io.talkport.testsupport.TestUsers.VIEWER;
import static io.talkport.testsupport.TestUsers.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** State-changing browser requests need the page's CSRF token; scripts with HTTP Basic do not. */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class CsrfTest {

    @Test
    void aFormPostWithTheSessionButWithoutTheTokenIsRefused() {
        long id = SmallBundles.readyJob("csrf.zip");
        BrowserSession browser = BrowserSession.login(OPERATOR);
        String token = browser.csrfToken("/jobs/" + id);

        browser.request().when().post("/jobs/" + id + "/delete")
                .then().statusCode(403).contentType(ContentType.JSON)
                .body("error", equalTo("csrf")).body("message", containsString("CSRF token"));
        browser.request().formParam("csrf-token", token + "x").when().post("/jobs/" + id + "/delete")
                .then().statusCode(403);
        BrowserSession other = BrowserSession.login(VIEWER);
        other.request().formParam("csrf-token", token).when().post("/jobs/" + id + "/push").then().statusCode(403);
        given().when().get("/api/jobs/" + id).then().statusCode(200);

        browser.request().formParam("csrf-token", token).formParam("confirm", "csrf.zip")
                .when().post("/jobs/" + id + "/delete").then().statusCode(303);
        given().when().get("/api/jobs/" + id).then().statusCode(404);
    }

    @Test
    void theUploadXhrSendsTheTokenAsAHeader() {
        BrowserSession browser = BrowserSession.login(OPERATOR);
        String token = browser.csrfToken("/jobs/new");
        browser.request().multiPart("file", "xhr.zip", SmallBundles.twoUsers(), "application/zip")
                .when().post("/api/jobs").then().statusCode(403).body("error", equalTo("csrf"));
        browser.request().header("X-CSRF-Token", token)
                .multiPart("file", "xhr.zip", SmallBundles.twoUsers(), "application/zip")
                .when().post("/api/jobs").then().statusCode(202).body("name", equalTo("xhr.zip"));
    }

    @Test
    void pageFormsCarryTheToken() {
        long id = SmallBundles.readyJob("forms.zip");
        BrowserSession browser = BrowserSession.login(OPERATOR);
        String token = browser.csrfToken("/jobs/" + id);
        String page = browser.get("/jobs/" + id).body().asString();
        org.assertj.core.api.Assertions.assertThat(page)
                .contains("<input type=\"hidden\" name=\"csrf-token\" value=\"" + token + "\">");
        browser.request().formParam("csrf-token", token).formParam("addMissingSenders", "on")
                .when().post("/jobs/" + id + "/push").then().statusCode(303);
        given().when().get("/api/jobs/" + id).then().body("runs[0].environment", equalTo("test"));
    }

    @Test
    void scriptsWithHttpBasicNeedNoTokenUnlessABrowserSentThemFromAnotherSite() {
        long id = SmallBundles.readyJob("basic.zip");
        as(OPERATOR).header("Origin", "https://evil.example").when().delete("/api/jobs/" + id)
                .then().statusCode(403).body("error", equalTo("csrf"));
        as(OPERATOR).header("Sec-Fetch-Site", "cross-site").when().delete("/api/jobs/" + id)
                .then().statusCode(403);
        as(OPERATOR).when().delete("/api/jobs/" + id).then().statusCode(204);
    }
}
