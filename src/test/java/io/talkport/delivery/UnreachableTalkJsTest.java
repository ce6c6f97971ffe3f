package io.talkport.delivery;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.SmallBundles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TalkJS unreachable (the environment points at a closed port): the run does not sit QUEUED or RUNNING without a
 * word; the job page and the run API say why, within two minutes. The client's retries are shortened so that the test
 * takes seconds; with the defaults (five retries, 1 s doubling) the reason shows after about 31 s.
 */
@QuarkusTest
@TestProfile(UnreachableTalkJsTest.ClosedPort.class)
class UnreachableTalkJsTest {

    public static class ClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("talkjs.base-url", "http://127.0.0.1:" + closedPort(),
                    "talkjs.retry.max-retries", "1",
                    "talkjs.retry.initial-delay", "100ms");
        }
    }

    /** A port nobody listens on: bound once by us, then closed. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theReasonShowsOnTheJobPageAndInTheRunApiWithinTwoMinutes() {
        long id = SmallBundles.readyJob("unreachable.zip");
        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                Jobs.get(id).getString("runs.find { it.environment == 'test' }.lastError") != null);
        JsonPath run = new JsonPath(Jobs.get(id).prettify()).setRootPath("runs.find { it.environment == 'test' }");
        assertThat(run.getString("status")).isEqualTo("QUEUED");
        assertThat(run.getString("lastError")).startsWith("Planning: TalkJS did not answer conversations.list in "
                + "the test app: could not connect to http://127.0.0.1:").contains("(nothing answers there, or the "
                + "network is down)");
        String page = given().when().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("id=\"run-test-waiting\"").contains("Waiting: Planning: TalkJS did not answer");
    }
}
