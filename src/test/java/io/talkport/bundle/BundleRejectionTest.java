package io.talkport.bundle;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.bundle.BundleRejectedException.Code;
import io.talkport.testsupport.BundleBuilder;
import jakarta.inject.Inject;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Archive-level problems reject the bundle with a stable code and a clear reason, and leave no rows. */
@QuarkusTest
class BundleRejectionTest {

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

    private static BundleBuilder valid() {
        return BundleBuilder.create().user("u1", "Alice").user("u2", "Bob").conversation("c1", "u1", "u2")
                .message("c1", "u1", 1_600_000_000_000L, "hi");
    }

    private Path file(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("upload" + System.nanoTime() + ".zip"), bytes);
    }

    private void assertRejected(Path archive, BundleLimits limits, Code code, String reason) {
        assertThatThrownBy(() -> stager.stage(job, archive, limits))
                .isInstanceOfSatisfying(BundleRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(reason);
                });
        for (String table : new String[] {"job_issue", "staged_user", "staged_conversation", "staged_participant",
            "staged_message", "staged_attachment"}) {
            assertThat(db.count(table, job)).as(table).isZero();
        }
        assertNoMessageTable();
    }

    /** Neither a table of this staging (rolled back) nor one of an earlier staging (dropped) remains. */
    private void assertNoMessageTable() {
        assertThat(db.rows("SELECT to_regclass('" + StagedMessageTable.name(job) + "')")).containsExactly("null");
    }

    private void assertRejected(Path archive, Code code, String reason) {
        assertRejected(archive, BundleLimits.defaults(), code, reason);
    }

    @Test
    void notAZip() throws IOException {
        assertRejected(file("users.jsonl,hello".getBytes(StandardCharsets.UTF_8)), Code.NOT_A_ZIP, "not a .zip");
        assertRejected(file(new byte[0]), Code.NOT_A_ZIP, "not a .zip");
    }

    @Test
    void truncatedZip() throws IOException {
        byte[] zip = valid().toBytes();
        assertRejected(file(Arrays.copyOf(zip, zip.length * 2 / 3)), Code.TRUNCATED_ZIP, "truncated or corrupt");
    }

    @Test
    void corruptEntryData() throws IOException {
        byte[] zip = valid().toBytes();
        int extra = (zip[28] & 0xFF) | (zip[29] & 0xFF) << 8;
        zip[30 + "users.jsonl".length() + extra + 8] ^= 0x55; // inside the first entry's compressed data
        assertThatThrownBy(() -> stager.stage(job, file(zip))).isInstanceOf(BundleRejectedException.class);
        assertThat(db.count("staged_user", job)).isZero();
        assertNoMessageTable(); // created in the staging transaction, which rolled back
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.sh", "/etc/cron.d/x", "C:/Windows/x.dll", "attachments/../../x", "..\\evil"})
    void entriesEscapingTheRoot(String name) throws IOException {
        assertRejected(file(valid().entry(name, new byte[] {1}).toBytes()), Code.ZIP_SLIP, "outside the archive");
    }

    @Test
    void symlinkEntries() throws IOException {
        assertRejected(file(valid().symlink("attachments/passwd", "/etc/passwd").toBytes()), Code.SYMLINK_ENTRY,
                "symbolic link");
    }

    @Test
    void tooManyEntries() throws IOException {
        BundleLimits d = BundleLimits.defaults();
        BundleLimits limits = new BundleLimits(4, d.maxUncompressedBytes(), d.maxCompressionRatio(),
                d.maxAttachmentBytes(), d.maxLineBytes(), d.maxNestingDepth(), d.maxIssuesPerCode(),
                d.futureTimestampTolerance());
        Path archive = file(valid().attachment("attachments/a", new byte[] {1}).attachment("attachments/b", new byte[] {1})
                .toBytes());
        assertRejected(archive, limits, Code.TOO_MANY_ENTRIES, "at most 4");
    }

    @Test
    void highCompressionRatioIsAZipBomb() throws IOException {
        assertRejected(file(valid().attachment("attachments/zeros.bin", new byte[20 << 20]).toBytes()), Code.ZIP_BOMB,
                "zip bomb");
    }

    @Test
    void totalUncompressedSizeIsLimited() throws IOException {
        BundleLimits d = BundleLimits.defaults();
        BundleLimits limits = new BundleLimits(d.maxEntries(), 100, d.maxCompressionRatio(), d.maxAttachmentBytes(),
                d.maxLineBytes(), d.maxNestingDepth(), d.maxIssuesPerCode(), d.futureTimestampTolerance());
        assertRejected(file(valid().toBytes()), limits, Code.ZIP_BOMB, "would unpack to");
    }

    @Test
    void aLyingHeaderIsCaughtOnTheBytesRead() throws IOException {
        // A stored entry whose central directory claims 10 bytes but which holds 5000: caught by the guard.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (String name : new String[] {"users.jsonl", "conversations.jsonl"}) {
                zip.putArchiveEntry(new ZipArchiveEntry(name));
                zip.closeArchiveEntry();
            }
            zip.putArchiveEntry(new ZipArchiveEntry("messages.jsonl"));
            zip.write(("{\"text\":\"" + "x".repeat(5000) + "\"}\n").getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        byte[] bytes = out.toByteArray();
        patchCentralDirectorySize(bytes, "messages.jsonl", 10);
        assertThatThrownBy(() -> stager.stage(job, file(bytes))).isInstanceOf(BundleRejectedException.class)
                .satisfies(e -> assertThat(((BundleRejectedException) e).code()).isIn(Code.ZIP_BOMB, Code.TRUNCATED_ZIP));
        assertThat(db.count("job_issue", job)).isZero();
    }

    /** Overwrites the uncompressed size in the central directory header of one entry. */
    private static void patchCentralDirectorySize(byte[] zip, String name, int size) {
        byte[] needle = name.getBytes(StandardCharsets.US_ASCII);
        for (int i = zip.length - 46; i >= 0; i--) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2
                    && Arrays.equals(Arrays.copyOfRange(zip, i + 46, i + 46 + needle.length), needle)) {
                zip[i + 24] = (byte) size;
                zip[i + 25] = 0;
                zip[i + 26] = 0;
                zip[i + 27] = 0;
                return;
            }
        }
        throw new IllegalStateException("entry not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"users.jsonl", "conversations.jsonl", "messages.jsonl"})
    void missingDataFile(String file) throws IOException {
        assertRejected(file(valid().without(file).toBytes()), Code.MISSING_FILE, "no " + file);
    }

    @Test
    void bothJsonlAndJson() throws IOException {
        assertRejected(file(valid().entry("users.json", "[]".getBytes(StandardCharsets.UTF_8)).toBytes()),
                Code.DUPLICATE_FILE, "both users.jsonl and users.json");
    }

    @Test
    void aManifestOfAnotherVersion() throws IOException {
        assertRejected(file(valid().entry("manifest.json", "{\"format\":\"talkport-bundle\",\"version\":2}"
                .getBytes(StandardCharsets.UTF_8)).toBytes()), Code.BAD_MANIFEST, "version 1");
        byte[] manifest = "{\"format\":\"talkport-bundle\",\"version\":1,\"source\":\"Slack\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(stager.stage(job, file(valid().entry("manifest.json", manifest).toBytes())).messages())
                .isEqualTo(1);
    }

    @Test
    void aRejectionRemovesRowsOfAnEarlierStagingAndAValidBundleAfterwardsStagesFine() throws IOException {
        stager.stage(job, file(valid().rawLine("users.jsonl", "{broken").toBytes()));
        assertThat(db.count("staged_user", job)).isEqualTo(2);
        assertRejected(file(valid().entry("../x", new byte[1]).toBytes()), Code.ZIP_SLIP, "outside");
        assertThat(stager.stage(job, file(valid().toBytes()))).isEqualTo(new StagingResult(2, 1, 1, 0, 0, 0));
    }
}
