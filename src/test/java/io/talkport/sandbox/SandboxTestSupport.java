package io.talkport.sandbox;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Request helpers for the sandbox tests: authenticated calls to the test app and small fixtures. */
final class SandboxTestSupport {

    static final String APP = "sandbox-test";
    static final String SECRET = "sk_test_sandboxTestSecret0000000000";
    static final String LIVE_APP = "sandbox-live";
    static final String LIVE_SECRET = "sk_live_sandboxLiveSecret0000000000";
    static final String API = "/sandbox/talkjs/v1/" + APP;

    private SandboxTestSupport() {
    }

    static RequestSpecification api() {
        return given().auth().none().header("Authorization", "Bearer " + SECRET);
    }

    static RequestSpecification json() {
        return api().contentType(ContentType.JSON);
    }

    static void user(String id) {
        json().body(Map.of("name", "User " + id)).put(API + "/users/" + id).then().statusCode(200);
    }

    static void conversation(String id, String... participants) {
        for (String p : participants) {
            user(p);
        }
        json().body(Map.of("participants", List.of(participants))).put(API + "/conversations/" + id)
                .then().statusCode(200);
    }

    static Map<String, Object> message(String sender, String text, long timestamp) {
        return Map.of("type", "UserMessage", "text", text, "sender", sender, "timestamp", timestamp,
                "readBy", List.of());
    }
}
