package io.talkport.web;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The Environments page shows each environment without its key and checks the connection on request. */
@QuarkusTest
class EnvironmentPagesTest {

    @Test
    void showsEachEnvironmentAndChecksTheConnectionWithoutShowingTheKey() {
        String page = given().when().get("/environments").then().statusCode(200).extract().asString();
        assertThat(page).contains("sandbox-test").contains("sandbox-live").contains("Check connection")
                .doesNotContain("sk_test_sandboxTestSecret").doesNotContain("sk_live_sandboxLiveSecret");

        String checked = given().when().post("/environments/live/check").then().statusCode(200).extract().asString();
        assertThat(checked).contains("id=\"check-live\"")
                .contains("The key authenticates and app sandbox-live answers")
                .doesNotContain("sk_live_sandboxLiveSecret");
        given().when().post("/environments/LIVE/check").then().statusCode(404);
    }

    @Test
    void onlyAnAdminSeesIt() {
        given().auth().preemptive().basic("operator", "operator-test-password").when().get("/environments")
                .then().statusCode(403);
    }
}
