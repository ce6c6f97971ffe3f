package io.talkport.delivery;

import io.talkport.delivery.ledger.AppRecord;
import io.talkport.talkjs.TalkJsClient.ConversationSummary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the app's record may stand for what TalkJS lists, so that a plan need not read a conversation back. */
class PlanVouchTest {

    private static final long RECORDED = 1_700_000_000_000L;

    @Test
    void aConversationTalkportCreatedAndNobodyChangedIsVouchedFor() {
        DeliveryPlanner.Vouch vouch = new DeliveryPlanner.Vouch(true, RECORDED, null, 1_650_000_000_000L);
        assertThat(vouch.covers(new ConversationSummary("c1", RECORDED - 5, 1_650_000_000_000L))).isTrue();
        assertThat(new DeliveryPlanner.Vouch(true, RECORDED, null, null)
                .covers(new ConversationSummary("c1", RECORDED - 5, null))).as("created, no message yet").isTrue();
    }

    @Test
    void anotherToolsConversationIsAlwaysReadBack() {
        assertThat(new DeliveryPlanner.Vouch(false, RECORDED, null, null)
                .covers(new ConversationSummary("c1", RECORDED - 5, null))).isFalse();
    }

    @Test
    void aConversationCreatedAgainAfterWeRecordedItIsReadBack() {
        // A reset, then someone else created a conversation with the same id.
        assertThat(new DeliveryPlanner.Vouch(true, RECORDED, null, 1_650_000_000_000L)
                .covers(new ConversationSummary("c1", RECORDED + 60_000, 1_650_000_000_000L))).isFalse();
    }

    @Test
    void aMessageNewerThanAnyWeRecordedMeansAnotherClientWroteThere() {
        DeliveryPlanner.Vouch vouch = new DeliveryPlanner.Vouch(true, RECORDED, null, 1_650_000_000_000L);
        assertThat(vouch.covers(new ConversationSummary("c1", RECORDED - 5, 1_650_000_000_001L))).isFalse();
        assertThat(new DeliveryPlanner.Vouch(true, RECORDED, null, null)
                .covers(new ConversationSummary("c1", RECORDED - 5, 1_650_000_000_000L)))
                .as("a message in a conversation where we recorded none").isFalse();
    }

    @Test
    void onceTalkJsCreationTimeIsLearnedOnlyTalkJsClockDecides() {
        // TalkJS's clock 2 s ahead of ours: its createdAt is after our record; learned once, it is the same
        // conversation as long as TalkJS lists the same createdAt, and a re-creation shows whatever the clocks say.
        long talkjsCreatedAt = RECORDED + 2_000;
        DeliveryPlanner.Vouch learned = new DeliveryPlanner.Vouch(true, RECORDED, talkjsCreatedAt, null);
        assertThat(learned.covers(new ConversationSummary("c1", talkjsCreatedAt, null))).isTrue();
        assertThat(learned.covers(new ConversationSummary("c1", talkjsCreatedAt - 1_000, null)))
                .as("created again, even 'before' our record by our clock").isFalse();
        assertThat(new DeliveryPlanner.Vouch(true, RECORDED, null, null)
                .covers(new ConversationSummary("c1", talkjsCreatedAt, null)))
                .as("not learned yet: the two clocks are compared, and a clock ahead is taken for a re-creation")
                .isFalse();
    }

    @Test
    void theRecordsDigestMatchesPostgresMd5OfTheText() {
        // md5('') and md5('héllo') as PostgreSQL computes them over UTF-8.
        assertThat(AppRecord.digestKey("u1", 5, null)).isEqualTo("u1\u00005\u0000d41d8cd98f00b204e9800998ecf8427e");
        assertThat(AppRecord.digestKey("u1", 5, "héllo")).isEqualTo("u1\u00005\u0000be50e8478cf24ff3595bc7307fb91b50");
    }
}
