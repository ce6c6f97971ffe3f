package io.talkport.bundle.mattermost;

import com.fasterxml.jackson.databind.JsonNode;
import io.talkport.bundle.format.CollectingSink;
import io.talkport.bundle.format.DirectoryArchive;
import io.talkport.bundle.format.FileBytesExports;
import io.talkport.bundle.format.MappedArchive;
import io.talkport.bundle.format.SourceFormats;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.talkport.bundle.format.FileBytesExports.mattermostPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class MattermostFormatTest {

    private final MattermostFormat format = new MattermostFormat();

    @Test
    void theTeamExportIsReadWithRepliesAndItsBrokenPost() throws IOException {
        DirectoryArchive archive = DirectoryArchive.sample("mattermost");
        assertThat(SourceFormats.detect(archive).id()).isEqualTo("mattermost");
        assertThat(MattermostFormat.exportFile(archive)).isEqualTo("direct_channel/export.json");
        CollectingSink sink = CollectingSink.read(format, new MappedArchive()
                .file("export.json", DirectoryArchive.SAMPLES.resolve("mattermost/export.json")));
        assertThat(sink.users).hasSize(5);
        assertThat(sink.conversations).hasSize(5);
        // 20 posts, one of them in a channel of another team (line 33), plus 1 nested reply
        assertThat(sink.messages).hasSize(20);
        assertThat(sink.issues).containsExactly("error UNKNOWN_CONVERSATION export.json 33 post.channel: The post is in "
                + "channel gryffindor.slytherin-quidditch-team, which no channel line defines.");
        // 9 reactions on 7 posts, as neutral {"emoji": [users]}; custom emoji as ":name:"
        assertThat(sink.messages.stream().mapToInt(MattermostFormatTest::reactionCount).sum()).isEqualTo(9);
        CollectingSink.Item hello = sink.messages.stream().filter(m -> "Hello world".equals(m.text("text")))
                .findFirst().orElseThrow();
        assertThat(hello.node().get("reactions").toString()).isEqualTo("{\":tick:\":[\"harry\"],\"😄\":[\"ron\"],"
                + "\"🗺️\":[\"ron\"]}");
        assertThat(sink.report.count("UNSUPPORTED_LINE")).isEqualTo(2);
        assertThat(sink.report.count("THREAD_REPLY")).isEqualTo(1);
        assertThat(sink.conversations.get(0).node().toString()).isEqualTo("{\"id\":\"gryffindor.gryffindor-common-room\","
                + "\"subject\":\"Gryffindor common room\",\"custom\":{\"type\":\"O\",\"purpose\":\"A place for talking "
                + "about Gryffindor common room\"},\"participants\":[\"ron\",\"harry\"]}");
        CollectingSink.Item welcome = sink.messages.stream().filter(m -> "@ron Welcome mate!".equals(m.text("text")))
                .findFirst().orElseThrow();
        assertThat(welcome.text("sender")).isEqualTo("harry");
        assertThat(welcome.node().get("timestamp").longValue()).isEqualTo(1553166519726L);
        assertThat(welcome.at().line()).isEqualTo(21);
        assertThat(sink.report.summary(format.label()))
                .isEqualTo("Mattermost export, 2 teams, 4 channels, 1 private channel, 5 users, 20 messages");
    }

    @Test
    void directAndGroupMessagesBecomeConversationsOfTheirMembers() {
        CollectingSink sink = CollectingSink.read(format, DirectoryArchive.sample("mattermost/direct_channel"));
        assertThat(sink.conversations).extracting(c -> c.text("id")).containsExactly("gryffindor.gryffindor-common-room",
                "gryffindor.gryffindor-quidditch-team", "gryffindor.dumbledores-army", "dm:harry,ron",
                "dm:ginny,harry,ron", "dm:harry,voldemort");
        assertThat(sink.messages).hasSize(11);
        assertThat(sink.issues).isEmpty();
        assertThat(sink.report.count("FILE_NOT_IN_ARCHIVE")).isEqualTo(2);
        CollectingSink.Item hey = sink.messages.stream().filter(m -> m.text("text").startsWith("hey harry"))
                .findFirst().orElseThrow();
        assertThat(hey.text("conversationId")).isEqualTo("dm:harry,ron");
        assertThat(hey.node().get("timestamp").longValue()).isEqualTo(1566376137676L);
    }

    @Test
    void attachmentsWhoseFilesAreUnderDataAreAttachedTheOthersNamedInTheText() {
        CollectingSink sink = CollectingSink.read(format, FileBytesExports.mattermost());
        assertThat(sink.issues).isEmpty();
        assertThat(sink.messages)
                .extracting(m -> m.text("conversationId"), m -> m.text("attachment"), m -> m.text("text"))
                .containsExactly(
                        tuple("t1.ch1", mattermostPath("p1/report.pdf"), "the report"),
                        tuple("t1.ch1", mattermostPath("p2/reply.png"), null),
                        tuple("t1.ch1", null, "missing\n[file] nothere.png"),
                        tuple("dm:ann,bo", mattermostPath("p4/dm.txt"), "[file] second.txt"));
        assertThat(sink.report.count("FILE_ATTACHED")).isEqualTo(3);
        assertThat(sink.report.count("FILE_NOT_IN_ARCHIVE")).isEqualTo(1);
        assertThat(sink.report.count("FILE_EXTRA_AS_LINK")).isEqualTo(1);
    }

    @Test
    void anExportInAFolderFindsItsDataFolderBesideIt() {
        MappedArchive nested = new MappedArchive();
        MappedArchive flat = FileBytesExports.mattermost();
        flat.names().forEach(name -> nested.file("export/" + name, flat.bytes(name)));
        CollectingSink sink = CollectingSink.read(format, nested);
        assertThat(sink.messages.get(0).text("attachment")).isEqualTo("export/" + mattermostPath("p1/report.pdf"));
        assertThat(sink.report.count("FILE_ATTACHED")).isEqualTo(3);
    }

    private static int reactionCount(CollectingSink.Item message) {
        int n = 0;
        for (JsonNode users : message.node().path("reactions")) {
            n += users.size();
        }
        return n;
    }
}
