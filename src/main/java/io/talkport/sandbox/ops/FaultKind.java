package io.talkport.sandbox.ops;

/** What an injected fault does to a call. */
public enum FaultKind {
    /** Answer 500 without processing. */
    ERROR_500,
    /** Answer 503 without processing. */
    ERROR_503,
    /** Answer 429 without processing, with or without Retry-After. */
    RATE_429,
    /** Answer 400 without processing: a refusal for reasons of TalkJS's own, which the client must not retry. */
    ERROR_400,
    /** Process the call (e.g. store imported messages), then answer 500 anyway. */
    STORED_THEN_500
}
