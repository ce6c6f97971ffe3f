package io.talkport.sandbox;

import io.talkport.sandbox.ops.FaultKind;
import io.talkport.sandbox.ops.FaultRule;
import io.talkport.sandbox.ops.FaultSettings;
import io.talkport.sandbox.ops.SandboxFaults;
import io.talkport.sandbox.ops.TokenBucket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain unit tests of the sandbox's building blocks (no Quarkus boot). */
class SandboxStoreTest {

    private static SandboxMessage message(String conversation, long createdAt, long seq) {
        return new SandboxMessage(SandboxIds.messageId(), conversation, SandboxMessage.Type.UserMessage, "u",
                "t" + seq, List.of(), "import", Map.of(), createdAt, seq, null, null);
    }

    @Test
    void messagesSortNewestFirstWithInsertionBreakingTies() {
        SandboxConversation c = new SandboxConversation("c", 0);
        SandboxMessage late = message("c", 300, 1);
        SandboxMessage early = message("c", 100, 2);
        SandboxMessage tieOld = message("c", 200, 3);
        SandboxMessage tieNew = message("c", 200, 4);
        c.addMessages(List.of(late, early, tieOld, tieNew));
        assertThat(c.pageNewestFirst(null, 10)).containsExactly(late, tieNew, tieOld, early);
        assertThat(c.pageNewestFirst(tieNew.id(), 1)).containsExactly(tieOld);
        assertThat(c.pageNewestFirst("msg_nope", 1)).isNull();
    }

    @Test
    void messageIdsHaveTheTalkJsShape() {
        for (int i = 0; i < 1000; i++) {
            assertThat(SandboxIds.messageId()).matches("msg_[0-9A-Za-z]{22}");
        }
        assertThat(SandboxIds.fileToken()).hasSize(43).isNotEqualTo(SandboxIds.fileToken());
    }

    @Test
    void tokenBucketAllowsBurstThenAsksToWait() {
        TokenBucket bucket = new TokenBucket(1, 3);
        assertThat(List.of(bucket.tryAcquire(), bucket.tryAcquire(), bucket.tryAcquire())).containsOnly(0L);
        assertThat(bucket.tryAcquire()).isPositive().isLessThanOrEqualTo(1_000_000_000L);
        bucket.configure(0, 1);
        assertThat(bucket.tryAcquire()).isZero();
    }

    @Test
    void scriptsCountEveryMatchingCall() {
        SandboxFaults faults = new SandboxFaults(1);
        faults.configure(FaultSettings.NONE, List.of(new FaultRule("IMPORT", FaultKind.STORED_THEN_500, 2, 1, null),
                new FaultRule("*", FaultKind.ERROR_503, 0, 1, null)));
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SandboxFaults.Decision d = faults.decide(SandboxRoute.IMPORT);
            kinds.add(d == null ? "ok" : d.kind().name());
        }
        assertThat(kinds).containsExactly("ERROR_503", "ok", "STORED_THEN_500", "ok");
        assertThat(faults.view().scripts()).isEmpty();
    }

    /** A million messages must fit comfortably: prints the measured cost per message. */
    @Test
    void aMillionMessagesStayCompact() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        List<SandboxConversation> conversations = new ArrayList<>();
        long seq = 0;
        for (int c = 0; c < 1000; c++) {
            SandboxConversation conversation = new SandboxConversation("conv_" + c, 0);
            List<SandboxMessage> batch = new ArrayList<>(1000);
            for (int m = 0; m < 1000; m++) {
                batch.add(new SandboxMessage(SandboxIds.messageId(), conversation.id(),
                        SandboxMessage.Type.UserMessage, "user_1", "Hello there, message " + m, List.of(),
                        "import", Map.of(), 1_600_000_000_000L + m, ++seq, null, null));
            }
            conversation.addMessages(batch);
            conversations.add(conversation);
        }
        System.gc();
        long perMessage = (rt.totalMemory() - rt.freeMemory() - before) / 1_000_000;
        System.out.println("Sandbox memory per stored message: ~" + perMessage + " bytes");
        assertThat(conversations.stream().mapToInt(SandboxConversation::messageCount).sum()).isEqualTo(1_000_000);
        assertThat(perMessage).isLessThan(400);
    }
}
