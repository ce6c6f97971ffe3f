-- What Talkport wrote into each TalkJS app, across jobs (issue 15). Keyed by the TalkJS app id, not by job or run:
-- no foreign key to job, so the record outlives job deletion and the retention purge. It keeps keys and digests,
-- never message text.

-- One row per message Talkport delivered (or found delivered by a read-back of its own in-flight batch). Written in
-- the same transaction (the same statement) that marks its delivery_batch DELIVERED, so a crash cannot split them.
-- A message is recognised by (conversation, sender, ts, md5 of its text): what TalkJS gives back when read.
CREATE TABLE app_record_message (
    app_id            TEXT        NOT NULL,
    conversation_id   TEXT        NOT NULL,
    sender            TEXT        NOT NULL,
    ts                BIGINT      NOT NULL,            -- ms since the epoch
    text_digest       TEXT        NOT NULL,            -- md5 (hex) of the UTF-8 text, '' when none
    attachment_sha256 TEXT,                            -- the staged file's digest, if the message carried one
    source_id         TEXT,                            -- the bundle's message id, when it had one
    talkjs_message_id TEXT,                            -- TalkJS's id, when known (imports do not return it)
    job_id            BIGINT      NOT NULL,            -- the Talkport job that sent it (it may be deleted since)
    job_name          TEXT        NOT NULL,
    recorded_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX app_record_message_by_conversation ON app_record_message (app_id, conversation_id, sender, ts);

-- Conversations Talkport knows in an app. origin 'talkport': created (or first written) by the job named, and the
-- record vouches for its messages; 'found': it existed before Talkport wrote to it (another tool), so a plan reads it
-- back instead of trusting the record.
CREATE TABLE app_record_conversation (
    app_id          TEXT        NOT NULL,
    conversation_id TEXT        NOT NULL,
    origin          TEXT        NOT NULL,   -- talkport | found
    job_id          BIGINT,
    job_name        TEXT,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (app_id, conversation_id)
);
CREATE INDEX app_record_conversation_by_job ON app_record_conversation (job_id);

-- Users Talkport upserted into an app, and by which job first.
CREATE TABLE app_record_user (
    app_id      TEXT        NOT NULL,
    user_id     TEXT        NOT NULL,
    job_id      BIGINT      NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (app_id, user_id)
);

-- The plan of a run: which app it targets and what planning found and cost. Written before the run starts.
CREATE TABLE run_plan (
    run_id        BIGINT      PRIMARY KEY REFERENCES run (id) ON DELETE CASCADE,
    app_id        TEXT        NOT NULL,
    listing_calls INT         NOT NULL DEFAULT 0,   -- pages of the app's conversation listing read
    read_backs    INT         NOT NULL DEFAULT 0,   -- conversations read back (the record could not vouch for them)
    read_calls    INT         NOT NULL DEFAULT 0,   -- message pages read for them
    plan_ms       BIGINT      NOT NULL DEFAULT 0,
    forgotten     INT         NOT NULL DEFAULT 0,   -- recorded conversations no longer in TalkJS (a reset, a deletion)
    planned_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Per conversation of a run that planning found in TalkJS already: messages already there (their seqs sit in a
-- delivery_batch of state PRESENT, batch_no -1, never sent) and messages there that this job does not hold.
CREATE TABLE delivery_plan (
    run_id           BIGINT  NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    conversation_id  TEXT    NOT NULL,
    present          INT     NOT NULL,
    foreign_messages INT     NOT NULL,
    read_back        BOOLEAN NOT NULL,
    PRIMARY KEY (run_id, conversation_id)
);
