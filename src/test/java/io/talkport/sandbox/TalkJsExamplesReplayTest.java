package io.talkport.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TalkJS's own published REST examples (github.com/talkjs/talkjs-examples, folder {@code rest-api/}) replayed against
 * the sandbox (issue 19): the request sequence each script makes, written down here as data (method, path, body,
 * expected status) for a small input of our own, never their code. Each step must get its answer; then what the
 * script wrote is read back. {@code ${name}} in a path or body is a value an earlier step saved from its answer.
 */
@QuarkusTest
class TalkJsExamplesReplayTest {

    private static final String TEST = SandboxTestSupport.APP;
    private static final String LIVE = SandboxTestSupport.LIVE_APP;

    /** Two messages in the newer form, as the origin holds them and as the transfer script sends them on. */
    private static final String RICH_AND_LOCATION = "{\"type\":\"UserMessage\",\"createdAt\":2000,"
            + "\"sender\":\"ana\",\"custom\":{\"src\":\"x\"},\"content\":[{\"type\":\"text\","
            + "\"children\":[\"See \",{\"type\":\"bold\",\"children\":[\"this\"]}]}]},"
            + "{\"type\":\"UserMessage\",\"createdAt\":3000,\"sender\":\"ben\","
            + "\"content\":[{\"type\":\"location\",\"latitude\":48.85,\"longitude\":2.35}]},";

    @Inject
    TalkJsSandbox sandbox;

    private final Map<String, String> saved = new HashMap<>();

    /** One request of a script: on {@code app}, {@code method path body}, answered {@code status}. */
    record Step(String app, String method, String path, String body, int status, Map<String, String> save) {
        static Step of(String app, String method, String path, String body, int status) {
            return new Step(app, method, path, body, status, Map.of());
        }

        /** Also keeps {@code jsonPath} of the answer as {@code ${name}}. */
        Step saving(String name, String jsonPath) {
            Map<String, String> more = new HashMap<>(save);
            more.put(name, jsonPath);
            return new Step(app, method, path, body, status, more);
        }
    }

    @BeforeEach
    void reset() {
        sandbox.resetAll();
        saved.clear();
    }

    /**
     * rest-api/migrate-data-from-sendbird-to-talkjs: a PUT per Sendbird user with {@code id} in the body, a PUT per
     * channel with its members and name, then the channel's MESG messages in the documented form, 10 per call.
     */
    @Test
    void sendbirdMigration() {
        List<Step> steps = new ArrayList<>(List.of(
                Step.of(TEST, "PUT", "/users/sb_ana", "{\"id\":\"sb_ana\",\"name\":\"Ana\","
                        + "\"email\":[\"ana@example.com\"],\"photoUrl\":\"https://example.com/ana.png\"}", 200),
                Step.of(TEST, "PUT", "/users/sb_ben", "{\"id\":\"sb_ben\",\"name\":\"Ben\"}", 200),
                Step.of(TEST, "PUT", "/conversations/sendbird_group_channel_1",
                        "{\"participants\":[\"sb_ana\",\"sb_ben\"],\"subject\":\"Crew\"}", 200),
                Step.of(TEST, "PUT", "/conversations/sendbird_group_channel_2", "{\"participants\":[\"sb_ben\"]}",
                        200)));
        steps.add(Step.of(TEST, "POST", "/import/conversations/sendbird_group_channel_1/messages",
                sendbirdBatch(0, 10), 200));
        steps.add(Step.of(TEST, "POST", "/import/conversations/sendbird_group_channel_1/messages",
                sendbirdBatch(10, 3), 200));
        run(steps);
        SandboxApp app = sandbox.app(TEST);
        assertThat(app.user("sb_ana").email()).containsExactly("ana@example.com");
        assertThat(app.conversation("sendbird_group_channel_1").snapshot().participants()).containsOnlyKeys("sb_ana",
                "sb_ben");
        assertThat(app.conversation("sendbird_group_channel_1").allMessages()).extracting(SandboxMessage::text)
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12");
    }

