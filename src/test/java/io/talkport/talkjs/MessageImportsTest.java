package io.talkport.talkjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The import forms and {@code auto}'s fallback, against a fake TalkJS that records each call (no Quarkus boot). */
class MessageImportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TalkJsEnvironment ENV = TalkJsEnvironment.TEST;

    /** Answers each call 200 unless {@code refuses} says 400; keeps every body it got. */
    private static final class RecordingTalkJs implements MessageImports.Sender {
        final List<JsonNode> calls = new ArrayList<>();
        final Predicate<JsonNode> refuses;

        RecordingTalkJs(Predicate<JsonNode> refuses) {
            this.refuses = refuses;
        }

        @Override
        public JsonNode send(JsonNode body) {
            calls.add(body);
            if (refuses.test(body)) {
                throw new TalkJsRejectedException(ENV, 400, "import.messages", "{\"errorCode\":\"INVALID\"}");
            }
            return JSON.createArrayNode();
        }

        boolean contentForm(int call) {
            return calls.get(call).get(0).has("createdAt");
        }

        List<Integer> sizes() {
            return calls.stream().map(JsonNode::size).toList();
        }
    }

    private static final Predicate<JsonNode> REFUSES_CONTENT = body -> body.get(0).has("content");

    private static List<ImportMessage> messages(int count) {
        List<ImportMessage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new ImportMessage("u" + i % 3, "text " + i, 1_000 + i, List.of(), null, null));
        }
        return out;
    }

    @Test
    void autoKeepsTheContentFormWhereTalkJsTakesIt() {
        MessageImports imports = new MessageImports(ImportFormat.AUTO, JSON);
        RecordingTalkJs talkjs = new RecordingTalkJs(body -> false);
        imports.send(ENV, "app", messages(100), talkjs);
        imports.send(ENV, "app", messages(100), talkjs);
        assertThat(talkjs.sizes()).containsExactly(100, 100);
        assertThat(talkjs.contentForm(0)).isTrue();
        assertThat(talkjs.contentForm(1)).isTrue();
        assertThat(imports.formFor("app")).isEqualTo(ImportFormat.CONTENT);
    }

    @Test
    void autoFallsBackToTenDocumentedPerCallAndRemembersItPerApp() {
        MessageImports imports = new MessageImports(ImportFormat.AUTO, JSON);
        RecordingTalkJs talkjs = new RecordingTalkJs(REFUSES_CONTENT);
        imports.send(ENV, "old", messages(25), talkjs);
        assertThat(talkjs.sizes()).containsExactly(25, 10, 10, 5);
        assertThat(talkjs.contentForm(1)).isFalse();
        assertThat(imports.formFor("old")).isEqualTo(ImportFormat.DOCUMENTED);
        assertThat(imports.formFor("other")).as("each app is asked itself").isEqualTo(ImportFormat.CONTENT);
        talkjs.calls.clear();
        imports.send(ENV, "old", messages(12), talkjs);
        assertThat(talkjs.sizes()).as("no second try of the content form").containsExactly(10, 2);
    }

    /** A batch refused in both forms is bad data, not a form TalkJS lacks: it fails and nothing is learned. */
    @Test
    void aBatchRefusedInBothFormsFailsAsRefused() {
        MessageImports imports = new MessageImports(ImportFormat.AUTO, JSON);
        RecordingTalkJs talkjs = new RecordingTalkJs(body -> true);
        assertThatThrownBy(() -> imports.send(ENV, "app", messages(30), talkjs))
                .isInstanceOf(TalkJsRejectedException.class);
        assertThat(talkjs.sizes()).containsExactly(30, 10);
        assertThat(imports.formFor("app")).isEqualTo(ImportFormat.CONTENT);
    }

    /** Part of a split batch taken, then a refusal: the caller must read back, so the outcome is unknown. */
    @Test
    void aRefusalAfterPartOfASplitBatchIsAnUnknownOutcome() {
        MessageImports imports = new MessageImports(ImportFormat.AUTO, JSON);
        RecordingTalkJs talkjs = new RecordingTalkJs(body -> REFUSES_CONTENT.test(body)
                || body.get(0).path("text").asText().equals("text 20"));
        assertThatThrownBy(() -> imports.send(ENV, "app", messages(30), talkjs))
                .isInstanceOf(TalkJsOutcomeUnknownException.class).hasMessageContaining("first 20 messages");
    }

    @Test
    void explicitFormsNeverFallBack() {
        RecordingTalkJs talkjs = new RecordingTalkJs(REFUSES_CONTENT);
        assertThatThrownBy(() -> new MessageImports(ImportFormat.CONTENT, JSON).send(ENV, "app", messages(20),
                talkjs)).isInstanceOf(TalkJsRejectedException.class);
        assertThat(talkjs.sizes()).containsExactly(20);
        new MessageImports(ImportFormat.DOCUMENTED, JSON).send(ENV, "app", messages(10), talkjs);
        assertThat(talkjs.contentForm(1)).isFalse();
    }

    @Test
    void bothFormsCarryTheSameMessage() {
        ImportMessage message = new ImportMessage("ana", "hello", 42, List.of("ben"), "tok", Map.of("k", "v"));
        ImportBodies bodies = new ImportBodies(JSON);
        assertThat(bodies.of(List.of(message), false).get(0).toString()).isEqualTo("{\"text\":\"hello\","
                + "\"sender\":\"ana\",\"timestamp\":42,\"readBy\":[\"ben\"],\"type\":\"UserMessage\","
                + "\"attachmentToken\":\"tok\",\"custom\":{\"k\":\"v\"}}");
        assertThat(bodies.of(List.of(message), true).get(0).toString()).isEqualTo("{\"type\":\"UserMessage\","
                + "\"sender\":\"ana\",\"createdAt\":42,\"readBy\":[\"ben\"],\"custom\":{\"k\":\"v\"},\"content\":["
                + "{\"type\":\"text\",\"children\":[\"hello\"]},{\"type\":\"file\",\"fileToken\":\"tok\"}]}");
        ImportMessage fileOnly = new ImportMessage("ana", "", 42, List.of(), "tok", null);
        assertThat(bodies.of(List.of(fileOnly), true).get(0).get("content").toString())
                .isEqualTo("[{\"type\":\"file\",\"fileToken\":\"tok\"}]");
    }
}
