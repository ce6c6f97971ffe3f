package io.talkport.bundle;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.testsupport.BundleBuilder;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class BundleStagerTest {

    private static final long TS = 1_600_000_000_000L;

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

    private BundleBuilder valid() {
        return BundleBuilder.create().user("u1", "Alice").user("u2", "Bob").user("u3", "Carol")
                .conversation("c1", "u1", "u2")
                .item("conversations.jsonl", Map.of("id", "c2", "subject", "Ops",
                        "participants", Map.of("u1", Map.of("access", "ReadWrite"), "u3", Map.of("access", "Read", "notify", false))))
                .message("c1", "u1", TS, "hi", Map.of("id", "m1", "readBy", List.of("u2")))
                .message("c1", "u2", TS + 1, "hello back")
                .message("c2", "u3", TS + 2, "photo", Map.of("attachment", "attachments/p.png", "custom", Map.of("k", "v")))
                .attachment("attachments/p.png", BundleBuilder.PNG);
    }

    private StagingResult stage(BundleBuilder bundle) {
        return stager.stage(job, bundle.build(dir.resolve("b" + System.nanoTime() + ".zip")));
    }

    @Test
    void aValidBundleIsStagedInFull() {
        StagingResult result = stage(valid());
        assertThat(result).isEqualTo(new StagingResult(3, 2, 3, 1, 0, 0));
        assertThat(db.issues(job)).isEmpty();
        assertThat(db.rows("SELECT user_id, payload::text FROM staged_user WHERE job_id = " + job + " ORDER BY line"))
                .first().isEqualTo("u1 {\"name\": \"Alice\"}");
        assertThat(db.rows("SELECT conversation_id, user_id, access, notify FROM staged_participant WHERE job_id = "
                + job + " ORDER BY conversation_id, user_id")).containsExactly("c1 u1 ReadWrite t", "c1 u2 ReadWrite t",
                "c2 u1 ReadWrite t", "c2 u3 Read f");
        assertThat(db.rows("SELECT seq, line, source_id, conversation_id, sender, ts, text, read_by::text, "
                + "custom::text, attachment_path, valid FROM staged_message WHERE job_id = " + job + " ORDER BY seq"))
                .containsExactly("1 1 m1 c1 u1 1600000000000 hi [\"u2\"] null null t",
                        "2 2 null c1 u2 1600000000001 hello back [] null null t",
                        "3 3 null c2 u3 1600000000002 photo [] {\"k\": \"v\"} attachments/p.png t");
        assertThat(db.rows("SELECT path, size, content_type, length(sha256) FROM staged_attachment WHERE job_id = " + job))
                .containsExactly("attachments/p.png " + BundleBuilder.PNG.length + " image/png 64");
    }

    @Test
    void theSampleBundleStagesWithOneWarning() {
        StagingResult result = stager.stage(job, Path.of("samples/sample-bundle.zip"));
        assertThat(result).isEqualTo(new StagingResult(5, 3, 15, 1, 0, 1));
        assertThat(db.issues(job)).containsExactly("warning READER_NOT_PARTICIPANT messages.jsonl 13 readBy m13");
    }

    @Test
    void theWorkedExampleOfTheFormatDocs() {
        StagingResult result = stage(BundleBuilder.create()
                .rawLine("users.jsonl", "{\"id\":\"alice\",\"name\":\"Alice\"}")
                .rawLine("users.jsonl", "{\"id\":\"bob\",\"name\":\"Bob\",\"email\":[\"bob@acme.example\"]}")
                .rawLine("users.jsonl", "{\"id\":\"carol\"}")
                .rawLine("conversations.jsonl", "{\"id\":\"c1\",\"participants\":[\"alice\",\"bob\"]}")
                .rawLine("conversations.jsonl", "{\"id\":\"c2\",\"participants\":[\"alice\",\"carol\"]}")
                .rawLine("messages.jsonl", "{\"conversationId\":\"c1\",\"sender\":\"alice\",\"timestamp\":1714550400000,\"text\":\"Hi Bob\"}")
                .rawLine("messages.jsonl", "{\"conversationId\":\"c1\",\"sender\":\"bob\",\"timestamp\":1714550460000,\"text\":\"Photo\",\"attachment\":\"attachments/p.png\"}")
                .rawLine("messages.jsonl", "{\"conversationId\":\"c2\",\"sender\":\"alice\",\"timestamp\":1714550520000,\"text\":\"Hi Carol\"}")
                .rawLine("messages.jsonl", "{\"conversationId\":\"c1\",\"sender\":\"bob\",\"timestamp\":1714550460000,\"text\":\"Photo\",\"attachment\":\"attachments/p.png\"}")
                .rawLine("messages.jsonl", "{\"conversationId\":\"c1\",\"sender\":\"alice\",\"timestamp\":1714550580000")
                .attachment("attachments/p.png", BundleBuilder.PNG));
        assertThat(result).isEqualTo(new StagingResult(2, 1, 3, 1, 4, 1));
        assertThat(db.issues(job)).containsExactly(
                "error MISSING_FIELD users.jsonl 3 name carol",
                "error MALFORMED_JSON messages.jsonl 5 - -",
                "error INVALID_DEPENDENCY conversations.jsonl 2 participants c2",
                "error INVALID_DEPENDENCY messages.jsonl 3 conversationId -",
                "warning DUPLICATE_MESSAGE messages.jsonl 4 text -");
    }

    @Test
    void jsonArraysAndATopLevelFolderWork() {
        assertThat(stage(valid().jsonArrays().folder("export-2024"))).isEqualTo(new StagingResult(3, 2, 3, 1, 0, 0));
    }

    @Test
    void itemErrorsNameFileLineFieldAndItem() {
        StagingResult result = stage(valid()
                .rawLine("users.jsonl", "{broken")
                .item("users.jsonl", Map.of("id", "u4", "name", "Dan", "custom", Map.of("age", 40)))
                .rawLine("messages.jsonl", "{\"conversationId\":\"c1\",\"sender\":\"u1\",\"timestamp\":1,\"text\":\"x\","
                        + "\"type\":\"SystemMessage\"}"));
        assertThat(db.issues(job)).containsExactly(
                "error MALFORMED_JSON users.jsonl 4 - -",
                "warning CUSTOM_STRINGIFIED users.jsonl 5 custom.age u4",
                "error UNSUPPORTED_MESSAGE_TYPE messages.jsonl 4 type -");
        assertThat(result.errors()).isEqualTo(2);
        // A non-number custom value is repaired into a string, not a reason to drop the user and their history.
        assertThat(db.rows("SELECT user_id, valid, payload->'custom'->>'age' FROM staged_user WHERE job_id = " + job
                + " AND line = 5")).containsExactly("u4 t 40");
    }

    @Test
    void crossItemRulesRunInSql() {
        StagingResult result = stage(valid()
                .user("u1", "Alice again")                                    // users line 4: duplicate
                .item("users.jsonl", Map.of("id", "u5", "name", 5))           // users line 5: invalid user
                .conversation("c1", "u3")                                     // conversations line 3: duplicate
                .conversation("c3", "u1", "ghost")                            // line 4: unknown participant
                .conversation("c4", "u1", "u5")                               // line 5: invalid participant
                .message("c9", "u1", TS, "x")                                 // messages line 4: unknown conversation
                .message("c3", "u1", TS, "x")                                 // 5: invalid conversation
                .message("c1", "nobody", TS, "x")                             // 6: unknown sender
                .message("c1", "u3", TS, "x")                                 // 7: sender not a participant
                .message("c1", "u1", TS, "hi", Map.of("id", "m1"))            // 8: duplicate message id
                .message("c1", "u2", TS + 1, "hello back")                    // 9: identical duplicate of line 2
                .message("c1", "u1", TS + 5, "r", Map.of("readBy", List.of("u2", "u3", "zed")))); // 10: reader warnings
        assertThat(db.issues(job)).containsExactlyInAnyOrder(
                "error WRONG_TYPE users.jsonl 5 name u5",
                "error DUPLICATE_ID users.jsonl 4 id u1",
                "error DUPLICATE_ID conversations.jsonl 3 id c1",
                "error UNKNOWN_USER conversations.jsonl 4 participants c3",
                "error INVALID_DEPENDENCY conversations.jsonl 5 participants c4",
                "error DUPLICATE_ID messages.jsonl 8 id m1",
                "error UNKNOWN_CONVERSATION messages.jsonl 4 conversationId -",
                "error INVALID_DEPENDENCY messages.jsonl 5 conversationId -",
                "error UNKNOWN_USER messages.jsonl 6 sender -",
                "error SENDER_NOT_PARTICIPANT messages.jsonl 7 sender -",
                "warning UNKNOWN_READER messages.jsonl 10 readBy -",
                "warning READER_NOT_PARTICIPANT messages.jsonl 10 readBy -",
                "warning DUPLICATE_MESSAGE messages.jsonl 9 text -",
                // c3 misses only "ghost": a push that creates placeholder users delivers it.
                "warning PLACEHOLDER_USER conversations.jsonl 4 participants ghost");
        assertThat(db.rows("SELECT message FROM job_issue WHERE job_id = " + job + " AND code = 'INVALID_DEPENDENCY' "
                + "ORDER BY file")).containsExactly("user u5 is invalid (users.jsonl line 5): fix that user first.",
                "conversation c3 is invalid (conversations.jsonl line 4)");
        assertThat(result).isEqualTo(new StagingResult(3, 2, 5, 1, 10, 4));
        // What a push with placeholder users takes in: c3 (not c4, whose u5 is invalid) and its message.
        assertThat(db.rows("SELECT conversation_id FROM staged_conversation WHERE job_id = " + job
                + " AND needs_placeholders")).containsExactly("c3");
        assertThat(db.rows("SELECT line FROM staged_message WHERE job_id = " + job + " AND needs_placeholders"))
                .containsExactly("5");
        assertThat(db.rows("SELECT line, read_by::text FROM staged_message WHERE job_id = " + job + " AND line = 10"))
                .containsExactly("10 [\"u2\"]");
        // The duplicate c1's participant u3 did not join the first c1.
        assertThat(db.rows("SELECT user_id FROM staged_participant WHERE job_id = " + job + " AND conversation_id = 'c1'"))
                .containsExactlyInAnyOrder("u1", "u2");
    }

    @Test
    void repeatedMessageIdsAreFoundWhenTooManyToListAndAllIdsAreGroupedInSql() {
        int repeated = RepeatedIds.MAX_LISTED + 1;
        BundleBuilder bundle = valid();
        for (int i = 0; i < repeated; i++) {
            bundle.message("c1", "u1", TS + i, "first", Map.of("id", "r" + i))
                    .message("c1", "u2", TS + i, "again", Map.of("id", "r" + i));
        }
        StagingResult result = stage(bundle);
        assertThat(result.errors()).isEqualTo(repeated);
        assertThat(result.messages()).isEqualTo(3 + repeated);
        assertThat(db.rows("SELECT line, message FROM job_issue WHERE job_id = " + job + " AND code = 'DUPLICATE_ID' "
                + "ORDER BY line LIMIT 1")).containsExactly("5 The message id \"r0\" is already used at line 4. "
                + "Give each message a unique id, or remove the repeated line.");
    }

    @Test
    void textReadByAndCustomKeepEveryCharacterThatPostgresqlCanHold() {
        String tricky = "q\"b\\s/\n\t\r\u0001\u007f é 😀 \u2028";
        // An invalid message (unsupported type) keeps readBy as written; a valid one would lose the unknown reader.
        stage(valid().message("c1", "u1", TS, tricky + "\u0000", Map.of("type", "SystemMessage",
                        "readBy", List.of(tricky, "u1"), "custom", Map.of(tricky, tricky, "nul", "a\u0000b")))
                .message("c1", "u1", -5, "before 1970")
                .message("c1", "u1", Long.MIN_VALUE, "long ago"));
        assertThat(db.rows("SELECT text, jsonb_array_length(read_by), read_by->>0, read_by->>1, custom->>'"
                + tricky.replace("'", "''") + "', custom->>'nul' FROM staged_message WHERE job_id = " + job
                + " AND line = 4")).containsExactly(tricky + "\uFFFD 2 " + tricky + " u1 " + tricky + " a\uFFFDb");
        assertThat(db.rows("SELECT ts FROM staged_message WHERE job_id = " + job + " AND line > 4 ORDER BY line"))
                .containsExactly("-5", Long.toString(Long.MIN_VALUE));
    }

    @Test
    void stagingWorksWhenTheDriverWrapsEachStatementInASavepoint() throws Exception {
        // autosave=always in DB_URL makes the driver set savepoints around statements, while COPY FREEZE refuses a
        // table that was not created in the COPY's own subtransaction: staging must still work.
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        Path archive = valid().message("c1", "u2", TS + 1, "hello back").build(dir.resolve("autosave.zip"));
        BundleLimits limits = BundleLimits.defaults();
        try (Connection connection = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?")
                        + "autosave=always", config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                BundleArchive bundle = BundleArchive.open(archive, limits)) {
            bundle.dataFiles();
            connection.setAutoCommit(false);
            StagedMessageTable.create(connection, job);
            StagingResult result = new StagingRun(connection, job, bundle, limits).run();
            connection.commit();
            assertThat(result).isEqualTo(new StagingResult(3, 2, 4, 1, 0, 1));
        }
        assertThat(db.issues(job)).containsExactly("warning DUPLICATE_MESSAGE messages.jsonl 4 text -");
    }

    @Test
    void aMessageOfAnInvalidSenderNamesTheUser() {
        stage(valid().item("users.jsonl", Map.of("id", "u9")).conversation("c5", "u1")
                .message("c1", "u9", TS, "x"));
        assertThat(db.issues(job)).contains("error INVALID_DEPENDENCY messages.jsonl 4 sender -");
        assertThat(db.rows("SELECT message FROM job_issue WHERE job_id = " + job + " AND code = 'INVALID_DEPENDENCY'"))
                .containsExactly("user u9 is invalid (users.jsonl line 4)");
    }

    @Test
    void attachmentRules() {
        StagingResult result = stage(valid()
                .attachment("attachments/empty.png", new byte[0])
                .entry("other/x.png", BundleBuilder.PNG)
                .message("c1", "u1", TS, "a", Map.of("attachment", "attachments/missing.png"))
                .message("c1", "u1", TS, "b", Map.of("attachment", "attachments/empty.png"))
                .message("c1", "u1", TS, "c", Map.of("attachment", "other/x.png"))
                .message("c1", "u1", TS, "d", Map.of("attachment", "attachments/p.png", "attachmentToken", "t"))
                .message("c1", "u1", TS, "e", Map.of("attachmentToken", "tok")));
        assertThat(db.issues(job)).containsExactly(
                "warning IGNORED_ENTRY other/x.png - - -",
                "error ATTACHMENT_MISSING messages.jsonl 4 attachment -",
                "error ATTACHMENT_EMPTY messages.jsonl 5 attachment -",
                "error ATTACHMENT_OUTSIDE_FOLDER messages.jsonl 6 attachment -",
                "error ATTACHMENT_AND_TOKEN messages.jsonl 7 attachmentToken -",
                "warning ATTACHMENT_TOKEN messages.jsonl 8 attachmentToken -");
        assertThat(result.messages()).isEqualTo(4);
        assertThat(result.attachments()).isEqualTo(1);
    }

    @Test
    void anOversizedAttachmentFailsOnlyItsMessage() {
        BundleLimits limits = BundleLimits.defaults();
        limits = new BundleLimits(limits.maxEntries(), limits.maxUncompressedBytes(), limits.maxCompressionRatio(),
                50, limits.maxLineBytes(), limits.maxNestingDepth(), limits.maxIssuesPerCode(),
                limits.futureTimestampTolerance());
        StagingResult result = stager.stage(job, valid().build(dir.resolve("big.zip")), limits);
        assertThat(db.issues(job)).containsExactly("error ATTACHMENT_TOO_LARGE messages.jsonl 3 attachment -");
        assertThat(result.messages()).isEqualTo(2);
        assertThat(result.attachments()).isZero();
    }

    @Test
    void issuesAreCappedPerCodeWithASummary() {
        BundleLimits d = BundleLimits.defaults();
        BundleLimits limits = new BundleLimits(d.maxEntries(), d.maxUncompressedBytes(), d.maxCompressionRatio(),
                d.maxAttachmentBytes(), d.maxLineBytes(), d.maxNestingDepth(), 3, d.futureTimestampTolerance());
        BundleBuilder bundle = valid();
        for (int i = 0; i < 10; i++) {
            bundle.rawLine("messages.jsonl", "{nope").message("c404", "u1", TS, "x" + i);
        }
        StagingResult result = stager.stage(job, bundle.build(dir.resolve("garbage.zip")), limits);
        assertThat(result.errors()).isEqualTo(20);
        assertThat(db.issues(job)).filteredOn(i -> i.contains("MALFORMED_JSON")).hasSize(3);
        assertThat(db.issues(job)).filteredOn(i -> i.contains("UNKNOWN_CONVERSATION")).hasSize(3);
        assertThat(db.rows("SELECT message FROM job_issue WHERE job_id = " + job + " AND code = 'TOO_MANY_ISSUES' ORDER BY id"))
                .containsExactly("7 more MALFORMED_JSON issues were found but not listed (only the first 3 are kept). "
                        + "Fix the listed ones and upload again.", "7 more UNKNOWN_CONVERSATION issues were found but "
                        + "not listed (only the first 3 are kept). Fix the listed ones and upload again.");
    }

    @Test
    void stagingAgainReplacesTheEarlierRows() {
        stage(valid().rawLine("users.jsonl", "{broken"));
        StagingResult again = stage(valid());
        assertThat(again).isEqualTo(new StagingResult(3, 2, 3, 1, 0, 0));
        assertThat(db.issues(job)).isEmpty();
        assertThat(db.count("staged_message", job)).isEqualTo(3);
        assertThat(db.count("staged_participant", job)).isEqualTo(4);
    }

    @Test
    void aJobsMessagesLiveInATableOfTheirOwnWithTheSharedKeys() {
        stage(valid());
        String table = StagedMessageTable.name(job);
        assertThat(db.rows("SELECT tableoid::regclass::text, count(*) FROM staged_message WHERE job_id = " + job
                + " GROUP BY 1")).containsExactly(table + " 3");
        // The attach gave the job's table the indexes and the foreign key of staged_message.
        assertThat(db.rows("SELECT indexdef FROM pg_indexes WHERE tablename = '" + table + "' ORDER BY indexdef"))
                .hasSize(2).allMatch(def -> def.contains("(job_id, conversation_id, ts, seq)")
                        || def.contains("UNIQUE INDEX") && def.contains("(job_id, seq)"));
        assertThat(db.rows("SELECT confdeltype FROM pg_constraint WHERE conrelid = '" + table + "'::regclass "
                + "AND contype = 'f'")).containsExactly("c");
    }

    @Test
    void theTablesOfDeletedAndPurgedJobsAreDroppedByTheNextStaging() {
        stage(valid());
        long purged = job;
        newJob();
        stage(valid());
        long deleted = job;
        db.rows("UPDATE job SET purged_at = now() WHERE id = " + purged + " RETURNING id");
        db.rows("DELETE FROM staged_message WHERE job_id = " + purged + " RETURNING job_id");
        db.rows("DELETE FROM job WHERE id = " + deleted + " RETURNING id");
        newJob();
        stage(valid());
        assertThat(db.rows("SELECT relname FROM pg_class WHERE relname IN ('" + StagedMessageTable.name(purged)
                + "', '" + StagedMessageTable.name(deleted) + "', '" + StagedMessageTable.name(job) + "')"))
                .containsExactly(StagedMessageTable.name(job));
    }
}
