package io.talkport.bundle.format;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.ops.FaultKind;
import io.talkport.sandbox.ops.FaultRule;
import io.talkport.sandbox.ops.FaultSettings;
import io.talkport.testsupport.SandboxedTest;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.SandboxContents;
import io.talkport.testsupport.SandboxContents.Msg;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * Each format's real sample, uploaded as a user would, pushed to the sandbox test app: every message once; reactions
 * re-added after the import, each once, a second push adding none and spending no reaction call; reactors who are not
 * participants counted in the carry-over report, not sent.
 */
@QuarkusTest
class SourceFormatPushTest extends SandboxedTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    private static long upload(String name, byte[] zip, String format) {
        return Jobs.uploadExport(name, zip, format);
    }

    /** Pushes the job to test (again, if it was pushed before) and waits until the run has succeeded, verified. */
    private static JsonPath pushAndAwait(long id, boolean addMissingSenders) {
        JsonPath run = Jobs.pushToTestAndAwait(id, addMissingSenders, WITHIN);
        assertThat(run.getBoolean("verified")).as(run.prettify()).isTrue();
        return run;
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

    // ---- reactions, re-added after the import while each conversation is verified (issue 18) ----

    @Test
    void mattermostSampleReactionsArriveOnceOnTheirMessagesAndASecondPushAddsNone() {
        byte[] zip = Zips.of(new MappedArchive().file("export.json",
                DirectoryArchive.SAMPLES.resolve("mattermost/export.json")), "");
        long id = upload("mattermost-team.zip", zip, null);
        // export.json: 9 reactions on 7 posts; malfoy is no member of gryffindor-quidditch-team (line 17) and harry
        // none of slytherin-quidditch-team (lines 30, 31), so 6 are re-added and 3 reported.
        assertThat(entry(id, "REACTION")).isEqualTo(6);
        assertThat(entry(id, "REACTION_NOT_PARTICIPANT")).isEqualTo(3);

        pushAndAwait(id, true);
        List<String> expected = List.of(
                "gryffindor.dumbledores-army | harry: hey everyone | 😁 | ron",
                "gryffindor.gryffindor-common-room | harry: Looks like this channel is empty | 🚀 | ron",
                "gryffindor.gryffindor-quidditch-team | harry: Hello world | :tick: | harry",
                "gryffindor.gryffindor-quidditch-team | harry: Hello world | 🗺️ | ron",
                "gryffindor.gryffindor-quidditch-team | harry: Hello world | 😄 | ron",
                "gryffindor.gryffindor-quidditch-team | ron: How is everything going | 🍎 | harry");
        assertThat(SandboxContents.reactions(testApp())).containsExactlyElementsOf(sorted(expected));
        assertThat(reactionPuts()).as("one PUT per reaction, none refused").isEqualTo(6);
        assertThat(testApp().journal().counters().callsByRouteAndStatus()).doesNotContainKey("REACTION_PUT 400");

        pushAndAwait(id, true);
        assertThat(SandboxContents.reactions(testApp())).containsExactlyElementsOf(sorted(expected));
        assertThat(reactionPuts()).as("the listed messages show their reactions: no call the second time")
                .isEqualTo(6);
    }

    @Test
    void slackReactionsArriveOnceWithTheirUsersAndWhatCannotBeCarriedIsCounted() {
        long id = upload("slack-reactions.zip", Zips.of(slackExport(), ""), null);
        assertThat(entry(id, "REACTION")).as("👍 by U2 and U1 (+1 and thumbsup are one emoji), :partyparrot: by U1")
                .isEqualTo(3);
        assertThat(entry(id, "REACTION_NOT_PARTICIPANT")).as("U3 is no member of #general").isEqualTo(1);
        assertThat(entry(id, "REACTION_USER_UNKNOWN")).as("count 3, two users named").isEqualTo(1);
        assertThat(given().when().get("/jobs/" + id).then().statusCode(200).extract().asString())
                .contains("re-added after the import, at the time of the import (TalkJS keeps no reaction time)");

        pushAndAwait(id, true);
        List<String> expected = List.of("C1 | U1: Ship it | 👍 | U1", "C1 | U1: Ship it | 👍 | U2",
                "C1 | U2: Party at 5 | :partyparrot: | U1");
        assertThat(SandboxContents.reactions(testApp())).containsExactlyElementsOf(expected);
        assertThat(reactionPuts()).isEqualTo(3);

        pushAndAwait(id, true);
        assertThat(SandboxContents.reactions(testApp())).containsExactlyElementsOf(expected);
        assertThat(reactionPuts()).isEqualTo(3);
    }

    @Test
    void aReactionTalkJsRefusesIsNamedInTheVerificationAndTriedAgainOnlyByTheNextPush() {
        long id = upload("slack-refused.zip", Zips.of(slackExport(), ""), null);
        testApp().faults().configure(FaultSettings.NONE, List.of(new FaultRule("REACTION_PUT", FaultKind.ERROR_400, 0,
                1, null)));
        JsonPath run = pushAndAwait(id, true);
        assertThat(run.getString("verification")).contains("conversation C1: 1 reaction refused by TalkJS (first: "
                + "👍 by U1: HTTP 400)");
        assertThat(SandboxContents.reactions(testApp())).containsExactly("C1 | U1: Ship it | 👍 | U2",
                "C1 | U2: Party at 5 | :partyparrot: | U1");
        assertThat(testApp().journal().counters().callsByRouteAndStatus().get("REACTION_PUT 400"))
                .as("a refusal is not retried").isEqualTo(1L);

        pushAndAwait(id, true);
        assertThat(SandboxContents.reactions(testApp())).hasSize(3).contains("C1 | U1: Ship it | 👍 | U1");
        assertThat(reactionPuts()).as("2, then both 👍 (TalkJS shows 1 of 2: each PUT, idempotent); :partyparrot: is "
                + "shown on its message").isEqualTo(4);
    }

    @Test
    void talkportBundleReactionsArriveOnEachOfTwoIdenticalMessagesInImportOrder() {
        long t0 = 1_700_000_000_000L;
        byte[] bundle = BundleBuilder.create().user("u1", "Ann").user("u2", "Bob").user("u3", "Cy")
                .conversation("c1", "u1", "u2")
                .message("c1", "u1", t0, "hi", Map.of("reactions", Map.of("👍", List.of("u2", "u1"), ":party:",
                        List.of("u3"))))
                .message("c1", "u2", t0 + 1, "same", Map.of("reactions", List.of(Map.of("emoji", "❤️", "users",
                        List.of("u1")))))
                .message("c1", "u2", t0 + 1, "same", Map.of("reactions", Map.of("😂", List.of("u2"))))
                .toBytes();
        long id = upload("talkport-reactions.zip", bundle, null);
        assertThat(entry(id, "REACTION")).isEqualTo(4);
        assertThat(entry(id, "REACTION_NOT_PARTICIPANT")).as("u3 is no participant of c1").isEqualTo(1);

        pushAndAwait(id, false);
        assertThat(SandboxContents.reactions(testApp())).containsExactly("c1 | u1: hi | 👍 | u1", "c1 | u1: hi | 👍 | u2",
                "c1 | u2: same | ❤️ | u1", "c1 | u2: same | 😂 | u2");
        List<Map<String, List<String>>> same = testApp().conversation("c1").allMessages().stream()
                .filter(m -> m.text().equals("same")).map(m -> testApp().conversation("c1").reactions(m.id())).toList();
        assertThat(same).as("the first imported gets the first staged one's").containsExactly(
                Map.of("❤️", List.of("u1")), Map.of("😂", List.of("u2")));
    }

    /** A small Slack export: #general (U1, U2), two messages with reactions, one reactor (U3) who is no member. */
    private static MappedArchive slackExport() {
        return new MappedArchive()
                .file("users.json", "[{\"id\":\"U1\",\"name\":\"alice\"},{\"id\":\"U2\",\"name\":\"bob\"},"
                        + "{\"id\":\"U3\",\"name\":\"carol\"}]")
                .file("channels.json", "[{\"id\":\"C1\",\"name\":\"general\",\"members\":[\"U1\",\"U2\"]}]")
                .file("general/2024-01-02.json", "[{\"type\":\"message\",\"user\":\"U1\",\"text\":\"Ship it\","
                        + "\"ts\":\"1704186000.000100\",\"reactions\":[{\"name\":\"+1\",\"users\":[\"U2\",\"U1\"],"
                        + "\"count\":3},{\"name\":\"thumbsup::skin-tone-3\",\"users\":[\"U2\"],\"count\":1}]},"
                        + "{\"type\":\"message\",\"user\":\"U2\",\"text\":\"Party at 5\",\"ts\":\"1704186060.000200\","
                        + "\"reactions\":[{\"name\":\"partyparrot\",\"users\":[\"U1\",\"U3\"],\"count\":2}]}]");
    }

    @Test
    void anArchiveReadAsAFormatWhoseFilesItLacksIsRejectedNamingTheFormatItLooksLike() throws Exception {
        // A Talkport bundle uploaded as a Slack export used to stage as an empty READY job that could be pushed and
        // promoted: 0 users, 0 conversations, 0 messages, "verified".
        byte[] bundle = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("samples/sample-bundle.zip"));
        long id = given().multiPart("file", "bundle-as-slack.zip", bundle, "application/zip").multiPart("format", "slack")
                .when().post("/api/jobs").then().statusCode(202).extract().jsonPath().getLong("id");
        JsonPath job = Jobs.awaitStatus(id, "READY", "REJECTED");
        assertThat(job.getString("status")).isEqualTo("REJECTED");
        assertThat(job.getString("rejectReason")).isEqualTo("This archive was to be read as a Slack export (chosen on "
                + "upload), but it holds none of that format's files; it looks like a Talkport bundle. Upload it again "
                + "with the export format \"Detect from the archive\" (or the right one).");
        String page = given().when().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("id=\"reject-reason\"").contains("nothing was staged")
                .as("a rejected job offers no push, plan, report or issues").doesNotContain("id=\"push-test\"")
                .doesNotContain("id=\"plan-check\"").doesNotContain("id=\"issues-title\"")
                .doesNotContain("id=\"count-users\"");
    }

    @Test
    void anUnknownFormatIsRefusedOnUpload() {
        given().multiPart("file", "x.zip", new byte[] {'P', 'K', 3, 4}, "application/zip").multiPart("format", "hipchat")
                .when().post("/api/jobs").then().statusCode(400)
                .body(containsString("Unknown format \\\"hipchat\\\": use one of slack, sendbird, mattermost, talkport"));
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    private long reactionPuts() {
        return testApp().journal().counters().callsByRouteAndStatus().getOrDefault("REACTION_PUT 200", 0L);
    }

    /** The count of a carry-over entry of the job's source report, 0 when absent. */
    private static long entry(long id, String code) {
        JsonPath source = given().when().get("/api/jobs/" + id + "/source").then().statusCode(200).extract()
                .jsonPath();
        Object count = source.get("entries.find { it.code == '" + code + "' }.count");
        return count == null ? 0 : ((Number) count).longValue();
    }
}
