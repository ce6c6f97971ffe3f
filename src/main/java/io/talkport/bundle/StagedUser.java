package io.talkport.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A users.jsonl item ready for staged_user; payload is the TalkJS user object. */
record StagedUser(int line, String id, ObjectNode payload, boolean valid) {
}
