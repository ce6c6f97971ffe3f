package io.talkport.delivery;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.SmallBundles;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The last resort against a silent stall: nothing takes the run's work (delivery is off on every instance) and no
 * error explains it; after {@code talkport.delivery.stall-after} (2 min by default, 2 s here) the page and the API say
 * so, and what to check.
 */
@QuarkusTest
@TestProfile(StalledRunTest.NoDelivery.class)
class StalledRunTest {

    public static class NoDelivery implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("talkport.delivery.enabled", "false", "talkport.delivery.stall-after", "2s");
        }
    }

    @Test
    void aRunThatNothingTakesSaysSo() {
        long id = SmallBundles.readyJob("stalled.zip");
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        assertThat(Jobs.get(id).getString("runs.find { it.environment == 'test' }.lastError")).isNull();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                Jobs.get(id).getString("runs.find { it.environment == 'test' }.lastError") != null);
        JsonPath run = new JsonPath(Jobs.get(id).prettify()).setRootPath("runs.find { it.environment == 'test' }");
        assertThat(run.getString("status")).isEqualTo("QUEUED");
        assertThat(run.getString("lastError")).startsWith("Not started after ")
                .contains("no error recorded: no instance is planning runs")
                .contains("talkport.delivery.enabled=true");
        assertThat(given().when().get("/jobs/" + id).then().statusCode(200).extract().asString())
                .contains("no instance is planning runs");
    }
}
