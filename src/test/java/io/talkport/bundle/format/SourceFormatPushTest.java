package io.talkport.bundle.format;

import io.quarkus.test.junit.QuarkusTest;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.SandboxContents;
import io.talkport.testsupport.SandboxContents.Msg;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** Each format's real sample, uploaded as a user would, pushed to the sandbox test app: every message once. */
@QuarkusTest
class SourceFormatPushTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void emptySandbox() {
        sandbox.resetAll();
    }

    private SandboxApp testApp() {
        return sandbox.app("sandbox-test");
    }

    private static long upload(String name, byte[] zip, String format) {
        return Jobs.uploadExport(name, zip, format);
    }

    private static void pushAndAwait(long id, boolean addMissingSenders) {
        Jobs.pushToTestAndAwait(id, addMissingSenders, WITHIN);
    }

    @Test
    void sendbirdDataOfTheTalkJsTutorialArrivesOnceWithItsMillisecondTimes() {
        long id = upload("sendbird.zip", Zips.of(DirectoryArchive.sample("sendbird/example-data"), ""), null);
        given().when().get("/api/jobs/" + id + "/source").then().statusCode(200)
                .body("format", org.hamcrest.Matchers.equalTo("sendbird"))
                .body("summary", org.hamcrest.Matchers.equalTo("Sendbird export, 3 users, 1 group channel, 3 messages"))
                .body("entries[0].code", org.hamcrest.Matchers.equalTo("REMOVED_MESSAGE"));
        pushAndAwait(id, false);
        String channel = "sendbird_group_channel_483424280_ac14e7e8e6d5b3bc2dd3979fb360ad432ae0d6e9";
        assertThat(SandboxContents.messages(testApp())).containsOnlyKeys(channel);
        assertThat(SandboxContents.messages(testApp()).get(channel)).extracting(Msg::sender, Msg::timestamp, Msg::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice-sendbird", 1736855618748L,
                                "Hi, welcome to the migration channel!"),
                        org.assertj.core.groups.Tuple.tuple("sebastian-sendbird", 1736855722175L, "Hi \uD83D\uDC4B"),
                        org.assertj.core.groups.Tuple.tuple("nina-sendbird", 1736856656811L,
                                "Let's try importing this chat into TalkJS!"));
        assertThat(testApp().users().keySet()).containsExactlyInAnyOrder("alice-sendbird", "sebastian-sendbird",
                "nina-sendbird");
    }

    @Test
    void slackExportAArrivesOnceWithSendersAdded() {
        long id = upload("slack.zip", Zips.of(DirectoryArchive.sample("slack/export-a"), "export-a/"), "slack");
        pushAndAwait(id, true);
        List<Msg> random = SandboxContents.messages(testApp()).get("C061A0WJG");
        assertThat(random).hasSize(9);
        assertThat(random).extracting(Msg::sender, Msg::timestamp, Msg::text).contains(
                org.assertj.core.groups.Tuple.tuple("U6006P1CN", 1498401071279L, "edfadfa"),
                org.assertj.core.groups.Tuple.tuple("U8VAHEVUY", 1516454537000L, "This is Steve typing random stuff."),
                org.assertj.core.groups.Tuple.tuple("U8W3QFGQ5", 1516468529000L, "@channel"));
        assertThat(SandboxContents.messageCount(testApp())).isEqualTo(9);
        assertThat(testApp().user("U6006P1CN").name()).isEqualTo("Josef K.");
    }

    @Test
    void mattermostDirectMessagesArriveOnceInTheirConversations() {
        long id = upload("mattermost.zip", Zips.of(DirectoryArchive.sample("mattermost/direct_channel"), ""), null);
        pushAndAwait(id, false);
        Map<String, List<Msg>> messages = SandboxContents.messages(testApp());
        assertThat(SandboxContents.messageCount(testApp())).isEqualTo(11);
        assertThat(messages.get("dm:harry,voldemort")).extracting(Msg::sender, Msg::timestamp, Msg::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("voldemort", 1566376318569L, "Hey Harry."),
                org.assertj.core.groups.Tuple.tuple("harry", 1566376318579L, "Ahh. Here we go again."));
        assertThat(messages.get("dm:ginny,harry,ron")).hasSize(3);
    }

    @Test
    void anUnknownFormatIsRefusedOnUpload() {
        given().multiPart("file", "x.zip", new byte[] {'P', 'K', 3, 4}, "application/zip").multiPart("format", "hipchat")
                .when().post("/api/jobs").then().statusCode(400)
                .body(containsString("Unknown format \\\"hipchat\\\": use one of slack, sendbird, mattermost, talkport"));
    }
}
