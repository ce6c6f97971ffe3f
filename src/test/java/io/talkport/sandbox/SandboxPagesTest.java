package io.talkport.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.talkport.sandbox.SandboxTestSupport.API;
import static io.talkport.sandbox.SandboxTestSupport.conversation;
import static io.talkport.sandbox.SandboxTestSupport.json;
import static io.talkport.sandbox.SandboxTestSupport.message;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class SandboxPagesTest {

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
    }

    @Test
    void indexListsAppsWithTheirMode() {
        given().get("/sandbox").then().statusCode(200).contentType("text/html")
                .body(allOf(containsString("sandbox-test"), containsString("Sandbox · test"),
                        containsString("Sandbox · live"), not(containsString("<script>"))));
    }

    @Test
    void appAndConversationPagesShowDataAndPaginate() {
        conversation("c<1>", "alice");
        for (int batch = 0; batch < 6; batch++) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                items.add(message("alice", "text " + (batch * 10 + i), batch * 10 + i));
            }
            json().body(items).post(API + "/import/conversations/{id}/messages", "c<1>").then().statusCode(200);
        }
        given().get("/sandbox/apps/sandbox-test").then().statusCode(200)
                .body(allOf(containsString("c&lt;1&gt;"), containsString("/conversations/c%3C1%3E"),
                        containsString("Reset all data"), containsString("alice")));
        given().get("/sandbox/apps/sandbox-test/conversations/{id}", "c<1>").then().statusCode(200)
                .body(allOf(containsString("text 59"), not(containsString("text 9<")),
                        containsString("Older messages"), containsString("1970-01-01 00:00:00.059 UTC")));
        given().queryParam("page", 2).get("/sandbox/apps/sandbox-test/conversations/{id}", "c<1>").then().statusCode(200)
                .body(allOf(containsString("text 9<"), containsString("Newer messages")));
        given().queryParam("page", Integer.MAX_VALUE).get("/sandbox/apps/sandbox-test/conversations/{id}", "c<1>")
                .then().statusCode(200).body(not(containsString("text 9<")));
        given().get("/sandbox/apps/nope").then().statusCode(404);
    }

    @Test
    void resetFormClearsTheApp() {
        conversation("c1", "alice");
        given().redirects().follow(false).post("/sandbox/apps/sandbox-test/reset").then().statusCode(303);
        org.assertj.core.api.Assertions.assertThat(sandbox.app("sandbox-test").state().users()).isZero();
    }
}
