package io.talkport.bundle;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.bundle.format.DirectoryArchive;
import io.talkport.bundle.format.FileBytesExports;
import io.talkport.bundle.format.MappedArchive;
import io.talkport.bundle.format.Zips;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real export samples staged through the format seam: the same rules, COPY staging and cross-checks as the
 * Talkport bundle, with issues pointing into the source files.
 */
@QuarkusTest
class SourceFormatStagingTest {

    @Inject
    BundleStager stager;
    @Inject
    AgroalDataSource dataSource;
    @TempDir
    Path dir;

    private StagingDb db;
    private long job;

    @BeforeEach
    void newJob() {
        db = new StagingDb(dataSource);
        job = db.newJob();
    }

    private StagingResult stage(byte[] zip) {
        return stager.stage(job, Zips.write(zip, dir.resolve("export" + System.nanoTime() + ".zip")));
    }

    private String source() {
        return String.join(" | ", db.rows("SELECT format, summary FROM job_source WHERE job_id = " + job));
    }

    @Test
    void sendbirdExportedDataStagesInFull() {
        StagingResult result = stage(Zips.of(DirectoryArchive.sample("sendbird/exported-data"), "exported-data/"));
        assertThat(result).isEqualTo(new StagingResult(4, 1, 4, 0, 0, 0));
        assertThat(source()).isEqualTo("sendbird Sendbird export, 4 users, 1 group channel, 4 messages");
        assertThat(db.rows("SELECT source_id, sender, ts, text FROM staged_message WHERE job_id = " + job
                + " ORDER BY seq")).first().isEqualTo("4889309712 523915 1674850782377 Hey guys! Welcome to our group channel!");
    }

    @Test
    void sendbirdExampleDataLeavesTheRemovedMessageOut() {
        StagingResult result = stage(Zips.of(DirectoryArchive.sample("sendbird/example-data"), ""));
        assertThat(result).isEqualTo(new StagingResult(3, 1, 3, 0, 0, 0));
        assertThat(db.rows("SELECT report->'entries'->0->>'code' FROM job_source WHERE job_id = " + job))
                .containsExactly("REMOVED_MESSAGE");
    }

    @Test
    void slackExportAStagesWithSendersWhoLeftTheChannelFlagged() {
        StagingResult result = stage(Zips.of(DirectoryArchive.sample("slack/export-a"), "export-a/"));
        // the 9 messages of random/ are by users who are not (or no longer) members: valid once senders are added
        assertThat(result).isEqualTo(new StagingResult(8, 11, 0, 0, 9, 0));
        assertThat(db.issues(job)).hasSize(9).allMatch(i -> i.startsWith("error SENDER_NOT_PARTICIPANT random/"))
                .contains("error SENDER_NOT_PARTICIPANT random/2018-01-20.json 2 sender C061A0WJG:1516454537.000093");
        assertThat(db.rows("SELECT count(*) FROM staged_message WHERE job_id = " + job + " AND sender_not_participant"))
                .containsExactly("9");
        assertThat(source()).isEqualTo("slack Slack export, 4 users, 4 channels, 3 group DMs, 4 DMs, 9 messages");
    }

    @Test
    void mattermostIssuesPointIntoTheExportFile() {
        StagingResult result = stage(Zips.of(new MappedArchive().file("export.json",
                DirectoryArchive.SAMPLES.resolve("mattermost/export.json")), ""));
        // post line 33: a gryffindor post in slytherin's channel; snape's slytherin-common-room post and malfoy's are valid
        assertThat(result.users()).isEqualTo(5);
        assertThat(result.conversations()).isEqualTo(5);
        assertThat(db.issues(job)).contains("error UNKNOWN_CONVERSATION export.json 33 post.channel -");
        assertThat(result.messages()).isEqualTo(20);
    }

    @Test
    void brokenSlackPartsArePointedAtInTheirDayFile() {
        MappedArchive archive = new MappedArchive()
                .file("users.json", "[{\"id\":\"U1\",\"name\":\"ann\"},{\"id\":\"U2\",\"name\":\"bo\"}]")
                .file("channels.json", "[{\"id\":\"C1\",\"name\":\"general\",\"members\":[\"U1\",\"U2\"]}]")
                .file("general/2024-05-01.json", "[{\"type\":\"message\",\"user\":\"U1\",\"text\":\"ok\","
                        + "\"ts\":\"1714550400.000100\"},{\"type\":\"message\",\"user\":\"U2\",\"text\":\"no time\"},"
                        + "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"future\",\"ts\":\"9999999999.000001\"}]")
                .file("general/2024-05-02.json", "[{\"type\":\"message\",\"user\":\"U1\",\"text\":\"cut")
                .file("general/2024-05-03.json", "[{\"type\":\"message\",\"user\":\"U1\",\"text\":\"again\","
                        + "\"ts\":\"1714550400.000100\"}]");
        StagingResult result = stage(Zips.of(archive, ""));
        assertThat(result.messages()).isEqualTo(1);
        assertThat(db.issues(job)).containsExactly(
                "error MISSING_FIELD general/2024-05-01.json 2 ts -",
                "error FUTURE_TIMESTAMP general/2024-05-01.json 3 timestamp C1:9999999999.000001",
                "error MALFORMED_JSON general/2024-05-02.json 1 - -",
                "error DUPLICATE_ID general/2024-05-03.json 1 id C1:1714550400.000100");
    }

    @Test
    void slackFilesOverTheAttachmentLimitStayLinksAndTheirMessagesStage() {
        BundleLimits d = BundleLimits.defaults();
        BundleLimits limits = new BundleLimits(d.maxEntries(), d.maxUncompressedBytes(), d.maxCompressionRatio(), 2_000,
                d.maxLineBytes(), d.maxNestingDepth(), d.maxIssuesPerCode(), d.futureTimestampTolerance());
        StagingResult result = stager.stage(job, Zips.write(Zips.of(FileBytesExports.slack(), ""),
                dir.resolve("files.zip")), limits);
        // photo.png (1,000 bytes) is attached; notes.json, a.png and scan.pdf (2,345, 3,003, 5,120) are over the
        // limit, so the two-file message carries its second file b.png (404) instead
        assertThat(result).isEqualTo(new StagingResult(2, 2, 6, 2, 0, 0));
        assertThat(db.rows("SELECT attachment_path FROM staged_message WHERE job_id = " + job
                + " AND attachment_path IS NOT NULL ORDER BY seq"))
                .containsExactly("general/attachments/F1AAA-photo.png", "__uploads/F5EEE/b.png");
        assertThat(db.rows("SELECT e->>'code', e->>'count' FROM job_source, jsonb_array_elements(report->'entries') e "
                + "WHERE job_id = " + job + " AND e->>'code' LIKE 'FILE%' ORDER BY 1")).containsExactly(
                "FILE_ATTACHED 2", "FILE_NOT_IN_ARCHIVE 2", "FILE_TOO_LARGE 3");
    }
}
