package io.talkport.delivery.ledger;

import io.talkport.talkjs.TalkJsEnvironment;

/**
 * A claimed unit of delivery work (a row of delivery_task under our lease). {@code itemsTotal}: users of a user batch,
 * eligible messages of a conversation.
 */
public record Task(long id, long runId, long jobId, TalkJsEnvironment environment, Kind kind, String ref,
                   boolean setupDone, int attempts, boolean addMissingSenders, int itemsTotal, String lease) {

    public enum Kind { USER_BATCH, CONVERSATION, VERIFY_USERS, VERIFY }

    @Override
    public String toString() {
        return "job " + jobId + " run " + runId + " (" + environment + ") " + kind + " " + ref;
    }
}
