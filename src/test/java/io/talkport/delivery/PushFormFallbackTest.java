package io.talkport.delivery;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.sandbox.ops.JournalEntry;
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
 * {@code talkjs.import.format=auto} against an app that refuses 100 messages per call in the content form (the
 * sandbox told to take 10 there): the first call answers 400 and imports nothing, the same messages go in documented
 * calls of 10, the app is remembered as documented, and every message is in TalkJS exactly once.
 */
@QuarkusTest
@TestProfile(PushFormFallbackTest.RefusesTheContentForm.class)
class PushFormFallbackTest {

    public static class RefusesTheContentForm implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("talkjs.import.format", "auto", "talkjs.import.batch-size", "100",
                    "talkjs.sandbox.import-newer-form-max-batch", "10");
        }
    }

    @Inject
    TalkJsSandbox sandbox;

    @Inject
    TalkJsClient client;

    @Test
    void aRefusedContentFormFallsBackToTenDocumentedPerCall() {
        sandbox.resetAll();
        BundleBuilder bundle = BundleBuilder.create().user("u1", "Alice").user("u2", "Bob").conversation("c1", "u1",
                "u2");
        for (int i = 0; i < 150; i++) {
            bundle.message("c1", i % 2 == 0 ? "u1" : "u2", 1_650_000_000_000L + i, "m" + i);
        }
        JsonPath run = Jobs.pushToTest("fallback.zip", bundle.toBytes());
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("SUCCEEDED");
        SandboxApp app = sandbox.app("sandbox-test");
        List<JournalEntry> imports = app.journal().entries(0, "IMPORT", 100);
        assertThat(imports.get(0).status()).isEqualTo(400);
        assertThat(imports.get(0).itemCount()).isEqualTo(100);
        assertThat(imports.subList(1, imports.size())).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.itemCount()).isEqualTo(10);
        }).hasSize(15);
        assertThat(app.conversation("c1").allMessages()).extracting(SandboxMessage::text).hasSize(150)
                .doesNotHaveDuplicates();
        assertThat(client.importForm(TalkJsEnvironment.TEST)).isEqualTo(ImportFormat.DOCUMENTED);
    }
}
