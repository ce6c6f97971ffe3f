-- Reactions (issue 18): re-added after the import through TalkJS's reactions endpoint, one row per user and emoji.
-- Written with COPY while the messages are staged (StagingWriter); TalkJS has no reaction time, so none is kept.
CREATE TABLE staged_reaction (
    job_id          BIGINT  NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    seq             BIGINT  NOT NULL,  -- staged_message.seq of the message reacted to (unique per job, V3)
    conversation_id TEXT    NOT NULL,
    emoji           TEXT    NOT NULL,  -- as sent to TalkJS: a Unicode emoji, or ":name:" for a custom one
    user_id         TEXT    NOT NULL,  -- the reactor as staged; the user-id mapping rewrites it like senders
    valid           BOOLEAN NOT NULL DEFAULT TRUE  -- false: the reactor is not a participant (reported, not sent)
);
CREATE INDEX staged_reaction_by_message ON staged_reaction (job_id, conversation_id, seq);
