package io.talkport.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class SandboxImportTest {

    private static final String IMPORT = API + "/import/conversations/c1/messages";

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
        conversation("c1", "alice", "bob");
    }

    private long storedMessages() {
        return sandbox.app("sandbox-test").state().messages();
    }

    @Test
    void importStoresMessagesWithTalkJsShape() {
        Map<String, Object> withExtras = new HashMap<>(message("alice", "hello", 1_600_000_000_000L));
        withExtras.put("readBy", List.of("bob", "alice"));
        withExtras.put("custom", Map.of("src", "slack"));
        Response response = json().body(List.of(withExtras, message("bob", "hi", 1_600_000_000_001L)))
                .post(IMPORT);
        response.then().statusCode(200).contentType("application/json").body("$", hasSize(2));
        List<String> ids = response.jsonPath().getList("id");
        assertThat(ids).allMatch(id -> id.matches("msg_[0-9A-Za-z]{22}"));

        api().get(API + "/conversations/c1/messages/" + ids.get(0)).then().statusCode(200)
                .body("id", equalTo(ids.get(0))).body("conversationId", equalTo("c1"))
                .body("type", equalTo("UserMessage")).body("senderId", equalTo("alice"))
                .body("text", equalTo("hello")).body("origin", equalTo("import"))
                .body("createdAt", equalTo(1_600_000_000_000L)).body("readBy", contains("bob"))
                .body("custom.src", equalTo("slack")).body("location", nullValue())
                .body("editedAt", nullValue()).body("referencedMessageId", nullValue())
                .body("attachment", nullValue());
        api().get(API + "/conversations/c1/messages/" + ids.get(1)).then().body("custom", equalTo(Map.of()));
    }

    @Test
    void duplicatesAreKept() {
        List<Map<String, Object>> same = List.of(message("alice", "dup", 5000), message("alice", "dup", 5000));
        json().body(same).post(IMPORT).then().statusCode(200);
        json().body(same).post(IMPORT).then().statusCode(200);
        assertThat(storedMessages()).isEqualTo(4);
        api().get(API + "/conversations/c1/messages?limit=100").then().body("data", hasSize(4));
    }

    @Test
    void nonParticipantSenderRejectsTheWholeRequest() {
        user("mallory");
        json().body(List.of(message("alice", "ok", 1), message("mallory", "sneaky", 2))).post(IMPORT).then()
                .statusCode(400).body("errorCode", equalTo("SENDER_NOT_PARTICIPANT"));
        assertThat(storedMessages()).isZero();
    }

    @Test
    void batchLimitAndItemValidationAreAllOrNothing() {
        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(message("alice", "m" + i, i));
        }
        json().body(eleven).post(IMPORT).then().statusCode(400).body("errorCode", equalTo("INVALID_BATCH_SIZE"));
        json().body(eleven.subList(0, 10)).post(IMPORT).then().statusCode(200);
        assertThat(storedMessages()).isEqualTo(10);

        Map<String, Object> system = new HashMap<>(message("alice", "sys", 1));
        system.put("type", "SystemMessage");
        system.remove("sender");
        Map<String, Object> floatTime = new HashMap<>(message("alice", "f", 1));
        floatTime.put("timestamp", 1.5);
        Map<String, Object> noReadBy = new HashMap<>(message("alice", "r", 1));
        noReadBy.remove("readBy");
        Map<String, Object> unknownReader = new HashMap<>(message("alice", "r", 1));
        unknownReader.put("readBy", List.of("ghost"));
        Map<String, Object> badToken = new HashMap<>(message("alice", "t", 1));
        badToken.put("attachmentToken", "forged");
        for (Map<String, Object> bad : List.of(system, floatTime, noReadBy, unknownReader, badToken)) {
            json().body(List.of(message("alice", "fine", 1), bad)).post(IMPORT).then().statusCode(400);
        }
        json().body(Map.of("text", "not an array")).post(IMPORT).then().statusCode(400);
        json().body(List.of()).post(IMPORT).then().statusCode(400);
        assertThat(storedMessages()).isEqualTo(10);
    }

    @Test
    void newerShapeWithCreatedAtAndContentBlocks() {
        Map<String, Object> item = Map.of("type", "UserMessage", "sender", "bob", "createdAt", 42L, "readBy", List.of(),
                "content", List.of(Map.of("type", "text", "children", List.of("Hello ", Map.of("type", "bold", "children", List.of("world"))))));
        String id = json().body(List.of(item)).post(IMPORT).then().statusCode(200).extract().path("[0].id");
        api().get(API + "/conversations/c1/messages/" + id).then().body("text", equalTo("Hello world"))
                .body("createdAt", equalTo(42));
    }

    @Test
    void unknownConversationIs404() {
        json().body(List.of(message("alice", "x", 1))).post(API + "/import/conversations/nope/messages").then()
                .statusCode(404);
    }

    @Test
    void listingIsNewestFirstWithTiesByInsertionAndStartingAfter() {
        List<String> ids = new ArrayList<>();
        ids.addAll(json().body(List.of(message("alice", "t2-a", 2000), message("alice", "t1", 1000)))
                .post(IMPORT).then().statusCode(200).extract().path("id"));
        ids.addAll(json().body(List.of(message("bob", "t2-b", 2000), message("bob", "t3", 3000)))
                .post(IMPORT).then().statusCode(200).extract().path("id"));
        api().get(API + "/conversations/c1/messages?limit=100").then().statusCode(200)
                .body("data.text", contains("t3", "t2-b", "t2-a", "t1"));
        api().get(API + "/conversations/c1/messages?limit=2").then().body("data.text", contains("t3", "t2-b"));
        api().get(API + "/conversations/c1/messages?limit=2&startingAfter=" + ids.get(2)).then()
                .body("data.text", contains("t2-a", "t1"));
        api().get(API + "/conversations/c1/messages?limit=2&startingAfter=" + ids.get(1)).then()
                .body("data", hasSize(0));
        api().get(API + "/conversations/c1/messages?startingAfter=msg_unknown").then().statusCode(400);
        api().get(API + "/conversations/c1/messages?limit=0").then().statusCode(400);
        api().get(API + "/conversations/c1/messages?limit=101").then().statusCode(400);
        api().get(API + "/conversations/c1/messages").then().body("data", hasSize(4));
    }

    @Test
    void sendEndpointStampsNowWithOriginRest() {
        json().body(List.of(Map.of("type", "UserMessage", "sender", "alice", "text", "live"))).post(
                API + "/conversations/c1/messages").then().statusCode(200).body("$", hasSize(1));
        api().get(API + "/conversations/c1/messages").then().body("data[0].origin", equalTo("rest"));
    }

    /** The newer form as TalkJS's transfer script sends it (issue 19): createdAt, no readBy. */
    @Test
    void theNewerFormNeedsNoReadByTheDocumentedFormDoes() {
        conversation("c", "carol");
        json().body("[{\"type\":\"UserMessage\",\"createdAt\":1714550400000,\"sender\":\"carol\",\"text\":\"x\"}]")
                .post(API + "/import/conversations/c/messages").then().statusCode(200);
        api().get(API + "/conversations/c/messages").then().statusCode(200)
                .body("data[0].text", org.hamcrest.Matchers.equalTo("x"))
                .body("data[0].createdAt", org.hamcrest.Matchers.equalTo(1714550400000L));
        json().body("[{\"type\":\"UserMessage\",\"timestamp\":1714550400001,\"sender\":\"carol\",\"text\":\"y\"}]")
                .post(API + "/import/conversations/c/messages").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("readBy must be an array"));
    }
}
