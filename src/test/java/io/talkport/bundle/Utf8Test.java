package io.talkport.bundle;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

    @Test
    void findsTheFirstInvalidByteWhereTheJdkDecoderDoes() {
        Random random = new Random(11);
        byte[] samples = "plain ascii text é 😀 \u2028 ".getBytes(StandardCharsets.UTF_8);
        for (int run = 0; run < 20_000; run++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                int pick = random.nextInt(100);
                bytes[i] = pick < 90 ? samples[random.nextInt(samples.length)] : (byte) random.nextInt(256);
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);
            assertThat(Utf8.firstInvalid(bytes, from, to)).as("run %d", run).isEqualTo(reference(bytes, from, to));
        }
    }

    @Test
    void overlongsSurrogatesAndCutSequencesAreInvalid() {
        assertThat(Utf8.firstInvalid(bytes("abcdefghij", 0xC0, 0xAF), 0, 12)).isEqualTo(10);
        assertThat(Utf8.firstInvalid(bytes("abcdefgh", 0xED, 0xA0, 0x80), 0, 11)).isEqualTo(8);
        assertThat(Utf8.firstInvalid(bytes("abcdefgh", 0xF4, 0x90, 0x80, 0x80), 0, 12)).isEqualTo(8);
        assertThat(Utf8.firstInvalid(bytes("abcdefghijklmnop", 0xE2, 0x82), 0, 18)).isEqualTo(16);
        assertThat(Utf8.firstInvalid(bytes("abcdefghijklmnop", 0xE2, 0x82, 0xAC), 0, 19)).isEqualTo(-1);
    }

    private static byte[] bytes(String ascii, int... more) {
        byte[] bytes = new byte[ascii.length() + more.length];
        System.arraycopy(ascii.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, ascii.length());
        for (int i = 0; i < more.length; i++) {
            bytes[ascii.length() + i] = (byte) more[i];
        }
        return bytes;
    }

    private static int reference(byte[] bytes, int from, int to) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(to - from + 1), true);
        return result.isError() || in.hasRemaining() ? in.position() : -1;
    }
}
