package io.talkport.bundle.sendbird;

import io.talkport.bundle.format.CollectingSink;
import io.talkport.bundle.format.MappedArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated export is read in full: every message file, read receipts, removed and admin messages left out. */
class SendbirdExportGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedExportIsReadInFull() {
        Path zip = dir.resolve("sendbird.zip");
        SendbirdExportGenerator.Counts counts = SendbirdExportGenerator.write(zip, 20, 6, 700, 250);
        // per 100 messages one removed and one admin message; FILE messages k = 7, 207, 407, 607
        assertThat(counts).isEqualTo(new SendbirdExportGenerator.Counts(6, 686, 14, 4, 3));
        CollectingSink sink = CollectingSink.read(new SendbirdFormat(), MappedArchive.unzipped(zip));
        assertThat(sink.issues).isEmpty();
        assertThat(sink.users).hasSize(20);
        assertThat(sink.conversations).hasSize(6);
        assertThat(sink.messages).hasSize(686);
        assertThat(sink.report.count("REMOVED_MESSAGE")).isEqualTo(7);
        assertThat(sink.report.count("ADMIN_MESSAGE")).isEqualTo(7);
        assertThat(sink.report.count("FILE_NOT_IN_ARCHIVE")).isEqualTo(4);
        // message 3: channel 3, written by its first member (500003), read by its second (read up to message 350)
        CollectingSink.Item third = sink.message("4889309715");
        assertThat(third.node().toString()).isEqualTo("{\"id\":\"4889309715\",\"conversationId\":\""
                + SendbirdExportGenerator.channelUrl(3) + "\",\"sender\":\"500003\",\"timestamp\":1674850003000,"
                + "\"text\":\"Message 3 for User 3, see https://acme.example/3\",\"custom\":{\"data\":"
                + "\"{\\\"priority\\\":\\\"high\\\"}\"},\"readBy\":[\"500004\"]}");
        assertThat(sink.message("4889309717").text("text")).isEqualTo("Message 5 for User 5, see https://acme.example/5");
        assertThat(sink.message("4889309717").node().path("custom").path("parentMessageId").asText())
                .isEqualTo("4889309712");
        assertThat(sink.message("4889309719").text("text")).isEqualTo("report-7.pdf: https://file.sendbird.com/7.pdf");
        // message 601: channel 1, written by its second member (500002), read only by its first (who read everything)
        assertThat(sink.message("4889310313").node().path("readBy").toString()).isEqualTo("[\"500001\"]");
    }
}
