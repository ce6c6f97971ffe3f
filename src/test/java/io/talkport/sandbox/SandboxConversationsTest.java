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
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

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
        api().get(API + "/users/v/conversations?limit=1&startingAfter=b").then().body("data.id", contains("a"));
        api().get(API + "/users/ghost/conversations").then().statusCode(404);
    }

    /** Newest activity first by default (TalkJS since 2021-02-09), orderBy/orderDirection, lastMessage filters. */
    @Test
    void listsOrderByActivityAndFilterByLastMessage() {
        conversation("old", "u");
        conversation("quiet", "u");
        conversation("new", "u");
        json().body(List.of(message("u", "late", 5_000))).post(API + "/import/conversations/old/messages")
                .then().statusCode(200);
        json().body(List.of(message("u", "early", 1_000))).post(API + "/import/conversations/new/messages")
                .then().statusCode(200);
        api().get(API + "/conversations?limit=30").then().body("data.id", contains("quiet", "old", "new"));
        api().get(API + "/conversations?orderBy=createdAt&orderDirection=ASC").then()
                .body("data.id", contains("old", "quiet", "new"));
        api().get(API + "/conversations?lastMessageAfter=1000").then().body("data.id", contains("old"));
        api().get(API + "/conversations?lastMessageBefore=5000").then().body("data.id", contains("new"));
        api().get(API + "/conversations?orderBy=subject").then().statusCode(400);
        api().get(API + "/conversations?orderDirection=up").then().statusCode(400);
        api().get(API + "/conversations?lastMessageAfter=soon").then().statusCode(400);
        api().get(API + "/conversations?unreadsOnly=true").then().statusCode(400);
    }

    /** unreadsOnly on a user's list; readUntil and isUnread returned per participant. */
    @Test
    void unreadsFollowReadByAndReadUntil() {
        conversation("c", "u", "v");
        conversation("d", "u", "v");
        json().body(List.of(message("v", "to u", 2_000))).post(API + "/import/conversations/c/messages")
                .then().statusCode(200);
        Map<String, Object> read = new java.util.HashMap<>(message("v", "read", 2_000));
        read.put("readBy", List.of("u"));
        json().body(List.of(read)).post(API + "/import/conversations/d/messages").then().statusCode(200);
        api().get(API + "/users/u/conversations?unreadsOnly=true").then().statusCode(200)
                .body("data.id", contains("c"));
        api().get(API + "/conversations/c").then().body("participants.u.isUnread", equalTo(true))
                .body("participants.u.readUntil", nullValue()).body("participants.v.isUnread", equalTo(false));
        json().body(Map.of("readUntil", 2_000)).patch(API + "/conversations/c/participants/u")
                .then().statusCode(200);
        api().get(API + "/conversations/c").then().body("participants.u.readUntil", equalTo(2000))
                .body("participants.u.isUnread", equalTo(false));
        api().get(API + "/users/u/conversations?unreadsOnly=true").then().body("data", hasSize(0));
    }

    @Test
    void listPagesUpTo30() {
        conversation("a", "u");
        conversation("b", "u");
        api().get(API + "/conversations?limit=1").then().statusCode(200).body("data.id", contains("b"));
        api().get(API + "/conversations?limit=30&startingAfter=b").then().statusCode(200)
                .body("data.id", contains("a"));
        api().get(API + "/conversations?limit=31").then().statusCode(400);
    }
}
