package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ItemReaderTest {

    private final ItemReader reader = new ItemReader(100, 4);
    private final List<String> events = new ArrayList<>();
    private final ItemReader.Handler handler = new ItemReader.Handler() {
        @Override
        public void item(int line, JsonNode node) {
            events.add(line + ":" + node);
        }

        @Override
        public void broken(int line, String code, String message) {
            events.add(line + ":" + code);
        }
    };

    private List<String> lines(String text) throws IOException {
        return lines(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> lines(byte[] bytes) throws IOException {
        reader.readLines(new ByteArrayInputStream(bytes), handler);
        return events;
    }

    private List<String> array(String text) throws IOException {
        reader.readArray(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), handler);
        return events;
    }

    @Test
    void readsOneObjectPerLineAndKeepsGoingAfterABrokenLine() throws IOException {
        assertThat(lines("{\"id\":\"a\"}\n{broken\n\n{\"id\":\"b\"}"))
                .containsExactly("1:{\"id\":\"a\"}", "2:MALFORMED_JSON", "4:{\"id\":\"b\"}");
    }

    @Test
    void handlesCrLfBomAndTrailingGarbage() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] rest = "{\"id\":1}\r\n{\"id\":2} x\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + rest.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(rest, 0, all, 3, rest.length);
        assertThat(lines(all)).containsExactly("1:{\"id\":1}", "2:MALFORMED_JSON");
    }

    @Test
    void aTooLongLineIsAnItemErrorAndTheNextLineIsRead() throws IOException {
        assertThat(lines("{\"t\":\"" + "x".repeat(500) + "\"}\n{\"id\":2}\n"))
                .containsExactly("1:LINE_TOO_LONG", "2:{\"id\":2}");
    }

    @Test
    void tooDeepNestingIsAnItemError() throws IOException {
        assertThat(lines("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}\n{\"a\":{\"b\":1}}\n"))
                .containsExactly("1:JSON_TOO_DEEP", "2:{\"a\":{\"b\":1}}");
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        byte[] bad = "{\"id\":\"x\"}\n{\"id\":\"\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(lines(bad)).containsExactly("1:{\"id\":\"x\"}", "2:INVALID_UTF8");
    }

    @Test
    void utf8CheckerAcceptsMultiByteAndRejectsOverlongsAndSurrogates() {
        byte[] good = "h\u00e9llo \u20ac \uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstInvalid(good, 0, good.length)).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xC0, (byte) 0xAF}, 0, 2)).isZero();
        assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3)).isZero();
        assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xE2, (byte) 0x82}, 0, 3)).isEqualTo(1);
    }

    @Test
    void readsArraysElementByElementWithOneBasedNumbers() throws IOException {
        assertThat(array("[{\"id\":\"a\"}, 3, {\"t\":\"" + "x".repeat(500) + "\"}, {\"a\":{\"b\":{\"c\":{\"d\":{}}}}},"
                + " {\"id\":\"e\"}]"))
                .containsExactly("1:{\"id\":\"a\"}", "2:3", "3:LINE_TOO_LONG", "4:JSON_TOO_DEEP", "5:{\"id\":\"e\"}");
    }

    @Test
    void aBrokenArrayElementIsSkippedAndACutOffArrayIsReported() throws IOException {
        assertThat(array("[{\"id\":\"a\"}, {broken}, {\"id\":\"c\",\"t\":\"],\\\"\"}]")).containsExactly(
                "1:{\"id\":\"a\"}", "2:MALFORMED_JSON", "3:{\"id\":\"c\",\"t\":\"],\\\"\"}");
        events.clear();
        assertThat(array("[{\"id\":\"a\"}, {\"id\":")).containsExactly("1:{\"id\":\"a\"}", "2:MALFORMED_JSON");
        events.clear();
        assertThat(array("{\"not\":\"an array\"}")).containsExactly("1:MALFORMED_JSON");
    }
}
