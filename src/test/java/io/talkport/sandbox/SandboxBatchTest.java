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
import static io.talkport.sandbox.SandboxTestSupport.json;
import static io.talkport.sandbox.SandboxTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The batch endpoint: operations answered one by one, at most ten, on a rate budget of its own. */
@QuarkusTest
class SandboxBatchTest {

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
    }

    private static List<List<Object>> batch(List<List<Object>> operations) {
        return json().body(operations).post(API + "/batch").then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void eachOperationRunsLikeItsOwnRouteAndIsAnsweredInRequestOrder() {
        user("alice");
        user("bob");
        List<List<Object>> answers = batch(List.of(
                List.of(1, "PUT", "/conversations/c%201", Map.of("participants", List.of("alice", "bob"),
                        "subject", "Boots")),
                List.of(2, "PUT", "/conversations/c2", Map.of("participants", List.of("ghost"))),
                List.of(3, "PUT", "/users/carol", Map.of("name", "Carol")),
                List.of(4, "GET", "/users/alice"),
                List.of(5, "POST", "/import/conversations/c1/messages", List.of())));

        assertThat(answers).extracting(a -> a.get(0)).containsExactly(1, 2, 3, 4, 5);
        assertThat(answers).extracting(a -> a.get(1)).containsExactly(200, 400, 200, 200, 404);
        assertThat(answers.get(0).get(2)).isEqualTo("{}");
        assertThat((String) answers.get(1).get(2)).contains("INVALID_CONVERSATION").contains("ghost");
        assertThat((String) answers.get(3).get(2)).contains("\"id\":\"alice\"");
        SandboxConversation created = sandbox.app(SandboxTestSupport.APP).conversation("c 1");
        assertThat(created).as("the path segment is URL-decoded").isNotNull();
        assertThat(created.snapshot().subject()).isEqualTo("Boots");
        assertThat(created.snapshot().participants().keySet()).containsExactlyInAnyOrder("alice", "bob");
        api().get(API + "/conversations/c2").then().statusCode(404);
        api().get(API + "/users/carol").then().statusCode(200).body("name", equalTo("Carol"));
    }

    @Test
    void aGetOperationListsAConversationsMessagesWithItsQueryInThePayload() {
        user("alice");
        user("bob");
        SandboxTestSupport.conversation("c1", "alice", "bob");
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            messages.add(SandboxTestSupport.message(i % 2 == 0 ? "alice" : "bob", "m" + i, 1_700_000_000_000L + i));
        }
        json().body(messages).post(API + "/import/conversations/c1/messages").then().statusCode(200);

        List<List<Object>> answers = batch(List.of(
                List.of(1, "GET", "/conversations/c1/messages", Map.of("limit", "2")),
                List.of(2, "GET", "/conversations/nope/messages", Map.of("limit", "2")),
                List.of(3, "GET", "/conversations/c1/messages", Map.of("limit", 2))));

        assertThat(answers).extracting(a -> a.get(1)).containsExactly(200, 404, 400);
        io.restassured.path.json.JsonPath page = new io.restassured.path.json.JsonPath((String) answers.get(0).get(2));
        assertThat(page.getList("data.text")).as("newest first, two of three").containsExactly("m2", "m1");
        assertThat((String) answers.get(2).get(2)).as("query parameters are strings").contains("INVALID_BATCH");
    }

    @Test
    void moreThanTenOperationsOrAMalformedOneIs400AndRunsNothing() {
        List<List<Object>> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(List.of(i, "PUT", "/users/u" + i, Map.of("name", "U" + i)));
        }
        json().body(eleven).post(API + "/batch").then().statusCode(400)
                .body("errorCode", equalTo("TOO_MANY_OPERATIONS"));
        json().body(List.of(List.of(1, "PUT", "/users/ok", Map.of("name", "Ok")), List.of(2, "PUT")))
                .post(API + "/batch").then().statusCode(400).body("errorCode", equalTo("INVALID_BATCH"));
        json().body(Map.of("not", "an array")).post(API + "/batch").then().statusCode(400);
        assertThat(sandbox.app(SandboxTestSupport.APP).users()).isEmpty();
    }

    @Test
    void batchCallsSpendTheirOwnBudgetNotTheGeneralOne() {
        SandboxApp app = sandbox.app(SandboxTestSupport.APP);
        app.batchRateLimiter().configure(1, 2);
        app.rateLimiter().configure(1, 1);
        user("alice"); // takes the only general token
        List<List<Object>> one = List.of(List.of(1, "PUT", "/users/bob", Map.of("name", "Bob")));
        batch(one);
        batch(one);
        json().body(one).post(API + "/batch").then().statusCode(429).header("Retry-After", equalTo("1"));
        api().get(API + "/users/alice").then().statusCode(429);
        assertThat(app.journal().counters().callsByRouteAndStatus())
                .containsEntry("BATCH 200", 2L).containsEntry("BATCH 429", 1L);
    }
}
