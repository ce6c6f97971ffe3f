package io.talkport.bundle.format;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.testsupport.Jobs;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slack and Mattermost exports whose archives hold file bytes, uploaded as a user would and pushed to the sandbox
 * test app: each file with bytes is staged once, uploaded, and its message holds an attachment of its exact size;
 * files without bytes stay links and are counted in the carry-over report.
 */
@QuarkusTest
class FileBytesPushTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);
    /** Bytes injected for the real sample's one file (F8VSW87RR, dirac72.md, 5,755 bytes in Slack). */
    private static final byte[] DIRAC = "#72. The fine-structure of the energy-levels of hydrogen\n".repeat(100)
            .getBytes(StandardCharsets.UTF_8);

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void emptySandbox() {
        sandbox.resetAll();
    }

    private static JsonPath pushAndAwait(long id, boolean addMissingSenders) {
        JsonPath run = Jobs.pushToTestAndAwait(id, addMissingSenders, WITHIN);
        assertThat(run.getBoolean("verified")).as("read back with attachment sizes").isTrue();
        return run;
    }

    /** The report's count per code, from the API. */
    private static Map<String, Integer> report(long id) {
        JsonPath source = given().when().get("/api/jobs/" + id + "/source").then().statusCode(200).extract().jsonPath();
        Map<String, Integer> counts = new HashMap<>();
        for (Map<String, Object> entry : source.<Map<String, Object>>getList("entries")) {
            counts.put((String) entry.get("code"), ((Number) entry.get("count")).intValue());
        }
        return counts;
    }

    /** Each message of the sandbox test app as (text, size of its attachment in bytes, or -1 without one). */
    private List<Map.Entry<String, Integer>> attachmentSizes() {
        List<Map.Entry<String, Integer>> sizes = new ArrayList<>();
        SandboxApp app = sandbox.app("sandbox-test");
        app.conversations().values().forEach(c -> c.allMessages().forEach(m -> sizes.add(
                Map.entry(text(m), m.attachment() == null ? -1 : m.attachment().bytes().length))));
        return sizes;
    }

    private static String text(SandboxMessage message) {
        return message.text() == null ? "" : message.text();
    }

    @Test
    void slackFilesInBothSlackdumpLayoutsArriveAsAttachmentsOfTheirExactSize() {
        long id = Jobs.uploadExport("slack-files.zip", Zips.of(FileBytesExports.slack(), "export/"), "slack");
        assertThat(Jobs.get(id).getInt("counts.attachments")).isEqualTo(4);
        assertThat(Jobs.get(id).getInt("counts.messages")).isEqualTo(6);
        assertThat(report(id)).containsEntry("FILE_ATTACHED", 4).containsEntry("FILE_NOT_IN_ARCHIVE", 2)
                .containsEntry("FILE_EXTRA_AS_LINK", 1);
        String page = given().when().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertThat(page).contains("Slack export, 2 users, 1 channel, 1 DM, 4 attachments, 6 messages",
                "<table id=\"source-imported\">", "<tr data-code=\"FILE_ATTACHED\">",
                "<tr data-code=\"FILE_NOT_IN_ARCHIVE\">");

        JsonPath run = pushAndAwait(id, false);
        assertThat(run.getLong("progress.attachments.total")).isEqualTo(4);
        assertThat(run.getLong("attachmentBytes")).isEqualTo(FileBytesExports.PHOTO.length
                + FileBytesExports.NOTES.length + FileBytesExports.FIRST.length + FileBytesExports.SCAN.length);
        assertThat(sandbox.app("sandbox-test").files()).hasSize(4);
        assertThat(attachmentSizes()).containsExactlyInAnyOrder(
                Map.entry("", FileBytesExports.PHOTO.length),
                Map.entry("notes attached", FileBytesExports.NOTES.length),
                Map.entry("lost one\n[file] gone.pdf: " + FileBytesExports.slackUrl("F3CCC", "gone.pdf"), -1),
                Map.entry("two files\n[file] b.png: " + FileBytesExports.slackUrl("F5EEE", "b.png"),
                        FileBytesExports.FIRST.length),
                Map.entry("[file] empty.txt: " + FileBytesExports.slackUrl("F6FFF", "empty.txt"), -1),
                Map.entry("dm file", FileBytesExports.SCAN.length));
    }

    @Test
    void mattermostFilesUnderDataArriveAsAttachmentsOfTheirExactSize() {
        long id = Jobs.uploadExport("mattermost-files.zip", Zips.of(FileBytesExports.mattermost(), ""), "mattermost");
        assertThat(Jobs.get(id).getInt("counts.attachments")).isEqualTo(3);
        assertThat(report(id)).containsEntry("FILE_ATTACHED", 3).containsEntry("FILE_NOT_IN_ARCHIVE", 1)
                .containsEntry("FILE_EXTRA_AS_LINK", 1);

        JsonPath run = pushAndAwait(id, false);
        assertThat(run.getLong("attachmentBytes")).isEqualTo(FileBytesExports.REPORT.length
                + FileBytesExports.REPLY.length + FileBytesExports.DM.length);
        assertThat(attachmentSizes()).containsExactlyInAnyOrder(
                Map.entry("the report", FileBytesExports.REPORT.length),
                Map.entry("", FileBytesExports.REPLY.length),
                Map.entry("missing\n[file] nothere.png", -1),
                Map.entry("[file] second.txt", FileBytesExports.DM.length));
    }

    @Test
    void theRealSlackSampleWithTheBytesOfItsFileInjectedCarriesThemOnItsFileShare() {
        DirectoryArchive sample = DirectoryArchive.sample("slack/export-a");
        MappedArchive archive = new MappedArchive();
        sample.names().forEach(name -> archive.file(name, DirectoryArchive.SAMPLES.resolve("slack/export-a/" + name)));
        archive.file("__uploads/F8VSW87RR/dirac72.md", DIRAC);
        long id = Jobs.uploadExport("slack.zip", Zips.of(archive, "export-a/"), "slack");
        assertThat(Jobs.get(id).getInt("counts.attachments")).isEqualTo(1);
        assertThat(report(id)).containsEntry("FILE_ATTACHED", 1).doesNotContainKey("FILE_NOT_IN_ARCHIVE");

        pushAndAwait(id, true);
        List<Map.Entry<String, Integer>> sizes = attachmentSizes();
        assertThat(sizes).hasSize(9);
        assertThat(sizes).filteredOn(e -> e.getValue() >= 0).containsExactly(Map.entry("@Josef K. uploaded a file: "
                + "dirac72.md (https://plan8team.slack.com/files/U6006P1CN/F8VSW87RR/dirac72.md) and commented: test "
                + "upload attachment", DIRAC.length));
    }
}
