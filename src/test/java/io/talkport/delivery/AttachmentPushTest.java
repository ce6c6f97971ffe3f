package io.talkport.delivery;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxFile;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Files from the bundle are uploaded once per environment and the messages import with their tokens. */
@QuarkusTest
class AttachmentPushTest {

    private static final long T0 = 1_650_000_000_000L;
    private static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void emptySandbox() {
        sandbox.resetAll();
    }

    private static byte[] bundle() {
        return BundleBuilder.create()
                .user("u1", "Alice").user("u2", "Bob")
                .conversation("c1", "u1", "u2").conversation("c2", "u1", "u2")
                .attachment("attachments/shared.png", BundleBuilder.PNG)
                .attachment("attachments/copy-of-shared.png", BundleBuilder.PNG)
                .attachment("attachments/contract.bin", PDF)
                .message("c1", "u1", T0, "look", Map.of("attachment", "attachments/shared.png"))
                .message("c1", "u2", T0 + 1, "again", Map.of("attachment", "attachments/shared.png"))
                .message("c2", "u1", T0 + 2, "same bytes", Map.of("attachment", "attachments/copy-of-shared.png"))
                .message("c2", "u2", T0 + 3, "the contract", Map.of("attachment", "attachments/contract.bin"))
                .message("c2", "u1", T0 + 4, "lost", Map.of("attachment", "attachments/missing.png"))
                .message("c2", "u1", T0 + 5, "plain text")
                .toBytes();
    }

    private static List<SandboxMessage> messages(SandboxApp app) {
        return app.conversations().values().stream().flatMap(c -> c.allMessages().stream()).toList();
    }

    @Test
    void eachDistinctFileIsUploadedOncePerEnvironmentAndLiveGetsItsOwnUploads() {
        JsonPath job = Jobs.uploadAndValidate("files.zip", bundle());
        long id = job.getLong("id");
        assertThat(job.getInt("counts.messages")).isEqualTo(5);
        given().queryParam("code", "ATTACHMENT_MISSING").when().get("/api/jobs/" + id + "/issues")
                .then().body("total", equalTo(1)).body("items[0].line", equalTo(5));

        given().contentType(ContentType.JSON).body(Map.of("environment", "test"))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        JsonPath run = Jobs.awaitRun(id, "test", Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        assertThat(run.getBoolean("verified")).isTrue();
        assertThat(run.getLong("progress.attachments.total")).isEqualTo(2);
        assertThat(run.getLong("progress.attachments.done")).isEqualTo(2);
        assertThat(run.getLong("attachmentBytes")).isEqualTo(BundleBuilder.PNG.length + PDF.length);

        SandboxApp test = sandbox.app("sandbox-test");
        assertThat(test.files()).as("two distinct contents, two uploads").hasSize(2);
        Map<String, SandboxFile> byText = messages(test).stream().filter(m -> m.attachment() != null)
                .collect(Collectors.toMap(SandboxMessage::text, SandboxMessage::attachment));
        assertThat(byText.keySet()).containsExactlyInAnyOrder("look", "again", "same bytes", "the contract");
        assertThat(Arrays.equals(byText.get("look").bytes(), BundleBuilder.PNG)).isTrue();
        assertThat(byText.get("look").token()).isEqualTo(byText.get("same bytes").token());
        assertThat(byText.get("look").subtype()).isEqualTo("image");
        assertThat(byText.get("the contract").contentType()).isEqualTo("application/pdf");
        assertThat(byText.get("the contract").subtype()).isNull();

        given().contentType(ContentType.JSON).body(Map.of("confirm", "files.zip"))
                .when().post("/api/jobs/" + id + "/promote").then().statusCode(202);
        assertThat(Jobs.awaitRun(id, "live", Duration.ofSeconds(60), "SUCCEEDED", "FAILED").getString("status"))
                .isEqualTo("SUCCEEDED");
        SandboxApp live = sandbox.app("sandbox-live");
        assertThat(live.files()).hasSize(2);
        Set<String> liveTokens = live.files().keySet();
        assertThat(liveTokens).doesNotContainAnyElementsOf(test.files().keySet());
        assertThat(messages(live).stream().filter(m -> m.attachment() != null).count()).isEqualTo(4);
        assertThat(messages(live)).allSatisfy(m -> {
            if (m.attachment() != null) {
                assertThat(m.attachment().appId()).isEqualTo("sandbox-live");
            }
        });
    }
}
