package io.talkport.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.talkport.sandbox.SandboxTestSupport.API;
import static io.talkport.sandbox.SandboxTestSupport.api;
import static io.talkport.sandbox.SandboxTestSupport.conversation;
import static io.talkport.sandbox.SandboxTestSupport.json;
import static io.talkport.sandbox.SandboxTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The newer import form as TalkJS's transfer script sends it (issue 19, talkjs-api.md §5.2 and §13): createdAt,
 * SystemMessages, content blocks, 100 per call (10 in the documented form); rich content, location and reactions on
 * read; the reaction endpoints.
 */
@QuarkusTest
class SandboxNewerFormTest {

    private static final String IMPORT = API + "/import/conversations/c/messages";

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
        conversation("c", "alice", "bob");
        SandboxTestSupport.user("mallory");
    }

    private long stored() {
        return sandbox.app(SandboxTestSupport.APP).state().messages();
    }

    private static Map<String, Object> newer(String sender, String text, long createdAt) {
        return Map.of("type", "UserMessage", "sender", sender, "createdAt", createdAt, "text", text);
    }

    @Test
    void aHundredPerCallInTheNewerFormTenInTheDocumentedOne() {
        List<Map<String, Object>> hundred = new ArrayList<>();
        List<Map<String, Object>> eleven = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            hundred.add(newer("alice", "m" + i, 1_000 + i));
            if (i < 11) {
                eleven.add(message("alice", "d" + i, 1_000 + i));
            }
        }
        json().body(hundred).post(IMPORT).then().statusCode(400).body(containsString("between 1 and 100"));
        json().body(eleven).post(IMPORT).then().statusCode(400).body(containsString("between 1 and 10"));
        assertThat(stored()).isZero();
        json().body(hundred.subList(0, 100)).post(IMPORT).then().statusCode(200).body("$", hasSize(100));
        json().body(eleven.subList(0, 10)).post(IMPORT).then().statusCode(200).body("$", hasSize(10));
        assertThat(stored()).isEqualTo(110);
    }

    @Test
    void oneCallIsInOneFormAndSystemMessagesOnlyInTheNewerOne() {
        json().body(List.of(newer("alice", "a", 1), message("bob", "b", 2))).post(IMPORT).then().statusCode(400);
        json().body(List.of(message("bob", "b", 2), newer("alice", "a", 1))).post(IMPORT).then().statusCode(400);
        json().body(List.of(Map.of("type", "SystemMessage", "timestamp", 3, "text", "s", "readBy", List.of())))
                .post(IMPORT).then().statusCode(400);
        json().body(List.of(Map.of("type", "SystemMessage", "createdAt", 3, "text", "s", "sender", "alice")))
                .post(IMPORT).then().statusCode(400);
        assertThat(stored()).isZero();
        json().body(List.of(Map.of("type", "SystemMessage", "createdAt", 3, "text", "joined"))).post(IMPORT)
                .then().statusCode(200);
        api().get(API + "/conversations/c/messages").then().body("data[0].type", equalTo("SystemMessage"))
                .body("data[0].senderId", nullValue()).body("data[0].text", equalTo("joined"));
    }

    @Test
    void contentBlocksAreCheckedAndReadBack() {
        Map<String, Object> text = Map.of("type", "text", "children", List.of("Hi ", Map.of("type", "link",
                "url", "https://example.com", "children", List.of("there")), Map.of("type", "bulletList",
                "children", List.of(Map.of("type", "bulletPoint", "children", List.of("one"))))));
        Map<String, Object> location = Map.of("type", "location", "latitude", 52.37, "longitude", 4.89);
        for (Object bad : List.of(List.of(text, location), List.of(), List.of(Map.of("type", "poll")),
                List.of(Map.of("type", "text", "children", List.of(Map.of("type", "blink", "children", List.of())))),
                List.of(Map.of("type", "location", "latitude", 91, "longitude", 0)),
                List.of(Map.of("type", "file", "fileToken", "forged")))) {
            json().body(List.of(Map.of("type", "UserMessage", "sender", "alice", "createdAt", 1, "content", bad)))
                    .post(IMPORT).then().statusCode(400);
        }
        assertThat(stored()).isZero();
        String token = api().multiPart("file", "n.txt", "note".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("filename", "n.txt").post(API + "/files").then().statusCode(200).extract().path("fileToken");
        json().body(List.of(
                Map.of("type", "UserMessage", "sender", "alice", "createdAt", 1, "content", List.of(text)),
                Map.of("type", "UserMessage", "sender", "bob", "createdAt", 2, "content", List.of(location)),
                Map.of("type", "UserMessage", "sender", "bob", "createdAt", 3, "content",
                        List.of(Map.of("type", "file", "fileToken", token))))).post(IMPORT).then().statusCode(200);
        api().get(API + "/conversations/c/messages").then().statusCode(200)
                .body("data[2].text", equalTo("Hi thereone"))
                .body("data[2].content[0].children[1].url", equalTo("https://example.com"))
                .body("data[1].location", contains(52.37f, 4.89f))
                .body("data[1].content[0].type", equalTo("location"))
                .body("data[0].content[0].fileToken", equalTo(token))
                .body("data[0].content[0].filename", equalTo("n.txt"))
                .body("data[0].content[0].size", equalTo(4))
                .body("data[0].attachment.size", equalTo(4));
    }

    /** The documented form reads back with content built from its text and attachment. */
    @Test
    void theDocumentedFormReadsBackAsATextBlock() {
        json().body(List.of(message("alice", "plain", 1))).post(IMPORT).then().statusCode(200);
        api().get(API + "/conversations/c/messages").then()
                .body("data[0].content[0].type", equalTo("text"))
                .body("data[0].content[0].children", contains("plain"))
                .body("data[0].reactions.size()", equalTo(0));
    }

    @Test
    void reactionsAreAddedListedRemovedAndShownOnTheMessage() {
        String id = json().body(List.of(newer("alice", "react to me", 1))).post(IMPORT).then().statusCode(200)
                .extract().path("[0].id");
        String reactions = API + "/conversations/c/messages/" + id + "/reactions/";
        json().body("{}").put(reactions + "🎉/bob").then().statusCode(200);
        json().body("{}").put(reactions + "🎉/bob").then().statusCode(200);
        api().put(reactions + "🎉/alice").then().statusCode(200);
        json().body("{}").put(reactions + "👍/bob").then().statusCode(200);
        api().get(reactions + "🎉?limit=100").then().statusCode(200).body("data.userId", contains("bob", "alice"));
        api().get(reactions + "🎉?limit=1&startingAfter=bob").then().body("data.userId", contains("alice"));
        api().get(API + "/conversations/c/messages/" + id).then()
                .body("reactions.'🎉'.count", equalTo(2)).body("reactions.'👍'.count", equalTo(1));
        api().delete(reactions + "🎉/bob").then().statusCode(200);
        api().delete(reactions + "🎉/bob").then().statusCode(200);
        api().get(reactions + "🎉").then().body("data.userId", contains("alice"));
        json().body("{}").put(reactions + "🎉/mallory").then().statusCode(400);
        json().body(Map.of("at", 1)).put(reactions + "🎉/bob").then().statusCode(400);
        json().body("{}").put(API + "/conversations/c/messages/msg_nope/reactions/🎉/bob").then().statusCode(404);
        api().get(API + "/conversations/c").then().body("lastMessage.reactions.'🎉'.count", equalTo(1));
    }
}
