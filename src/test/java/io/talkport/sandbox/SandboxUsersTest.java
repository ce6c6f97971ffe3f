package io.talkport.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.talkport.sandbox.SandboxTestSupport.API;
import static io.talkport.sandbox.SandboxTestSupport.api;
import static io.talkport.sandbox.SandboxTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class SandboxUsersTest {

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
    }

    @Test
    void putIsAnUpsertWithPatchSemanticsAndCustomMerges() {
        json().body(Map.of("name", "Alice", "email", List.of("a@x.org"), "custom", Map.of("a", "1", "b", "2")))
                .put(API + "/users/alice").then().statusCode(200).contentType("application/json")
                .body(equalTo("{}"));
        Map<String, Object> patch = new HashMap<>();
        patch.put("b", null);
        patch.put("c", "3");
        json().body(Map.of("custom", patch, "role", "agent")).put(API + "/users/alice").then().statusCode(200);
        api().get(API + "/users/alice").then().statusCode(200)
                .body("id", equalTo("alice")).body("name", equalTo("Alice"))
                .body("email", contains("a@x.org")).body("role", equalTo("agent"))
                .body("custom", equalTo(Map.of("a", "1", "c", "3"))).body("photoUrl", nullValue());
    }

    @Test
    void invalidUsersAre400() {
        json().body(Map.of("email", "x@y.z")).put(API + "/users/noname").then().statusCode(400)
                .body("errorCode", equalTo("INVALID_USER"));
        json().body(Map.of("name", 42)).put(API + "/users/u").then().statusCode(400);
        json().body(Map.of("name", "U", "custom", Map.of("n", 1))).put(API + "/users/u").then().statusCode(400);
        json().body(Map.of("name", "U", "nickname", "x")).put(API + "/users/u").then().statusCode(400);
        json().body("[1]").put(API + "/users/u").then().statusCode(400);
        json().body("{not json").put(API + "/users/u").then().statusCode(400);
        api().contentType("text/plain").body("{\"name\":\"U\"}").put(API + "/users/u").then().statusCode(400)
                .body("errorCode", equalTo("UNSUPPORTED_CONTENT_TYPE"));
        api().get(API + "/users/u").then().statusCode(404).contentType("application/json");
    }

    @Test
    void batchIsAllOrNothingAndNamesTheOffenders() {
        Map<String, Object> batch = new HashMap<>();
        batch.put("good", Map.of("name", "Good"));
        batch.put("bad1", Map.of("email", List.of("x@y.z")));
        batch.put("bad2", Map.of("name", "B", "custom", Map.of("k", true)));
        json().body(batch).put(API + "/users").then().statusCode(400)
                .body("errorCode", equalTo("INVALID_USERS"))
                .body("reasons", aMapWithSize(2)).body("reasons", hasKey("bad1")).body("reasons", hasKey("bad2"));
        assertThat(sandbox.app("sandbox-test").state().users()).isZero();

        json().body(Map.of("a", Map.of("name", "A"), "b", Map.of("name", "B"))).put(API + "/users")
                .then().statusCode(200).body(equalTo("{}"));
        assertThat(sandbox.app("sandbox-test").state().users()).isEqualTo(2);
    }

    @Test
    void batchOfMoreThan100IsRejectedWhole() {
        Map<String, Object> batch = new HashMap<>();
        for (int i = 0; i < 101; i++) {
            batch.put("u" + i, Map.of("name", "U" + i));
        }
        json().body(batch).put(API + "/users").then().statusCode(400).body("errorCode", equalTo("TOO_MANY_USERS"));
        assertThat(sandbox.app("sandbox-test").state().users()).isZero();
        batch.remove("u100");
        json().body(batch).put(API + "/users").then().statusCode(200);
        assertThat(sandbox.app("sandbox-test").state().users()).isEqualTo(100);
    }

    @Test
    void listPagesInCreationOrder() {
        for (String id : List.of("c", "a", "b")) {
            SandboxTestSupport.user(id);
        }
        api().get(API + "/users?limit=2").then().statusCode(200).body("data.id", contains("c", "a"));
        api().get(API + "/users?limit=2&startingAfter=a").then().statusCode(200).body("data.id", contains("b"));
        api().get(API + "/users?limit=101").then().statusCode(400);
        api().get(API + "/users?limit=0").then().statusCode(400);
        api().get(API + "/users?startingAfter=ghost").then().statusCode(400);
    }

    /** TalkJS's Sendbird migration script sends the id in the body too (talkjs-examples, rest-api/). */
    @Test
    void anIdInTheBodyEqualToThePathIdIsAcceptedAnyOtherRefused() {
        json().body(java.util.Map.of("id", "zed", "name", "Zed")).put(API + "/users/zed").then().statusCode(200);
        api().get(API + "/users/zed").then().statusCode(200).body("name", org.hamcrest.Matchers.equalTo("Zed"));
        json().body(java.util.Map.of("id", "other", "name", "Zed")).put(API + "/users/zed").then().statusCode(400)
                .body("reasons[0]", org.hamcrest.Matchers.containsString("id must be omitted or equal"));
        json().body(java.util.Map.of("u1", java.util.Map.of("id", "u1", "name", "One"),
                "u2", java.util.Map.of("id", 2, "name", "Two"))).put(API + "/users").then().statusCode(400)
                .body("reasons.u2", org.hamcrest.Matchers.containsString("id must be omitted"));
        api().get(API + "/users/u1").then().statusCode(404);
    }
}
