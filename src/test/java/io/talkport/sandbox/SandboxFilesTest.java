package io.talkport.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.talkport.sandbox.SandboxTestSupport.API;
import static io.talkport.sandbox.SandboxTestSupport.LIVE_APP;
import static io.talkport.sandbox.SandboxTestSupport.LIVE_SECRET;
import static io.talkport.sandbox.SandboxTestSupport.api;
import static io.talkport.sandbox.SandboxTestSupport.conversation;
import static io.talkport.sandbox.SandboxTestSupport.json;
import static io.talkport.sandbox.SandboxTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
class SandboxFilesTest {

    private static final byte[] PNG = "fake png bytes".getBytes(StandardCharsets.UTF_8);

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
    }

    private static String upload(String app, String secret) {
        return given().auth().none().header("Authorization", "Bearer " + secret)
                .multiPart("file", "cat.png", PNG, "image/png").multiPart("filename", "cat.png")
                .multiPart("subtype", "image").multiPart("width", "10").multiPart("height", "20")
                .post("/sandbox/talkjs/v1/" + app + "/files")
                .then().statusCode(200).contentType("application/json")
                .body("attachmentToken", matchesPattern("[A-Za-z0-9_-]{40,}"))
                .extract().path("attachmentToken");
    }

    @Test
    void uploadReturnsBothTokenKeysAndImportServesTheBytes() {
        String token = upload("sandbox-test", SandboxTestSupport.SECRET);
        conversation("c1", "alice");
        Map<String, Object> item = new HashMap<>(message("alice", "see file", 1));
        item.put("attachmentToken", token);
        String id = json().body(List.of(item)).post(API + "/import/conversations/c1/messages").then()
                .statusCode(200).extract().path("[0].id");
        String url = api().get(API + "/conversations/c1/messages/" + id).then()
                .body("attachment.size", equalTo(PNG.length)).extract().path("attachment.url");
        assertThat(url).startsWith("http://").contains("/sandbox/talkjs/files/sandbox-test/" + token + "/cat.png");
        byte[] served = given().get(url).then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertThat(served).isEqualTo(PNG);
    }

    @Test
    void tokensAreScopedToTheirApp() {
        String liveToken = upload(LIVE_APP, LIVE_SECRET);
        conversation("c1", "alice");
        Map<String, Object> item = new HashMap<>(message("alice", "x", 1));
        item.put("attachmentToken", liveToken);
        json().body(List.of(item)).post(API + "/import/conversations/c1/messages").then().statusCode(400);
        given().get("/sandbox/talkjs/files/sandbox-test/" + liveToken + "/cat.png").then().statusCode(404);
    }

    @Test
    void missingFilePartOrWrongContentTypeIs400() {
        api().multiPart("filename", "x.txt").post(API + "/files").then().statusCode(400);
        json().body(Map.of("file", "x")).post(API + "/files").then().statusCode(400);
        given().multiPart("file", "cat.png", PNG).post(API + "/files").then().statusCode(401);
    }

    @Test
    void overMaxSizeIs400() {
        // the limit is configurable; the default 25 MB is exercised by uploading one byte more
        byte[] big = new byte[(int) sandbox.config().maxFileSize().asLongValue() + 1];
        api().multiPart("file", "big.bin", big, "application/octet-stream").post(API + "/files").then()
                .statusCode(400).body("errorCode", equalTo("FILE_TOO_LARGE"));
        assertThat(sandbox.app("sandbox-test").state().files()).isZero();
    }
}
