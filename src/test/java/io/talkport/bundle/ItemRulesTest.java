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
                "WARNING CUSTOM_STRINGIFIED custom.n");
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

    @Test
    void idsWithAnUnpairedSurrogateAreRefusedBeforeTheyCanCollapseIntoOne() throws Exception {
        // "x\ud800" and "x\udbff" both became "x\ufffd" in PostgreSQL: two users merged into one, no issue.
        StagedUser user = UserRules.check(json("{\"id\":\"x\\ud800\",\"name\":\"A\"}"), check("users.jsonl"));
        StagedConversation conversation = ConversationRules.check(json(
                "{\"id\":\"k\\udfff\",\"participants\":[\"u1\",\"u\\udbff\"]}"), check("conversations.jsonl"));
        StagedMessage message = messages.check(json("{\"id\":\"m\\ud83d\",\"conversationId\":\"c\\udc00x\","
                + "\"sender\":\"u1\",\"timestamp\":1600000000000,\"text\":\"hi\",\"readBy\":[\"r\\ud800\"]}"),
                check("messages.jsonl"));

        assertThat(user.valid()).isFalse();
        assertThat(conversation.valid()).isFalse();
        assertThat(conversation.participants()).extracting(StagedConversation.Participant::userId)
                .containsExactly("u1");
        assertThat(message.valid()).isFalse();
        assertThat(codes()).containsExactly("ERROR INVALID_ID id", "ERROR INVALID_ID id", "ERROR INVALID_ID participants",
                "ERROR INVALID_ID id", "ERROR INVALID_ID conversationId", "ERROR INVALID_ID readBy");
        assertThat(issues.get(0).message()).contains("unpaired UTF-16 surrogate \\ud800 at position 2");
    }

    @Test
    void aPairedSurrogateInAnIdIsFine() throws Exception {
        StagedUser user = UserRules.check(json("{\"id\":\"x\\ud83d\\ude00\",\"name\":\"A\"}"), check("users.jsonl"));
        assertThat(issues).isEmpty();
        assertThat(user.valid()).isTrue();
    }

    private static final String MSG = "\"conversationId\":\"c1\",\"sender\":\"u1\",";

    @Test
    void timestampsInSecondsOrMicrosecondsAreErrorsUnlessTheManifestDeclaresTheUnit() throws Exception {
        StagedMessage seconds = messages.check(json("{" + MSG + "\"timestamp\":1714550400,\"text\":\"x\"}"),
                check("messages.jsonl"));
        StagedMessage micros = messages.check(json("{" + MSG + "\"timestamp\":1714550400000000,\"text\":\"x\"}"),
                check("messages.jsonl"));
        assertThat(seconds.valid()).isFalse();
        assertThat(micros.valid()).isFalse();
        assertThat(codes()).containsExactly("ERROR TIMESTAMP_UNIT timestamp", "ERROR TIMESTAMP_UNIT timestamp");
        assertThat(issues.get(0).message()).contains("looks like seconds since 1970 (2024-05-01T08:00:00Z)")
                .contains("1970-01-20").contains("\"timestampUnit\": \"s\"");
        assertThat(issues.get(1).message()).contains("microseconds").contains("\"timestampUnit\": \"us\"");

        issues.clear();
        MessageRules inSeconds = new MessageRules(Map.of(), 100, NOW, TimestampUnit.SECONDS);
        MessageRules inMicros = new MessageRules(Map.of(), 100, NOW, TimestampUnit.MICROSECONDS);
        assertThat(inSeconds.check(json("{" + MSG + "\"timestamp\":1614550400,\"text\":\"x\"}"),
                check("messages.jsonl")).timestamp()).isEqualTo(1_614_550_400_000L);
        assertThat(inMicros.check(json("{" + MSG + "\"timestamp\":1614550400123456,\"text\":\"x\"}"),
                check("messages.jsonl")).timestamp()).isEqualTo(1_614_550_400_123L);
        assertThat(issues).isEmpty();
    }

    @Test
    void emptyOrBlankTextWithoutAnAttachmentIsAnError() throws Exception {
        assertThat(messages.check(json("{" + MSG + "\"timestamp\":1614550400000,\"text\":\"\"}"),
                check("messages.jsonl")).valid()).isFalse();
        assertThat(messages.check(json("{" + MSG + "\"timestamp\":1614550400000,\"text\":\" \\n\\t\"}"),
                check("messages.jsonl")).valid()).isFalse();
        assertThat(messages.check(json("{" + MSG + "\"timestamp\":1614550400000,\"text\":\"\","
                + "\"attachment\":\"attachments/p.png\"}"), check("messages.jsonl")).valid()).isTrue();
        assertThat(codes()).containsExactly("ERROR EMPTY_TEXT text", "ERROR EMPTY_TEXT text");
        assertThat(issues.get(1).message()).contains("only white space");
    }

    @Test
    void aDeletedMessageIsNotImportedAndCounted() throws Exception {
        assertThat(messages.check(json("{" + MSG + "\"timestamp\":1614550400000,\"text\":\"retracted secret\","
                + "\"deleted\":true}"), check("messages.jsonl"))).isNull();
        assertThat(messages.check(json("{" + MSG + "\"timestamp\":1614550400000,\"text\":\"kept\","
                + "\"deleted\":false}"), check("messages.jsonl")).valid()).isTrue();
        assertThat(codes()).containsExactly("WARNING DELETED_MESSAGE deleted");
    }

    @Test
    void replyThreadAndEditAreCarriedIntoCustomAndReactionsAreStaged() throws Exception {
        StagedMessage message = messages.check(json("{" + MSG + "\"timestamp\":1614550400000,\"text\":\"re\","
                + "\"replyTo\":\"m1\",\"threadId\":\"t7\",\"editedAt\":1614550500000,"
                + "\"reactions\":{\"👍\":[\"u2\",\"u1\",\"u2\"],\":tick:\":[\"u1\"]},\"custom\":{\"k\":\"v\"}}"),
                check("messages.jsonl"));
        assertThat(message.valid()).isTrue();
        assertThat(message.custom().toString())
                .isEqualTo("{\"k\":\"v\",\"replyTo\":\"m1\",\"threadId\":\"t7\",\"editedAt\":\"1614550500000\"}");
        assertThat(message.reactions()).containsExactly(new StagedMessage.Reaction("👍", "u2"),
                new StagedMessage.Reaction("👍", "u1"), new StagedMessage.Reaction(":tick:", "u1"));
        assertThat(codes()).isEmpty();
    }

    @Test
    void reactionsAsAListAreReadAndUnreadablePartsAreOneWarning() throws Exception {
        StagedMessage message = messages.check(json("{" + MSG + "\"timestamp\":1614550400000,\"text\":\"re\","
                + "\"reactions\":[{\"emoji\":\"🎉\",\"users\":[\"u1\",7]},{\"users\":[\"u2\"]},"
                + "{\"emoji\":\"\",\"users\":[\"u2\"]}]}"), check("messages.jsonl"));
        assertThat(message.valid()).isTrue();
        assertThat(message.reactions()).containsExactly(new StagedMessage.Reaction("🎉", "u1"));
        assertThat(codes()).containsExactly("WARNING REACTIONS_DROPPED reactions");
        assertThat(messages.check(json("{" + MSG + "\"timestamp\":1614550400000,\"text\":\"x\","
                + "\"reactions\":\"many\"}"), check("messages.jsonl")).reactions()).isEmpty();
    }

    @Test
    void nulAndLoneSurrogatesInTextAreWarningsThatNameTheReplacement() throws Exception {
        StagedMessage message = messages.check(json("{" + MSG + "\"timestamp\":1614550400000,"
                + "\"text\":\"a\\u0000b\\ud800c\",\"custom\":{\"k\":\"\\udc00\"}}"), check("messages.jsonl"));
        StagedConversation conversation = ConversationRules.check(json("{\"id\":\"c1\",\"participants\":[\"u1\"],"
                + "\"subject\":\"x\\u0000\"}"), check("conversations.jsonl"));
        assertThat(message.valid()).isTrue();
        assertThat(conversation.valid()).isTrue();
        assertThat(codes()).containsExactly("WARNING CHARACTERS_REPLACED text", "WARNING CHARACTERS_REPLACED custom.k",
                "WARNING CHARACTERS_REPLACED subject");
        assertThat(issues.get(0).message()).contains("NUL character (U+0000) at position 2 and 1 more")
                .contains("U+FFFD");
        assertThat(issues.get(1).message()).contains("unpaired UTF-16 surrogate (\\udc00)");
    }

    @Test
    void nonStringCustomValuesAreTurnedIntoStringsInsteadOfExcludingTheUser() throws Exception {
        StagedUser user = UserRules.check(json("{\"id\":\"u1\",\"name\":\"A\",\"custom\":{\"age\":42,"
                + "\"vip\":true,\"tags\":[\"a\",1],\"gone\":null,\"ok\":\"s\"}}"), check("users.jsonl"));
        assertThat(user.valid()).isTrue();
        assertThat(user.payload().get("custom").toString())
                .isEqualTo("{\"age\":\"42\",\"vip\":\"true\",\"tags\":\"[\\\"a\\\",1]\",\"ok\":\"s\"}");
        assertThat(codes()).containsExactly("WARNING CUSTOM_STRINGIFIED custom.age",
                "WARNING CUSTOM_STRINGIFIED custom.vip", "WARNING CUSTOM_STRINGIFIED custom.tags");
    }

    @Test
    void aConversationOverTheParticipantLimitIsAnErrorBeforeThePush() throws Exception {
        StringBuilder ids = new StringBuilder();
        for (int i = 1; i <= 150; i++) {
            ids.append(i == 1 ? "" : ",").append("\"u").append(i).append('"');
        }
        StagedConversation big = ConversationRules.check(json("{\"id\":\"c1\",\"participants\":[" + ids + "]}"),
                check("conversations.jsonl"), 100);
        assertThat(big.valid()).isFalse();
        assertThat(codes()).containsExactly("ERROR TOO_MANY_PARTICIPANTS participants");
        assertThat(issues.get(0).message()).contains("has 150 participants").contains("at most 100")
                .contains("talkjs.max-participants");
        issues.clear();
        assertThat(ConversationRules.check(json("{\"id\":\"c1\",\"participants\":[" + ids + "]}"),
                check("conversations.jsonl"), 300).valid()).isTrue();
    }
}
