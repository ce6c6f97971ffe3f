package io.talkport.bundle.slack;

import io.talkport.bundle.format.CollectingSink;
import io.talkport.bundle.format.MappedArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the samples lack: DMs across many days, many small day files, threads; read in full and in order. */
class SlackExportGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void dmsOverManyDaysAreReadInFullAndInTimeOrder() throws IOException {
        Path zip = dir.resolve("slack.zip");
        SlackExportGenerator.Counts counts = SlackExportGenerator.write(zip, 20, 3, 4, 700, 9);
        assertThat(counts).isEqualTo(new SlackExportGenerator.Counts(7, 693, 7, 7 * 12));
        CollectingSink sink = CollectingSink.read(new SlackFormat(), MappedArchive.unzipped(zip));
        assertThat(sink.issues).isEmpty();
        assertThat(sink.users).hasSize(20);
        assertThat(sink.conversations).hasSize(7);
        assertThat(sink.messages).hasSize(693);
        assertThat(sink.report.count("SYSTEM_EVENT")).isEqualTo(7);
        assertThat(sink.report.count("THREAD_REPLY")).isEqualTo(70);
        assertThat(sink.message("D0:1600000003.000100").text("text"))
                .isEqualTo("Message 3 for @User 3 see page 3 (https://acme.example/3)");
        long previous = 0;
        String conversation = "";
        for (CollectingSink.Item m : sink.messages) {
            long ts = m.node().get("timestamp").longValue();
            if (m.text("conversationId").equals(conversation)) {
                assertThat(ts).isGreaterThan(previous);
            }
            conversation = m.text("conversationId");
            previous = ts;
        }
    }
}
