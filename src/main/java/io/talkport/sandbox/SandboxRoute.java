package io.talkport.sandbox;

/** The simulated TalkJS endpoints; names are used by fault scripts, the journal and the counters. */
public enum SandboxRoute {
    USERS_BATCH_PUT, USERS_LIST, USER_PUT, USER_GET, USER_CONVERSATIONS,
    CONVERSATIONS_LIST, CONVERSATION_PUT, CONVERSATION_GET, CONVERSATION_DELETE,
    PARTICIPANT_PUT, PARTICIPANT_PATCH, PARTICIPANT_DELETE,
    MESSAGES_LIST, MESSAGE_GET, MESSAGES_SEND, IMPORT, FILES_POST,
    UNKNOWN
}
