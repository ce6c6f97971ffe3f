package io.talkport.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import io.talkport.sandbox.ops.FaultKind;
import io.talkport.sandbox.ops.FaultRule;
import io.talkport.sandbox.ops.FaultSettings;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.talkport.sandbox.SandboxTestSupport.API;
import static io.talkport.sandbox.SandboxTestSupport.api;
import static io.talkport.sandbox.SandboxTestSupport.conversation;
import static io.talkport.sandbox.SandboxTestSupport.json;
import static io.talkport.sandbox.SandboxTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class SandboxFaultsTest {

    private static final String CONTROL = "/sandbox/control/sandbox-test";
    private static final String IMPORT = API + "/import/conversations/c1/messages";

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
    }

    @Test
    void overTheRateLimitIs429WithRetryAfterSeconds() {
        given().contentType("application/json").body(Map.of("rate", 0.5, "burst", 2)).put(CONTROL + "/rate-limit")
                .then().statusCode(200).body("burst", equalTo(2));
        api().get(API + "/users").then().statusCode(200);
        api().get(API + "/users").then().statusCode(200);
        api().get(API + "/users").then().statusCode(429).contentType("application/json")
                .header("Retry-After", equalTo("2")).body("errorCode", equalTo("RATE_LIMITED"));
        assertThat(sandbox.app("sandbox-test").journal().counters().rateLimited()).isEqualTo(1);
    }

    @Test
    void scriptedFaultsFireOnTheRightCalls() {
        sandbox.app("sandbox-test").faults().configure(FaultSettings.NONE, List.of(
                new FaultRule("USERS_LIST", FaultKind.ERROR_500, 1, 2, null),
                new FaultRule("USER_GET", FaultKind.RATE_429, 0, 1, null),
                new FaultRule("USER_GET", FaultKind.RATE_429, 0, 1, 7)));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(api().get(API + "/users").then().extract().statusCode());
        }
        assertThat(statuses).containsExactly(200, 500, 500, 200);
        api().get(API + "/users/x").then().statusCode(429).header("Retry-After", nullValue());
        api().get(API + "/users/x").then().statusCode(429).header("Retry-After", equalTo("7"));
        api().get(API + "/users/x").then().statusCode(404);
        assertThat(sandbox.app("sandbox-test").journal().counters().injected5xx()).isEqualTo(2);
    }

    @Test
    void storedThen500StoresTheMessages() {
        conversation("c1", "alice");
        given().contentType("application/json").body(Map.of("scripts", List.of(
                        Map.of("route", "IMPORT", "kind", "STORED_THEN_500", "skip", 1, "times", 1))))
                .put(CONTROL + "/faults").then().statusCode(200).body("scripts[0].skip", equalTo(1));
        json().body(List.of(message("alice", "one", 1))).post(IMPORT).then().statusCode(200);
        json().body(List.of(message("alice", "two", 2))).post(IMPORT).then().statusCode(500);
        json().body(List.of(message("alice", "three", 3))).post(IMPORT).then().statusCode(200);
        assertThat(sandbox.app("sandbox-test").state().messages()).isEqualTo(3);
        given().get(CONTROL + "/messages?conversationId=c1").then().statusCode(200)
                .body("data.text", org.hamcrest.Matchers.contains("one", "two", "three"));
    }

    @Test
    void randomFaultsAreReproducibleWithASeed() {
        FaultSettings half = new FaultSettings(0.3, 0.2, 0.1, 3, 0, 0, 7L);
        List<Integer> first = statusesWith(half);
        List<Integer> second = statusesWith(half);
        assertThat(first).isEqualTo(second).contains(500, 503, 429, 200);
    }

    private List<Integer> statusesWith(FaultSettings settings) {
        sandbox.app("sandbox-test").faults().configure(settings, List.of());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(api().get(API + "/users").then().extract().statusCode());
        }
        return statuses;
    }

    @Test
    void latencyIsAdded() {
        given().contentType("application/json").body(Map.of("random", Map.of("latencyMillis", 300)))
                .put(CONTROL + "/faults").then().statusCode(200);
        long start = System.nanoTime();
        api().get(API + "/users").then().statusCode(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void invalidFaultSettingsAre400() {
        given().contentType("application/json").body(Map.of("random", Map.of("error500", 2)))
                .put(CONTROL + "/faults").then().statusCode(400);
        given().get("/sandbox/control/nope/state").then().statusCode(404);
    }
}
