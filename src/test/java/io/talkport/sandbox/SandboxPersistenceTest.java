package io.talkport.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import io.talkport.sandbox.api.SandboxViews;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.talkport.sandbox.SandboxTestSupport.API;
import static io.talkport.sandbox.SandboxTestSupport.api;
import static io.talkport.sandbox.SandboxTestSupport.conversation;
import static io.talkport.sandbox.SandboxTestSupport.json;
import static io.talkport.sandbox.SandboxTestSupport.message;
import static io.talkport.sandbox.SandboxTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sandbox data survives a restart (issue 19): a second {@link TalkJsSandbox} over the same database, as the app builds
 * at start, holds the same users, conversations, participants, messages, reactions and files; "Reset all data"
 * deletes the app's rows and only its own.
 */
@QuarkusTest
class SandboxPersistenceTest {

    @Inject
    TalkJsSandbox sandbox;

    @Inject
    SandboxConfig config;

    @Inject
    SandboxStore store;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
    }

    @Test
    void aNewSandboxOverTheSameDatabaseHoldsTheSameData() {
        fill();
        TalkJsSandbox restarted = new TalkJsSandbox(config, store);
        for (String appId : List.of(SandboxTestSupport.APP, SandboxTestSupport.LIVE_APP)) {
            assertThat(contents(restarted.app(appId))).isEqualTo(contents(sandbox.app(appId)));
            assertThat(restarted.app(appId).state()).isEqualTo(sandbox.app(appId).state());
        }
        assertThat(sandbox.app(SandboxTestSupport.APP).state().messages()).isEqualTo(6);
        SandboxApp after = restarted.app(SandboxTestSupport.APP);
        long lastSeq = after.conversation("c1").allMessages().stream().mapToLong(SandboxMessage::seq).max()
                .orElseThrow();
        assertThat(after.nextInsertionSeq()).as("new messages sort after kept ones on a tie").isGreaterThan(lastSeq);
        assertThat(after.nextCreatedAt()).isGreaterThan(after.conversation("c1").createdAt());
    }

    @Test
    void resetDeletesTheAppsRowsOnly() {
        fill();
        sandbox.reset(SandboxTestSupport.APP);
        TalkJsSandbox restarted = new TalkJsSandbox(config, store);
        assertThat(restarted.app(SandboxTestSupport.APP).state())
                .isEqualTo(new SandboxApp.State(SandboxTestSupport.APP, "test", 0, 0, 0, 0));
        assertThat(restarted.app(SandboxTestSupport.LIVE_APP).state().users()).isEqualTo(1);
    }

    /** Every kind of row: users, conversations, participant settings, both import forms, reactions, a file. */
    private static void fill() {
        conversation("c1", "alice", "bob", "carol");
        conversation("gone", "alice");
        json().body(Map.of("subject", "Kept", "custom", Map.of("k", "v"))).put(API + "/conversations/c1")
                .then().statusCode(200);
        json().body(Map.of("access", "Read", "notify", "MentionsOnly"))
                .put(API + "/conversations/c1/participants/bob").then().statusCode(200);
        json().body(Map.of("readUntil", 1_700_000_000_000L)).patch(API + "/conversations/c1/participants/alice")
                .then().statusCode(200);
        api().delete(API + "/conversations/c1/participants/carol").then().statusCode(200);
        String token = api().multiPart("file", "a.txt", "bytes".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post(API + "/files").then().statusCode(200).extract().path("fileToken");
        Map<String, Object> withFile = new LinkedHashMap<>(message("alice", "see file", 1_000));
        withFile.put("attachmentToken", token);
        withFile.put("readBy", List.of("bob"));
        json().body(List.of(withFile, message("bob", "tie", 1_000))).post(API + "/import/conversations/c1/messages")
                .then().statusCode(200);
        List<String> ids = json().body(List.of(
                Map.of("type", "UserMessage", "sender", "alice", "createdAt", 2_000L, "content", List.of(Map.of(
                        "type", "text", "children", List.of("rich ", Map.of("type", "bold", "children",
                                List.of("text")))))),
                Map.of("type", "UserMessage", "sender", "bob", "createdAt", 3_000L, "custom", Map.of("a", "b"),
                        "content", List.of(Map.of("type", "location", "latitude", 52.1, "longitude", 4.3))),
                Map.of("type", "SystemMessage", "createdAt", 4_000L, "text", "system"),
                Map.of("type", "UserMessage", "sender", "alice", "createdAt", 5_000L,
                        "content", List.of(Map.of("type", "file", "fileToken", token)))))
                .post(API + "/import/conversations/c1/messages").then().statusCode(200).extract().path("id");
        json().body("{}").put(API + "/conversations/c1/messages/" + ids.get(0) + "/reactions/👍/bob")
                .then().statusCode(200);
        json().body("{}").put(API + "/conversations/c1/messages/" + ids.get(0) + "/reactions/👍/alice")
                .then().statusCode(200);
        api().delete(API + "/conversations/gone").then().statusCode(200);
        io.restassured.RestAssured.given().auth().none()
                .header("Authorization", "Bearer " + SandboxTestSupport.LIVE_SECRET).contentType("application/json")
                .body(Map.of("name", "Live")).put("/sandbox/talkjs/v1/sandbox-live/users/l1").then().statusCode(200);
    }

    /** All an app holds, as the API renders it (lists in their API order), plus the files' bytes. */
    private static List<Object> contents(SandboxApp app) {
        List<Object> all = new ArrayList<>();
        app.userOrder().values().forEach(id -> all.add(SandboxViews.user(app.user(id))));
        for (SandboxConversation c : app.conversationOrder().values()) {
            all.add(SandboxViews.conversation(c.snapshot(), "http://x").toString());
            c.allMessages().forEach(m -> all.add(SandboxViews.message(m, c.reactions(m.id()), "http://x")
                    .toString()));
        }
        app.files().values().forEach(f -> all.add(List.of(f.token(), f.filename(), f.contentType(),
                new String(f.bytes(), StandardCharsets.UTF_8))));
        return all;
    }
}
