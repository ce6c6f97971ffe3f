package io.talkport.delivery;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wrong secret key fails the run at once with a clear reason, on the job page and in the run API (well within two
 * minutes: the first call meets the 401), and the key appears nowhere.
 */
@QuarkusTest
@TestProfile(WrongCredentialsTest.WrongKey.class)
class WrongCredentialsTest {

    static final String WRONG_KEY = "sk_test_thisIsNotTheRightKeyAtAll0000";

    public static class WrongKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("talkjs.test.secret-key", WRONG_KEY);
        }
    }

    @Inject
    TalkJsSandbox sandbox;

    @Test
    void a401FailsTheRunWithTheReasonAndNeverRetries() {
        sandbox.resetAll();
        byte[] bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob")
                .conversation("c1", "u1", "u2").message("c1", "u1", 1_650_000_000_000L, "hi").toBytes();
        long id = Jobs.uploadAndValidate("wrong-key.zip", bundle).getLong("id");
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);

        JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(60), "FAILED", "SUCCEEDED");
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("error")).contains("401").contains("sandbox-test").doesNotContain(WRONG_KEY);
        assertThat(sandbox.app("sandbox-test").users()).isEmpty();
        assertThat(sandbox.app("sandbox-test").journal().counters().callsByRouteAndStatus())
                .as("the plan's listing meets the 401 first; nothing is sent after it")
                .containsEntry("CONVERSATIONS_LIST 401", 1L).doesNotContainKey("USERS_BATCH_PUT 401");

        String page = given().when().get("/jobs/" + id).then().statusCode(200).extract().asString();
        String api = given().when().get("/api/jobs/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("TalkJS refused the credentials for the test app sandbox-test (HTTP 401)")
                .doesNotContain(WRONG_KEY);
        assertThat(api).doesNotContain(WRONG_KEY);
    }
}
