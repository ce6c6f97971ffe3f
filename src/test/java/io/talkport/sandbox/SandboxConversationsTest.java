package io.talkport.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.talkport.sandbox.SandboxTestSupport.API;
import static io.talkport.sandbox.SandboxTestSupport.api;
import static io.talkport.sandbox.SandboxTestSupport.conversation;
import static io.talkport.sandbox.SandboxTestSupport.json;
import static io.talkport.sandbox.SandboxTestSupport.message;
import static io.talkport.sandbox.SandboxTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class SandboxConversationsTest {

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
    }

    @Test
    void putMergesParticipantsWithDefaults() {
        conversation("c1", "alice", "bob");
        user("carol");
        json().body(Map.of("participants", List.of("carol"), "subject", "Boots")).put(API + "/conversations/c1")
                .then().statusCode(200).body(equalTo("{}"));
        api().get(API + "/conversations/c1").then().statusCode(200)
                .body("id", equalTo("c1")).body("subject", equalTo("Boots"))
                .body("participants.keySet()", containsInAnyOrder("alice", "bob", "carol"))
                .body("participants.carol.access", equalTo("ReadWrite"))
                .body("participants.carol.notify", equalTo(true));
    }

    @Test
    void unknownParticipantIs400InStrictModeAndNothingIsCreated() {
        json().body(Map.of("participants", List.of("ghost"))).put(API + "/conversations/c1").then()
                .statusCode(400);
        api().get(API + "/conversations/c1").then().statusCode(404).contentType("application/json");
    }

    @Test
    void participantCapIs400() {
        List<String> many = new ArrayList<>();
        Map<String, Object> batch = new java.util.HashMap<>();
        for (int i = 0; i < 100; i++) {
            many.add("p" + i);
            batch.put("p" + i, Map.of("name", "P"));
        }
        json().body(batch).put(API + "/users").then().statusCode(200);
        user("extra");
        json().body(Map.of("participants", many)).put(API + "/conversations/big").then().statusCode(200);
        json().body(Map.of("participants", List.of("extra"))).put(API + "/conversations/big").then()
                .statusCode(400).body("errorCode", equalTo("PARTICIPANT_LIMIT"));
        api().put(API + "/conversations/big/participants/extra").then().statusCode(400);
    }

    @Test
    void participantPutPatchDelete() {
        conversation("c1", "alice");
        user("bob");
        api().put(API + "/conversations/c1/participants/bob").then().statusCode(200);
        json().body(Map.of("access", "Read")).patch(API + "/conversations/c1/participants/bob").then()
                .statusCode(200);
        json().body(Map.of("access", "Admin")).patch(API + "/conversations/c1/participants/bob").then()
                .statusCode(400);
        api().get(API + "/conversations/c1").then()
                .body("participants.bob.access", equalTo("Read")).body("participants.bob.notify", equalTo(true));
        json().body(Map.of("notify", false)).put(API + "/conversations/c1/participants/bob").then()
                .statusCode(200);
        api().get(API + "/conversations/c1").then()
                .body("participants.bob.access", equalTo("ReadWrite")).body("participants.bob.notify", equalTo(false));
        api().delete(API + "/conversations/c1/participants/bob").then().statusCode(200).body(equalTo("{}"));
        api().delete(API + "/conversations/c1/participants/bob").then().statusCode(200);
        api().get(API + "/conversations/c1").then().body("participants.keySet()", contains("alice"));
    }

    @Test
    void deleteCascadesToMessages() {
        conversation("c1", "alice");
        json().body(List.of(message("alice", "hi", 1000))).post(API + "/import/conversations/c1/messages")
                .then().statusCode(200);
        assertThat(sandbox.app("sandbox-test").state().messages()).isEqualTo(1);
        api().delete(API + "/conversations/c1").then().statusCode(200).body(equalTo("{}"));
        api().get(API + "/conversations/c1").then().statusCode(404);
        api().get(API + "/conversations/c1/messages").then().statusCode(404);
        assertThat(sandbox.app("sandbox-test").state().messages()).isZero();
    }

    @Test
    void aUsersConversations() {
        conversation("a", "u", "v");
        conversation("b", "v");
        api().get(API + "/users/u/conversations").then().statusCode(200).body("data.id", contains("a"));
        api().get(API + "/users/v/conversations?limit=1&startingAfter=a").then().body("data.id", contains("b"));
        api().get(API + "/users/ghost/conversations").then().statusCode(404);
    }

    @Test
    void listPagesUpTo30() {
        conversation("a", "u");
        conversation("b", "u");
        api().get(API + "/conversations?limit=1").then().statusCode(200).body("data.id", contains("a"));
        api().get(API + "/conversations?limit=30&startingAfter=a").then().statusCode(200)
                .body("data.id", contains("b"));
        api().get(API + "/conversations?limit=31").then().statusCode(400);
    }
}
