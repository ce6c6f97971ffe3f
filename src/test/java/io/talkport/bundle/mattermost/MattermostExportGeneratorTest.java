package io.talkport.bundle.mattermost;

import io.talkport.bundle.format.CollectingSink;
import io.talkport.bundle.format.MappedArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated export is read in full: channel and direct posts, nested replies, system posts counted only. */
class MattermostExportGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedExportIsReadInFull() {
        Path zip = dir.resolve("mattermost.zip");
        MattermostExportGenerator.Counts counts = MattermostExportGenerator.write(zip, 20, 3, 2, 700);
        assertThat(counts).isEqualTo(new MattermostExportGenerator.Counts(5, 695, 5, 200, 500));
        CollectingSink sink = CollectingSink.read(new MattermostFormat(), MappedArchive.unzipped(zip));
        assertThat(sink.issues).isEmpty();
        assertThat(sink.users).hasSize(20);
        assertThat(sink.conversations).extracting(c -> c.text("id"))
                .containsExactly("acme.ch0", "acme.ch1", "acme.ch2", "dm:user0,user1", "dm:user1,user2");
        assertThat(sink.conversations.get(1).node().get("participants").toString())
                .isEqualTo("[\"user1\",\"user2\",\"user3\",\"user4\",\"user5\"]");
        assertThat(sink.messages).hasSize(695);
        assertThat(sink.report.count("SYSTEM_EVENT")).isEqualTo(5);
        assertThat(sink.report.count("THREAD_REPLY")).isEqualTo(200);
        // post 0 in ch0 carries messages 0 (the root, by user0) and 1, 2 (its replies, by user1 and user2)
        assertThat(sink.messages.get(2).node().toString()).isEqualTo("{\"conversationId\":\"acme.ch0\",\"sender\":"
                + "\"user2\",\"timestamp\":1553166002000,\"text\":\"Message 2 for @user2, see https://acme.example/2\","
                + "\"custom\":{\"rootCreateAt\":\"1553166000000\"}}");
        long previous = 0;
        for (CollectingSink.Item m : sink.messages) {
            assertThat(m.node().get("timestamp").longValue()).isGreaterThan(previous);
            previous = m.node().get("timestamp").longValue();
        }
    }
}
