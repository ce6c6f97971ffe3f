package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-item rules of users, conversations and messages, without Quarkus or a database. */
class ItemRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_700_000_000_000L;

    private final List<Issue> issues = new ArrayList<>();
    private final MessageRules messages = new MessageRules(
            Map.of("attachments/p.png", 10L, "attachments/empty.png", 0L, "attachments/big.bin", 1000L), 100, NOW);

    private ItemCheck check(String file) {
        return new ItemCheck(file, 7, issues::add);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private List<String> codes() {
        return issues.stream().map(i -> i.severity() + " " + i.code() + " " + i.field()).toList();
    }

    @Test
    void aFullUserBecomesTheTalkJsUserObject() throws Exception {
        StagedUser user = UserRules.check(json("""
                {"id":"u1","name":"Alice","email":"a@x.io","phone":["+1","+2"],"photoUrl":"p","role":"r",
                 "locale":"nl-NL","welcomeMessage":"w","custom":{"k":"v"},"ignored":1}"""), check("users.jsonl"));
        assertThat(issues).isEmpty();
        assertThat(user.valid()).isTrue();
        assertThat(user.payload().toString()).isEqualTo("{\"name\":\"Alice\",\"email\":[\"a@x.io\"],\"phone\":[\"+1\",\"+2\"],"
                + "\"photoUrl\":\"p\",\"role\":\"r\",\"locale\":\"nl-NL\",\"welcomeMessage\":\"w\",\"custom\":{\"k\":\"v\"}}");
    }

    @Test
    void userErrorsAreAllReportedWithFileLineFieldAndId() throws Exception {
        StagedUser user = UserRules.check(json("{\"id\":\"u1\",\"email\":[1],\"custom\":{\"n\":5}}"),
                check("users.jsonl"));
        assertThat(user.valid()).isFalse();
        assertThat(codes()).containsExactly("ERROR MISSING_FIELD name", "ERROR WRONG_TYPE email",
                "ERROR CUSTOM_NOT_STRING custom.n");
        assertThat(issues.get(0)).extracting(Issue::file, Issue::line, Issue::itemId).containsExactly("users.jsonl", 7, "u1");
    }

    @Test
    void aUserWithoutIdIsOnlyAnIssue() throws Exception {
        assertThat(UserRules.check(json("{\"id\":5,\"name\":\"x\"}"), check("users.jsonl"))).isNull();
        assertThat(codes()).containsExactly("ERROR WRONG_TYPE id");
    }

    @Test
    void participantsAsArrayOrObject() throws Exception {
        StagedConversation list = ConversationRules.check(json("{\"id\":\"c1\",\"participants\":[\"u1\",\"u2\",\"u1\"],"
                + "\"subject\":\"s\",\"welcomeMessages\":[\"hi\"]}"), check("conversations.jsonl"));
        assertThat(list.participants()).extracting(StagedConversation.Participant::userId).containsExactly("u1", "u2");
        assertThat(list.payload().toString()).isEqualTo("{\"subject\":\"s\",\"welcomeMessages\":[\"hi\"]}");
        StagedConversation map = ConversationRules.check(json("{\"id\":\"c2\",\"participants\":{\"u1\":{\"access\":\"Read\","
                + "\"notify\":false},\"u2\":{}}}"), check("conversations.jsonl"));
        assertThat(map.participants()).containsExactly(new StagedConversation.Participant("u1", "Read", false),
                new StagedConversation.Participant("u2", "ReadWrite", true));
        assertThat(issues).isEmpty();
    }

    @Test
    void conversationErrors() throws Exception {
        assertThat(ConversationRules.check(json("{\"id\":\"c1\"}"), check("c")).valid()).isFalse();
        assertThat(ConversationRules.check(json("{\"id\":\"c1\",\"participants\":[]}"), check("c")).valid()).isFalse();
        assertThat(ConversationRules.check(json("{\"id\":\"c1\",\"participants\":{\"u1\":{\"access\":\"Admin\","
                + "\"notify\":\"yes\"}}}"), check("c")).valid()).isFalse();
        assertThat(codes()).containsExactly("ERROR MISSING_FIELD participants", "ERROR INVALID_VALUE participants",
                "ERROR INVALID_VALUE participants.u1.access", "ERROR WRONG_TYPE participants.u1.notify");
    }

    @Test
    void aPlainMessageIsValid() throws Exception {
        StagedMessage m = messages.check(json("{\"id\":\"m1\",\"conversationId\":\"c1\",\"sender\":\"u1\","
                + "\"timestamp\":1600000000000,\"text\":\"hi\",\"readBy\":[\"u2\"],\"custom\":{\"a\":\"b\"}}"), check("m"));
        assertThat(issues).isEmpty();
        assertThat(m).isEqualTo(new StagedMessage(7, "m1", "c1", "u1", 1600000000000L, "hi",
                (com.fasterxml.jackson.databind.node.ArrayNode) json("[\"u2\"]"),
                (com.fasterxml.jackson.databind.node.ObjectNode) json("{\"a\":\"b\"}"), null, null, true));
    }

    @Test
    void messageRules() throws Exception {
        String base = "\"conversationId\":\"c1\",\"sender\":\"u1\",";
        assertThat(messages.check(json("{\"conversationId\":\"c1\",\"text\":\"x\"}"), check("m"))).isNull();
        invalid("{" + base + "\"timestamp\":\"2020\",\"text\":\"x\"}");
        invalid("{" + base + "\"timestamp\":-5,\"text\":\"x\"}");
        invalid("{" + base + "\"timestamp\":" + (NOW + 1) + ",\"text\":\"x\"}");
        invalid("{" + base + "\"timestamp\":1,\"text\":\"x\",\"type\":\"SystemMessage\"}");
        invalid("{" + base + "\"timestamp\":1}");
        invalid("{" + base + "\"timestamp\":1,\"attachment\":\"../etc/passwd\"}");
        invalid("{" + base + "\"timestamp\":1,\"attachment\":\"attachments/none.png\"}");
        invalid("{" + base + "\"timestamp\":1,\"attachment\":\"attachments/empty.png\"}");
        invalid("{" + base + "\"timestamp\":1,\"attachment\":\"attachments/big.bin\"}");
        invalid("{" + base + "\"timestamp\":1,\"attachment\":\"attachments/p.png\",\"attachmentToken\":\"t\"}");
        invalid("{" + base + "\"timestamp\":1,\"text\":\"x\",\"readBy\":\"u2\"}");
        assertThat(codes()).containsExactly("ERROR MISSING_FIELD sender", "ERROR MISSING_FIELD timestamp",
                "ERROR WRONG_TYPE timestamp", "ERROR INVALID_TIMESTAMP timestamp", "ERROR FUTURE_TIMESTAMP timestamp",
                "ERROR UNSUPPORTED_MESSAGE_TYPE type", "ERROR MISSING_FIELD text",
                "ERROR ATTACHMENT_OUTSIDE_FOLDER attachment", "ERROR ATTACHMENT_MISSING attachment",
                "ERROR ATTACHMENT_EMPTY attachment", "ERROR ATTACHMENT_TOO_LARGE attachment",
                "ERROR ATTACHMENT_AND_TOKEN attachmentToken", "ERROR WRONG_TYPE readBy");
    }

    @Test
    void anAttachmentTokenAloneIsAWarningAndAFileNeedsNoText() throws Exception {
        String base = "\"conversationId\":\"c1\",\"sender\":\"u1\",\"timestamp\":1,";
        assertThat(messages.check(json("{" + base + "\"attachmentToken\":\"tok\"}"), check("m")).valid()).isTrue();
        assertThat(messages.check(json("{" + base + "\"attachment\":\"./attachments/p.png\"}"), check("m"))
                .attachmentPath()).isEqualTo("attachments/p.png");
        assertThat(codes()).containsExactly("WARNING ATTACHMENT_TOKEN attachmentToken");
    }

    private void invalid(String item) throws Exception {
        StagedMessage m = messages.check(json(item), check("m"));
        assertThat(m == null || !m.valid()).as(item).isTrue();
    }
}
