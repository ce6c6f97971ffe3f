package io.talkport.delivery;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.talkjs.ImportFormat;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsEnvironment;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A push with {@code talkjs.import.format=auto} and 100 messages per call (issue 19): the sandbox takes the content
 * form, so 250 messages go in three import calls (100, 100, 50) with content blocks and a file block, and read back
 * whole, each once.
 */
@QuarkusTest
@TestProfile(PushContentFormTest.Auto100.class)
class PushContentFormTest {

    public static class Auto100 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("talkjs.import.format", "auto", "talkjs.import.batch-size", "100");
        }
    }

    static final long T0 = 1_650_000_000_000L;

    @Inject
    TalkJsSandbox sandbox;

    @Inject
    TalkJsClient client;

    @Test
    void aHundredMessagesPerCallInTheContentForm() {
        sandbox.resetAll();
        BundleBuilder bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob")
                .conversation("c1", "u1", "u2").attachment("attachments/cat.png", BundleBuilder.PNG);
        for (int i = 0; i < 250; i++) {
            if (i == 7) {
                bundle.message("c1", "u2", T0 + i, "m" + i, Map.of("attachment", "attachments/cat.png"));
            } else {
                bundle.message("c1", i % 2 == 0 ? "u1" : "u2", T0 + i, "m" + i);
            }
        }
        JsonPath run = Jobs.pushToTest("content-form.zip", bundle.toBytes());
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        SandboxApp app = sandbox.app("sandbox-test");
        var imports = app.journal().entries(0, "IMPORT", 100);
        assertThat(imports).extracting(e -> e.itemCount()).containsExactly(100, 100, 50);
        assertThat(imports).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
        List<SandboxMessage> stored = app.conversation("c1").allMessages();
        assertThat(stored).extracting(SandboxMessage::text).hasSize(250).doesNotHaveDuplicates().contains("m0", "m249");
        assertThat(stored).allSatisfy(m -> assertThat(m.content()).isNotNull());
        SandboxMessage withFile = stored.get(7);
        assertThat(withFile.attachment()).isNotNull();
        assertThat(withFile.content()).contains("\"type\":\"file\"").contains("\"children\":[\"m7\"]");
        assertThat(client.importForm(TalkJsEnvironment.TEST)).isEqualTo(ImportFormat.CONTENT);
    }
}
