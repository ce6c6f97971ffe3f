package io.talkport.bundle.slack;

import io.talkport.bundle.format.CollectingSink;
import io.talkport.bundle.format.DirectoryArchive;
import io.talkport.bundle.format.FileBytesExports;
import io.talkport.bundle.format.MappedArchive;
import io.talkport.bundle.format.SourceFormats;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.talkport.bundle.format.FileBytesExports.slackUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SlackFormatTest {

    private static final Path MESSAGES = DirectoryArchive.SAMPLES.resolve("slack/messages");

    private final SlackFormat format = new SlackFormat();

    @Test
    void exportAIsDetectedAndEveryConversationKindRead() throws IOException {
        DirectoryArchive archive = DirectoryArchive.sample("slack/export-a");
        assertThat(SourceFormats.detect(archive).id()).isEqualTo("slack");
        CollectingSink sink = CollectingSink.read(format, archive);
        assertThat(sink.conversations).hasSize(11);
        // 4 in users.json, 4 members that users.json lacks (the sample's caveat) become placeholders
        assertThat(sink.users).hasSize(8);
        assertThat(sink.user("U061A1R2R").node().toString())
                .isEqualTo("{\"id\":\"U061A1R2R\",\"name\":\"U061A1R2R\",\"custom\":{\"placeholder\":\"true\"}}");
        // random/ holds 13 items: 4 channel_join events, 8 messages, 1 legacy file_share
        assertThat(sink.messages).hasSize(9);
        assertThat(sink.report.count("SYSTEM_EVENT")).isEqualTo(4);
        assertThat(sink.report.count("FILE_NOT_IN_ARCHIVE")).isEqualTo(1);
        assertThat(sink.report.count("PLACEHOLDER_USER")).isEqualTo(4);
        assertThat(sink.issues).isEmpty();
        assertThat(sink.report.summary(format.label()))
                .isEqualTo("Slack export, 4 users, 4 channels, 3 group DMs, 4 DMs, 9 messages");
        CollectingSink.Item steve = sink.message("C061A0WJG:1516454537.000093");
        assertThat(steve.text("sender")).isEqualTo("U8VAHEVUY");
        assertThat(steve.node().get("timestamp").longValue()).isEqualTo(1516454537000L);
        assertThat(steve.text("text")).isEqualTo("This is Steve typing random stuff.");
        assertThat(steve.at().file()).isEqualTo("random/2018-01-20.json");
        assertThat(steve.at().line()).isEqualTo(2);
        assertThat(sink.message("C061A0WJG:1516468529.000046").text("text")).isEqualTo("@channel");
        assertThat(sink.message("C061A0WJG:1516457078.000065").text("text")).isEqualTo("@Josef K. uploaded a file: "
                + "dirac72.md (https://plan8team.slack.com/files/U6006P1CN/F8VSW87RR/dirac72.md) and commented: test "
                + "upload attachment");
    }

    /**
     * The fixtures of slack/messages as an export: one public channel per fixture file (C01 "f01"...; Slack's ts is
     * unique per channel only, and the fixtures reuse some), single messages wrapped in a day array.
     */
    static MappedArchive fixtureChannels() throws IOException {
        MappedArchive archive = new MappedArchive().file("users.json", MESSAGES.resolve("users.json"));
        StringBuilder channels = new StringBuilder("[");
        int n = 1;
        try (Stream<Path> files = Files.list(MESSAGES).sorted()) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().equals("users.json")) {
                    continue;
                }
                String content = Files.readString(file).strip();
                channels.append(n == 1 ? "" : ",").append(String.format("{\"id\":\"C%02d\",\"name\":\"f%02d\","
                        + "\"members\":[\"U061A1R2R\",\"U061A5N1G\",\"U066MTL5U\",\"U06NU4E26M9\"]}", n, n));
                archive.file(String.format("f%02d/2020-01-01.json", n++), content.startsWith("[") ? content
                        : "[" + content + "]");
            }
        }
        return archive.file("channels.json", channels.append("]").toString());
    }

    @Test
    void threadsMarkupAndFilesOfTheMessageFixtures() throws IOException {
        CollectingSink sink = CollectingSink.read(format, fixtureChannels());
        assertThat(sink.issues).isEmpty();
        assertThat(sink.messages).hasSize(30); // 13 single messages + 18 in arrays - 1 channel_join
        assertThat(sink.report.count("SYSTEM_EVENT")).isEqualTo(1);
        assertThat(sink.report.count("THREAD_REPLY")).isEqualTo(8);
        CollectingSink.Item reply = sink.message("C15:1439868294.000007");
        assertThat(reply.node().get("custom").toString())
                .isEqualTo("{\"threadTs\":\"1434139102.000002\",\"parentUser\":\"U061A5N1G\"}");
        assertThat(sink.message("C14:1437868294.000006").text("text")).isEqualTo("@Jane: hey!");
        assertThat(sink.message("C16:1537139200.000002").text("text"))
                .isEqualTo("Look!\n[file] apple.png: https://files.slack.com/apple.png");
        assertThat(sink.message("C03:1772112421.729059").text("text")).isEqualTo("#C079A3FA12P #rich-text-blocks #general");
        assertThat(sink.message("C18:1776959516.007659").text("text")).isEqualTo("@Jon please reply to this message");
        assertThat(sink.message("C18:1776959516.007659").node().get("timestamp").longValue()).isEqualTo(1776959516007L);
    }

    @Test
    void filesWithBytesInEitherSlackdumpLayoutBecomeAttachmentsTheOthersStayLinks() {
        CollectingSink sink = CollectingSink.read(format, FileBytesExports.slack());
        assertThat(sink.issues).isEmpty();
        assertThat(sink.messages).extracting(m -> m.text("id"), m -> m.text("attachment"), m -> m.text("text"))
                .containsExactly(
                        tuple("C1:1714550400.000100", "general/attachments/F1AAA-photo.png", null),
                        tuple("C1:1714550400.000200", "__uploads/F2BBB/notes.json", "notes attached"),
                        tuple("C1:1714550400.000300", null, "lost one\n[file] gone.pdf: "
                                + slackUrl("F3CCC", "gone.pdf")),
                        tuple("C1:1714550400.000400", "__uploads/F4DDD/a.png", "two files\n[file] b.png: "
                                + slackUrl("F5EEE", "b.png")),
                        tuple("C1:1714550400.000500", null, "[file] empty.txt: " + slackUrl("F6FFF", "empty.txt")),
                        tuple("D1:1714636800.000100", "D1/attachments/F7GGG-scan.pdf", "dm file"));
        assertThat(sink.report.count("FILE_ATTACHED")).isEqualTo(4);
        assertThat(sink.report.count("FILE_NOT_IN_ARCHIVE")).isEqualTo(2);
        assertThat(sink.report.count("FILE_EXTRA_AS_LINK")).isEqualTo(1);
        assertThat(sink.report.summary(format.label()))
                .isEqualTo("Slack export, 2 users, 1 channel, 1 DM, 4 attachments, 6 messages");
    }

    @Test
    void aFileDownloadedIntoSeveralFoldersIsTakenFromTheMessagesOwn() {
        MappedArchive archive = new MappedArchive().file("general/attachments/F9ZZ-x.png", "g")
                .file("random/attachments/F9ZZ-x.png", "r").file("__uploads/F9ZZ/x.png", "u")
                .file("random/attachments/notes-without-id.txt", "n").file("__uploads/F8YY/deeper/x.png", "d");
        SlackFiles files = new SlackFiles(archive);
        assertThat(files.path("F9ZZ", "random")).isEqualTo("random/attachments/F9ZZ-x.png");
        assertThat(files.path("F9ZZ", "D123")).isEqualTo("__uploads/F9ZZ/x.png");
        assertThat(files.path("F8YY", "general")).isNull();
        assertThat(SlackFiles.fileId("random/attachments/notes-without-id.txt")).isNull();
    }
}