    private static String sendbirdBatch(int from, int count) {
        List<String> items = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            items.add("{\"text\":\"m" + i + "\",\"sender\":\"" + (i % 2 == 0 ? "sb_ana" : "sb_ben")
                    + "\",\"type\":\"UserMessage\",\"timestamp\":" + (1_600_000_000_000L + i) + ",\"readBy\":[]}");
        }
        return "[" + String.join(",", items) + "]";
    }

    /**
     * rest-api/export-data: users, conversations and each conversation's messages, {@code limit=100} everywhere. The
     * sandbox lists at most 30 conversations per page (the newer transfer script's page, the one point where TalkJS's
     * scripts disagree): the export's conversation call gets a 400 that names the limit, not an empty page it would
     * mistake for "no conversations". With {@code limit=30} the same sequence reads everything.
     */
    @Test
    void exportData() {
        seedOrigin();
        run(List.of(
                Step.of(TEST, "GET", "/users?limit=100", null, 200).saving("users", "data.size()"),
                Step.of(TEST, "GET", "/conversations?limit=100", null, 400).saving("error", "reasons[0]"),
                Step.of(TEST, "GET", "/conversations?limit=30", null, 200).saving("conversation", "data[0].id"),
                Step.of(TEST, "GET", "/conversations/${conversation}/messages?limit=100", null, 200)
                        .saving("messages", "data.size()")));
        assertThat(saved).containsEntry("users", "3").containsEntry("conversation", "t1")
                .containsEntry("messages", "5");
        assertThat(saved.get("error")).contains("30");
    }

    /**
     * rest-api/transfer-data: reads users, conversations (30 per page) and messages (100 per page) from the origin
     * app, then writes them to the destination: users, "does the conversation exist" (404), the conversation and each
     * participant's settings, attachments downloaded and uploaded again, messages in the newer form (createdAt,
     * content blocks, SystemMessage, up to 100 per call), reactions, and each participant's readUntil. The destination
     * then reads back like the origin (the script copies readUntil, not readBy: the origin's messages have none).
     */
    @Test
    void transferData() {
        seedOrigin();
        run(List.of(
                Step.of(TEST, "GET", "/users?limit=100", null, 200),
                Step.of(TEST, "GET", "/conversations?limit=30", null, 200),
                Step.of(TEST, "GET", "/conversations/t1/messages?limit=100", null, 200)
                        .saving("fileUrl", "data[1].content[0].url")
                        .saving("reacted", "data[3].id"),
                Step.of(LIVE, "PUT", "/users/ana", "{\"name\":\"Ana\",\"email\":[\"ana@example.com\"],"
                        + "\"welcomeMessage\":null,\"photoUrl\":null,\"locale\":null,\"role\":null,\"phone\":null,"
                        + "\"custom\":{\"team\":\"red\"}}", 200),
                Step.of(LIVE, "PUT", "/users/ben", "{\"name\":\"Ben\",\"email\":null,\"welcomeMessage\":null,"
                        + "\"photoUrl\":null,\"locale\":null,\"role\":null,\"phone\":null,\"custom\":{}}", 200),
                Step.of(LIVE, "PUT", "/users/cy", "{\"name\":\"Cy\",\"custom\":{}}", 200),
                Step.of(LIVE, "GET", "/conversations/t1", null, 404),
                Step.of(LIVE, "PUT", "/conversations/t1", "{\"participants\":[\"ana\",\"ben\",\"cy\"],"
                        + "\"subject\":\"Trip\",\"welcomeMessages\":null,\"custom\":{\"k\":\"v\"},\"photoUrl\":null}",
                        200),
                Step.of(LIVE, "PUT", "/conversations/t1/participants/ana", "{\"access\":\"ReadWrite\",\"notify\":true}",
                        200),
                Step.of(LIVE, "PUT", "/conversations/t1/participants/ben", "{\"access\":\"Read\",\"notify\":false}",
                        200),
                Step.of(LIVE, "PUT", "/conversations/t1/participants/cy",
                        "{\"access\":\"ReadWrite\",\"notify\":\"MentionsOnly\"}", 200),
                Step.of(LIVE, "UPLOAD", "/files", "${fileUrl}", 200).saving("token", "fileToken"),
                Step.of(LIVE, "POST", "/import/conversations/t1/messages", "["
                        + "{\"type\":\"SystemMessage\",\"createdAt\":1000,"
                        + "\"content\":[{\"type\":\"text\",\"children\":[\"Trip planned\"]}]},"
                        + RICH_AND_LOCATION
                        + "{\"type\":\"UserMessage\",\"createdAt\":4000,\"sender\":\"cy\","
                        + "\"content\":[{\"type\":\"file\",\"fileToken\":\"${token}\"}]},"
                        + "{\"type\":\"UserMessage\",\"createdAt\":5000,\"sender\":\"ana\","
                        + "\"content\":[{\"type\":\"text\",\"children\":[\"plain\"]}]}]", 200)
                        .saving("newReacted", "[1].id"),
                Step.of(TEST, "GET", "/conversations/t1/messages/${reacted}/reactions/👍?limit=100", null, 200)
                        .saving("reactor", "data[0].userId"),
                Step.of(LIVE, "PUT", "/conversations/t1/messages/${newReacted}/reactions/👍/${reactor}", "{}", 200),
                Step.of(LIVE, "PATCH", "/conversations/t1/participants/ana", "{\"readUntil\":4000}", 200)));
        assertThat(readBack(LIVE)).isEqualTo(readBack(TEST));
    }

    /** The origin app of the transfer and the export: three users, a conversation with five kinds of message. */
    private void seedOrigin() {
        String token = api(TEST).multiPart("file", "plan.txt", "the plan".getBytes(StandardCharsets.UTF_8),
                "text/plain").multiPart("filename", "plan.txt").post(path(TEST, "/files")).then().statusCode(200)
                .extract().path("fileToken");
        saved.put("originToken", token);
        run(List.of(
                Step.of(TEST, "PUT", "/users", "{\"ana\":{\"name\":\"Ana\",\"email\":[\"ana@example.com\"],"
                        + "\"custom\":{\"team\":\"red\"}},\"ben\":{\"name\":\"Ben\"},\"cy\":{\"name\":\"Cy\"}}", 200),
                Step.of(TEST, "PUT", "/conversations/t1", "{\"participants\":[\"ana\",\"ben\",\"cy\"],"
                        + "\"subject\":\"Trip\",\"custom\":{\"k\":\"v\"}}", 200),
                Step.of(TEST, "PUT", "/conversations/t1/participants/ben", "{\"access\":\"Read\",\"notify\":false}",
                        200),
                Step.of(TEST, "PATCH", "/conversations/t1/participants/cy", "{\"notify\":\"MentionsOnly\"}", 200),
                Step.of(TEST, "POST", "/import/conversations/t1/messages", "["
                        + "{\"type\":\"SystemMessage\",\"createdAt\":1000,\"text\":\"Trip planned\"},"
                        + RICH_AND_LOCATION
                        + "{\"type\":\"UserMessage\",\"createdAt\":4000,\"sender\":\"cy\","
                        + "\"content\":[{\"type\":\"file\",\"fileToken\":\"${originToken}\"}]}]", 200)
                        .saving("originReacted", "[1].id"),
                Step.of(TEST, "POST", "/import/conversations/t1/messages", "[{\"type\":\"UserMessage\","
                        + "\"sender\":\"ana\",\"timestamp\":5000,\"text\":\"plain\",\"readBy\":[]}]", 200),
                Step.of(TEST, "PUT", "/conversations/t1/messages/${originReacted}/reactions/👍/cy", "{}", 200),
                Step.of(TEST, "PATCH", "/conversations/t1/participants/ana", "{\"readUntil\":4000}", 200)));
    }

    private void run(List<Step> steps) {
        for (Step step : steps) {
            Response response = send(step);
            assertThat(response.statusCode()).as("%s %s answered %s", step.method(), step.path(),
                    response.body().asString()).isEqualTo(step.status());
            step.save().forEach((name, jsonPath) -> saved.put(name, String.valueOf(response.path(jsonPath)
                    .toString())));
        }
    }

    private Response send(Step step) {
        String path = path(step.app(), fill(step.path()));
        if (step.method().equals("UPLOAD")) {
            // The script downloads the origin's attachment by its URL, then uploads the bytes as multipart.
            byte[] bytes = given().get(fill(step.body())).then().statusCode(200).extract().asByteArray();
            return api(step.app()).multiPart("file", "plan.txt", bytes, "text/plain").multiPart("filename", "plan.txt")
                    .post(path);
        }
        RequestSpecification request = api(step.app());
        if (step.body() != null) {
            request = request.contentType("application/json").body(fill(step.body()));
        }
        return request.request(step.method(), path);
    }

    private String fill(String text) {
        String out = text;
        for (Map.Entry<String, String> e : saved.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    private static String path(String app, String rest) {
        return "/sandbox/talkjs/v1/" + app + rest;
    }

    private static RequestSpecification api(String app) {
        return given().auth().none().header("Authorization", "Bearer "
                + (app.equals(TEST) ? SandboxTestSupport.SECRET : SandboxTestSupport.LIVE_SECRET));
    }

    /** What a user would compare after the transfer: users, the conversation, its messages without ids and URLs. */
    @SuppressWarnings("unchecked")
    private static List<Object> readBack(String app) {
        List<Object> all = new ArrayList<>();
        for (Map<String, Object> u : get(app, "/users?limit=100").getList("data", Map.class)) {
            all.add(List.of(u.get("id"), u.get("name"), String.valueOf(u.get("email")), u.get("custom")));
        }
        Map<String, Object> conversation = get(app, "/conversations/t1").getMap("");
        all.add(List.of(conversation.get("subject"), conversation.get("custom"), conversation.get("participants")));
        for (Map<String, Object> m : get(app, "/conversations/t1/messages?limit=100").getList("data", Map.class)) {
            List<String> blocks = new ArrayList<>();
            for (Map<String, Object> b : (List<Map<String, Object>>) m.get("content")) {
                blocks.add(b.get("type") + ":" + b.getOrDefault("children", "") + b.getOrDefault("filename", "")
                        + b.getOrDefault("latitude", "") + b.getOrDefault("size", ""));
            }
            all.add(List.of(m.get("type"), String.valueOf(m.get("senderId")), m.get("text"), m.get("createdAt"),
                    m.get("custom"), String.valueOf(m.get("location")), m.get("reactions"), blocks));
        }
        return all;
    }

    private static io.restassured.path.json.JsonPath get(String app, String rest) {
        return api(app).get(path(app, rest)).then().statusCode(200).extract().jsonPath();
    }
}
