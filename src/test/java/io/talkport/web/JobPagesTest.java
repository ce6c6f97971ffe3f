package io.talkport.web;

import io.quarkus.test.junit.QuarkusTest;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class JobPagesTest {

    private static long job() {
        byte[] bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob")
                .conversation("c1", "u1", "u2")
                .message("c1", "u1", 1_650_000_000_000L, "hi")
                .message("c1", "nobody", 1_650_000_001_000L, "ghost")
                .toBytes();
        return Jobs.uploadAndValidate("pages.zip", bundle).getLong("id");
    }

    @Test
    void theJobListShowsJobsWithStatusAndCounts() {
        long id = job();
        given().when().get("/jobs").then().statusCode(200).contentType("text/html")
                .body(allOf(containsString("href=\"/jobs/" + id + "\""), containsString("pages.zip"),
                        containsString("READY")));
        given().redirects().follow(false).when().get("/").then().statusCode(303);
    }

    @Test
    void theJobPageShowsCountsIssuesAndThePushAction() {
        long id = job();
        given().when().get("/jobs/" + id).then().statusCode(200)
                .body(allOf(containsString("id=\"count-messages\">1<"), containsString("UNKNOWN_USER"),
                        containsString("messages.jsonl"), containsString("Push to test"),
                        containsString("Sandbox"), not(containsString("Promote to live</button>"))));
    }

    @Test
    void htmxGetsOnlyTheIssuesFragmentFilteredAndTheRunsFragment() {
        long id = job();
        String issues = given().header("HX-Request", "true").header("HX-Target", "issues")
                .queryParam("severity", "warning")
                .when().get("/jobs/" + id).then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(issues).doesNotContain("<html").doesNotContain("<code>UNKNOWN_USER</code>")
                .contains("No issues match these filters");
        String runs = given().header("HX-Request", "true").header("HX-Target", "runs")
                .when().get("/jobs/" + id).then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(runs).doesNotContain("<html").contains("id=\"run-test\"")
                .contains("id=\"run-live\"");
    }

    @Test
    void theUploadPageHasALabelledFileInputAndProgressBar() {
        given().when().get("/jobs/new").then().statusCode(200)
                .body(allOf(containsString("<label for=\"file\">"), containsString("id=\"upload-progress\""),
                        containsString("/js/talkport.js")));
    }

    @Test
    void anUnknownJobPageAnswers404AsAPageToBrowsersAndAsJsonToScripts() {
        given().when().get("/jobs/987654").then().statusCode(404).contentType("application/json");
        String browser = "text/html,application/xhtml+xml,*/*;q=0.8";
        given().accept(browser).when().get("/jobs/987654").then().statusCode(404)
                .contentType("text/html")
                .body(allOf(containsString("<h1 id=\"error-title\">Nothing here</h1>"), containsString("id=\"main-nav\""),
                        containsString("There is no job 987654.")));
        given().accept(browser).when().get("/api/jobs/987654").then().statusCode(404)
                .contentType("application/json");
        given().accept(browser).redirects().follow(false).when().get("/upload").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/jobs/new"));
    }

    @Test
    void aLinkCannotSetTheAlertBannerAndDeletingNeedsTheTypedName() {
        long id = job();
        given().queryParam("notice", "Your session expired").queryParam("flash", "0123456789abcdef")
                .when().get("/jobs/" + id).then().statusCode(200)
                .body(allOf(not(containsString("Your session expired")), not(containsString("id=\"notice\""))));
        given().redirects().follow(false).formParam("confirm", "not the name").when().post("/jobs/" + id + "/delete")
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.containsString("/jobs/" + id + "?flash="));
        given().when().get("/api/jobs/" + id).then().statusCode(200);
    }
}
