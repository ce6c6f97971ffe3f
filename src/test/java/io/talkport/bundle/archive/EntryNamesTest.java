package io.talkport.bundle.archive;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** Entry names are decoded once, by the zip format's rules, whatever tool wrote them. */
class EntryNamesTest {

    private static final Charset CP437 = Charset.forName("IBM437");

    @Test
    void theUtf8FlagMeansUtf8AndBrokenBytesAreReported() {
        assertThat(EntryNames.decode("attachments/Grüße.txt".getBytes(StandardCharsets.UTF_8), true, null))
                .isEqualTo(new EntryNames.Decoded("attachments/Grüße.txt", false, false, "UTF-8 (flag)"));
        EntryNames.Decoded broken = EntryNames.decode(new byte[] {'a', (byte) 0xC3, 'b'}, true, null);
        assertThat(broken.undecodable()).isTrue();
        assertThat(broken.name()).isEqualTo("a\uFFFDb");
    }

    @Test
    void withoutTheFlagCp437IsTheRuleAndUtf8BytesAreRecognised() {
        assertThat(EntryNames.decode("attachments/Grüße.txt".getBytes(CP437), false, null))
                .isEqualTo(new EntryNames.Decoded("attachments/Grüße.txt", false, false, "CP437"));
        assertThat(EntryNames.decode("Fotos – Mai.png".getBytes(StandardCharsets.UTF_8), false, null).name())
                .isEqualTo("Fotos – Mai.png");
        assertThat(EntryNames.decode("plain/ascii.txt".getBytes(StandardCharsets.US_ASCII), false, null).encoding())
                .isEqualTo("UTF-8");
    }

    @Test
    void backslashesBecomeSlashes() {
        EntryNames.Decoded decoded = EntryNames.decode("Export\\attachments\\p.png".getBytes(CP437), false, null);
        assertThat(decoded.name()).isEqualTo("Export/attachments/p.png");
        assertThat(decoded.backslashes()).isTrue();
    }

    @Test
    void aUnicodePathFieldWinsOnlyWhenItsCrcMatchesTheName() {
        byte[] raw = "?????.png".getBytes(CP437);
        assertThat(EntryNames.decode(raw, false, unicodePath(raw, "Отчёт.png")).name()).isEqualTo("Отчёт.png");
        byte[] renamed = "other.png".getBytes(CP437);
        assertThat(EntryNames.decode(renamed, false, unicodePath(raw, "Отчёт.png")).name()).isEqualTo("other.png");
    }

    private static byte[] unicodePath(byte[] raw, String name) {
        CRC32 crc = new CRC32();
        crc.update(raw);
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + utf8.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1)
                .putInt((int) crc.getValue()).put(utf8).array();
    }
}
