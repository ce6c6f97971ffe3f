package io.talkport.delivery;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.SandboxUser;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.testsupport.BrowserSession;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.TestUsers;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Participants (and readers) missing from users.jsonl: by default their conversations stay out, as before, with a
 * PLACEHOLDER_USER warning per missing user in the validation and fidelity report; a push that asks for placeholder
 * users creates them first and delivers those conversations, and the run counts them.
 */
@QuarkusTest
class PlaceholderUsersTest {

    private static final long T0 = 1_650_000_000_000L;

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    @AfterEach
    void emptySandbox() {
        sandbox.resetAll();
    }

    /**
     * c-ok is complete; c-ghost has the participant "ghost" who is not in users (a reader and a sender there too),
     * and one message from "nobody", who is neither a user nor a participant; c-broken also has an invalid user.
     */
    private static byte[] bundle() {
        return BundleBuilder.create().user("u1", "Alice").user("u2", "Bob")
                .rawLine("users.jsonl", "{\"id\": \"bad\", \"name\": 42}")
                .conversation("c-ok", "u1", "u2")
                .conversation("c-ghost", "u1", "ghost")
                .conversation("c-broken", "u1", "ghost", "bad")
                .message("c-ok", "u1", T0, "hello")
                .message("c-ghost", "u1", T0 + 1, "are you there?", Map.of("readBy", List.of("ghost", "u2")))
                .message("c-ghost", "ghost", T0 + 2, "boo", Map.of("readBy", List.of("u1")))
                .message("c-ghost", "nobody", T0 + 3, "who?")
                .message("c-broken", "u1", T0 + 4, "never")
                .toBytes();
    }

    private static JsonPath issues(long id, String code) {
        return given().when().get("/api/jobs/" + id + "/issues?code=" + code).then().statusCode(200).extract()
                .jsonPath();
    }

    private static JsonPath push(long id, Map<String, Object> options) {
        Map<String, Object> body = new HashMap<>(options);
        body.put("environment", "test");
        given().contentType(ContentType.JSON).body(body).when().post("/api/jobs/" + id + "/runs").then()
                .statusCode(202);
        return Jobs.awaitRun(id, "test", Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
    }

    @Test
    void validationReportsEachMissingUserAsAWarningWithCountsAndKeepsTheConversationOut() {
        JsonPath job = Jobs.uploadAndValidate("placeholders-report.zip", bundle());
        long id = job.getLong("id");
        assertThat(job.getString("status")).isEqualTo("READY");
        assertThat(job.getInt("counts.conversations")).isEqualTo(1);

        // As before: the participant is an error of its conversation, whose messages depend on it.
        assertThat(issues(id, "UNKNOWN_USER").getList("items.itemId")).contains("c-ghost", "c-broken");
        assertThat(issues(id, "UNKNOWN_USER").getString("items.find { it.itemId == 'c-ghost' }.message"))
                .contains("Create placeholder users");
        JsonPath placeholders = issues(id, "PLACEHOLDER_USER");
        assertThat(placeholders.getLong("total")).isEqualTo(1);
        assertThat(placeholders.getString("items[0].severity")).isEqualTo("warning");
        assertThat(placeholders.getString("items[0].itemId")).isEqualTo("ghost");
        // c-broken also has an invalid user: a placeholder would not save it, so it does not count.
        assertThat(placeholders.getString("items[0].message")).contains("takes part in 1 conversation(s)");
        assertThat(issues(id, "UNKNOWN_READER").getString("items[0].message"))
                .isEqualTo("The reader \"ghost\" is not in users.jsonl; it is left out of readBy, unless the push "
                        + "creates placeholder users.");

        String page = given().when().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("data-code=\"PLACEHOLDER_USER\"").contains("name=\"addPlaceholderUsers\"");
    }

    @Test
    void withoutTheOptionThePushIsAsBefore() {
        long id = Jobs.uploadAndValidate("placeholders-off.zip", bundle()).getLong("id");
        JsonPath run = push(id, Map.of());

        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getLong("progress.users.total")).isEqualTo(2);
        assertThat(run.getLong("progress.conversations.total")).isEqualTo(1);
        assertThat(run.getLong("progress.messages.total")).isEqualTo(1);
        assertThat(sandbox.app("sandbox-test").users()).containsOnlyKeys("u1", "u2");
        assertThat(sandbox.app("sandbox-test").conversations()).containsOnlyKeys("c-ok");
    }

    @Test
    void withTheOptionPlaceholdersAreCreatedFirstAndTheirConversationArrivesCountedInTheRun() {
        long id = Jobs.uploadAndValidate("placeholders-on.zip", bundle()).getLong("id");
        JsonPath run = push(id, Map.of("addPlaceholderUsers", true));

        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getBoolean("verified")).isTrue();
        assertThat(run.getLong("progress.users.total")).isEqualTo(3);
        assertThat(run.getLong("progress.users.done")).isEqualTo(3);
        assertThat(run.getLong("progress.conversations.total")).isEqualTo(2);
        assertThat(run.getLong("progress.messages.total")).isEqualTo(3);
        assertThat(run.getLong("progress.messages.done")).isEqualTo(3);

        Map<String, SandboxUser> users = sandbox.app("sandbox-test").users();
        assertThat(users).containsOnlyKeys("u1", "u2", "ghost");
        assertThat(users.get("ghost").name()).isEqualTo("ghost");
        assertThat(users.get("ghost").custom()).containsEntry("talkportPlaceholder", "true");
        SandboxConversation ghost = sandbox.app("sandbox-test").conversations().get("c-ghost");
        assertThat(ghost.snapshot().participants()).containsOnlyKeys("u1", "ghost");
        List<SandboxMessage> messages = ghost.allMessages();
        assertThat(messages).extracting(SandboxMessage::text).containsExactly("are you there?", "boo");
        // The placeholder is kept as a reader; u2, who is no participant, is left out as before.
        assertThat(messages.get(0).readBy()).containsExactly("ghost");
        assertThat(sandbox.app("sandbox-test").conversations()).doesNotContainKey("c-broken");

        String page = given().when().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("creates placeholder users");
        assertThat(page).as("promote names them too").contains("Promoting sends the same 2 users (and 1 placeholder user)");
    }

    @Test
    void thePushFormsCheckboxAsksForThem() {
        long id = Jobs.uploadAndValidate("placeholders-form.zip", bundle()).getLong("id");
        BrowserSession browser = BrowserSession.login(TestUsers.OPERATOR);
        assertThat(given().when().get("/jobs/" + id).then().statusCode(200).extract().asString())
                .contains("name=\"addPlaceholderUsers\"").containsPattern("\\d+ participants? of this export");
        String token = browser.csrfToken("/jobs/" + id);
        browser.request().formParam("csrf-token", token).formParam("addPlaceholderUsers", "on")
                .when().post("/jobs/" + id + "/push").then().statusCode(303);

        JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getLong("progress.users.done")).isEqualTo(3);
        assertThat(sandbox.app("sandbox-test").conversations()).containsOnlyKeys("c-ok", "c-ghost");
    }
}
