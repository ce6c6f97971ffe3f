package io.talkport.bundle.sendbird;

import io.talkport.bundle.format.CollectingSink;
import io.talkport.bundle.format.DirectoryArchive;
import io.talkport.bundle.format.SourceFormats;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class SendbirdFormatTest {

    private final SendbirdFormat format = new SendbirdFormat();

    @Test
    void bothSamplesAreDetectedAsSendbird() throws IOException {
        assertThat(SourceFormats.detect(DirectoryArchive.sample("sendbird/exported-data")).id()).isEqualTo("sendbird");
        assertThat(SourceFormats.detect(DirectoryArchive.sample("sendbird/example-data")).id()).isEqualTo("sendbird");
    }

    @Test
    void theExportedDataMapsEveryField() {
        CollectingSink sink = CollectingSink.read(format, DirectoryArchive.sample("sendbird/exported-data"));
        assertThat(sink.users).hasSize(4);
        assertThat(sink.conversations).hasSize(1);
        assertThat(sink.messages).hasSize(4);
        assertThat(sink.issues).isEmpty();
        assertThat(sink.user("523917").node().toString()).isEqualTo("{\"id\":\"523917\",\"name\":\"Shane Riley\","
                + "\"photoUrl\":\"https://file-eu-1.sendbird.com/profile_images/adb94d7b3b2247649a09113d5db14b05.jpg\","
                + "\"custom\":{\"emailId\":\"shane.riley@domain.com\"},\"email\":\"shane.riley@domain.com\"}");
        CollectingSink.Item first = sink.message("4889309712");
        assertThat(first.text("sender")).isEqualTo("523915");
        assertThat(first.node().get("timestamp").longValue()).isEqualTo(1674850782377L);
        assertThat(first.text("text")).isEqualTo("Hey guys! Welcome to our group channel!");
        assertThat(first.text("conversationId"))
                .isEqualTo("sendbird_group_channel_229583953_53183fc50174e861b9a7d5c6684636dc94922349");
        assertThat(first.at().file()).isEqualTo("messages.json");
        assertThat(first.at().line()).isEqualTo(1);
        assertThat(sink.conversations.get(0).node().get("participants").toString())
                .isEqualTo("[\"523916\",\"523917\",\"523918\",\"523915\"]");
        assertThat(sink.report.summary(format.label())).isEqualTo("Sendbird export, 4 users, 1 group channel, 4 messages");
    }

    @Test
    void removedMessagesAreNotImportedAndReported() {
        CollectingSink sink = CollectingSink.read(format, DirectoryArchive.sample("sendbird/example-data"));
        assertThat(sink.users).hasSize(3);
        assertThat(sink.messages).extracting(m -> m.text("id"))
                .containsExactly("10463242990", "10463258210", "10463405355");
        assertThat(sink.report.count("REMOVED_MESSAGE")).isEqualTo(1);
        assertThat(sink.report.entries()).filteredOn(e -> e.code().equals("REMOVED_MESSAGE"))
                .singleElement().satisfies(e -> assertThat(e.examples())
                        .containsExactly("messages/example-messages.json #3"));
        assertThat(sink.message("10463258210").text("text")).isEqualTo("Hi \uD83D\uDC4B");
    }
}
