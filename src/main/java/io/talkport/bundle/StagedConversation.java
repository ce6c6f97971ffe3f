package io.talkport.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** A conversations.jsonl item ready for staged_conversation and staged_participant. */
record StagedConversation(int line, String id, ObjectNode payload, List<Participant> participants, boolean valid) {

    /** One participant with its TalkJS access ("ReadWrite" or "Read") and "notify" flag. */
    record Participant(String userId, String access, boolean notifications) {
    }
}
