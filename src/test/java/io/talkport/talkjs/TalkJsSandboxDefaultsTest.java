package io.talkport.talkjs;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.talkport.talkjs.TalkJsEnvironment.LIVE;
import static io.talkport.talkjs.TalkJsEnvironment.TEST;
import static org.assertj.core.api.Assertions.assertThat;

/** In %test the injected client points at the local sandbox on the random test port, with its fixed apps. */
@QuarkusTest
class TalkJsSandboxDefaultsTest {

    @Inject
    TalkJsClient client;

    @Test
    void pointsAtTheSandboxOnTheActualTestPort() {
        assertThat(RestAssured.port).isPositive();
        assertThat(client.baseUrl()).isEqualTo("http://localhost:" + RestAssured.port + "/sandbox/talkjs");
        assertThat(client.isSandbox(TEST)).isTrue();
        assertThat(client.label(TEST)).isEqualTo("Sandbox (test)");
        assertThat(client.label(LIVE)).isEqualTo("Sandbox (live)");
        assertThat(client.appId(TEST)).contains("sandbox-test");
        assertThat(client.appId(LIVE)).contains("sandbox-live");
        assertThat(client.isConfigured(LIVE)).isTrue();
        assertThat(client.importBatchSize()).isEqualTo(10);
    }
}
