package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.talkport.bundle.format.CarryOver;
import io.talkport.bundle.format.JobSources;
import io.talkport.bundle.format.SourceFormat;
import io.talkport.bundle.format.SourceFormats;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One staging of one bundle for one job, inside the caller's transaction on {@code connection}. */
final class StagingRun {

    /** Turns one parsed item into staged rows, reporting its problems to the check. */
    private interface Rule {
        void apply(JsonNode item, ItemCheck check) throws SQLException, IOException;
    }

    private final Connection connection;
    private final long jobId;
    private final BundleArchive bundle;
    private final SourceFormat format;
    private final BundleLimits limits;
    private final StagingWriter writer;
    private final IssueLog issues;
    private final ItemReader reader;
    private final StagingProgress.Tracker progress;
    private final int maxParticipants;

    /** A staging of a Talkport bundle. */
    StagingRun(Connection connection, long jobId, BundleArchive bundle, BundleLimits limits) throws SQLException {
        this(connection, jobId, bundle, SourceFormats.talkport(), limits, ConversationRules.DEFAULT_MAX_PARTICIPANTS);
    }

    StagingRun(Connection connection, long jobId, BundleArchive bundle, SourceFormat format, BundleLimits limits,
               int maxParticipants) throws SQLException {
        this.maxParticipants = maxParticipants;
        this.connection = connection;
        this.jobId = jobId;
        this.bundle = bundle;
        this.format = format;
        this.limits = limits;
        this.writer = new StagingWriter(connection, jobId);
        this.issues = new IssueLog(writer, limits.maxIssuesPerCode());
        this.reader = new ItemReader(limits.maxLineBytes(), limits.maxNestingDepth());
        this.progress = StagingProgress.start(jobId);
    }

    StagingResult run() throws SQLException, IOException {
        try {
            return stageAll();
        } finally {
            StagingProgress.end(jobId);
            writer.close();
        }
    }

    private StagingResult stageAll() throws SQLException, IOException {
        long started = System.nanoTime();
        // IGNORED_ENTRY names files outside a Talkport bundle's layout; another format reads the export's own files.
        bundle.notes().stream().filter(note -> format.neutral() || !"IGNORED_ENTRY".equals(note.code()))
                .forEach(issues::report);
        long latest = System.currentTimeMillis() + limits.futureTimestampTolerance().toMillis();
        MessageRules messageRules = format.neutral()
                ? new MessageRules(bundle.attachmentSizes(), limits.maxAttachmentBytes(), latest,
                        ManifestCheck.timestampUnit(bundle))
                : MessageRules.forSourceFormat(bundle.fileSizes(), limits.maxAttachmentBytes(), latest);
        RepeatedIds messageIds = new RepeatedIds();
        CarryOver report = new CarryOver();
        FormatStaging source = format.neutral() ? null : new FormatStaging(writer, issues, messageRules, messageIds,
                maxParticipants);
        String usersFile;
        String conversationsFile;
        String messagesFile;
        if (source == null) {
            usersFile = bundle.dataFile("users");
            conversationsFile = bundle.dataFile("conversations");
            messagesFile = bundle.dataFile("messages");
            stageDataFiles(usersFile, conversationsFile, messagesFile, messageRules, messageIds);
        } else {
            format.read(new ArchiveFiles(bundle, limits.maxAttachmentBytes()), source, report);
            usersFile = source.usersFile();
            conversationsFile = source.conversationsFile();
            messagesFile = source.messagesFile();
        }
        writer.flush();
        long parsed = System.nanoTime();
        StagedMessageTable.attach(connection, jobId);
        long attached = System.nanoTime();
        new CrossChecks(connection, jobId, issues, usersFile, conversationsFile, messagesFile)
                .run(messageIds.candidates());
        StagedReactions.check(connection, jobId, report);
        int attachments = new AttachmentStager(connection, jobId, bundle).run();
        issues.writeSummaries();
        writer.flush();
        if (source != null) {
            source.relocateIssues(connection, jobId);
        }
        JobSources.save(connection, jobId, format, report);
        Log.infof("Job %d: bundle parsed and copied in %d ms, messages indexed in %d ms, cross-checked in %d ms",
                jobId, (parsed - started) / 1_000_000, (attached - parsed) / 1_000_000,
                (System.nanoTime() - attached) / 1_000_000);
        return new StagingResult(count("staged_user"), count("staged_conversation"), count("staged_message"),
                attachments, issues.errors(), issues.warnings());
    }

    /** The Talkport bundle's fast path: its data files hold the neutral items, parsed straight into the rules. */
    private void stageDataFiles(String usersFile, String conversationsFile, String messagesFile,
            MessageRules messageRules, RepeatedIds messageIds) throws IOException {
        stageFile(usersFile, (item, check) -> {
            StagedUser user = UserRules.check(item, check);
            if (user != null) {
                writer.user(user);
            }
        });
        stageFile(conversationsFile, (item, check) -> {
            StagedConversation conversation = ConversationRules.check(item, check, maxParticipants);
            if (conversation != null) {
                writer.conversation(conversation);
            }
        });
        stageFile(messagesFile, (item, check) -> {
            StagedMessage message = messageRules.check(item, check);
            if (message != null) {
                writer.message(message);
                if (message.sourceId() != null) {
                    messageIds.add(message.sourceId());
                }
            }
        });
    }

    private void stageFile(String file, Rule rule) throws IOException {
        ItemReader.Handler handler = new ItemReader.Handler() {
            @Override
            public void item(int line, JsonNode node) {
                progress.line();
                ItemCheck check = new ItemCheck(file, line, issues);
                if (!node.isObject()) {
                    check.error("WRONG_TYPE", null, "Each item must be a JSON object like {\"id\": ...}.");
                    return;
                }
                try {
                    rule.apply(node, check);
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException("Cannot stage " + file + " line " + line, e);
                }
            }

            @Override
            public void broken(int line, String code, String message) {
                progress.line();
                issues.report(new Issue(Severity.ERROR, code, file, line, null, null, message));
            }
        };
        progress.file(file);
        try (InputStream in = bundle.open(file)) {
            if (file.endsWith(".json")) {
                reader.readArray(in, handler);
            } else {
                reader.readLines(in, handler);
            }
        }
    }

    private int count(String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table + " WHERE job_id = " + jobId
                        + " AND valid")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
