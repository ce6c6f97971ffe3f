-- Jobs: one uploaded bundle each, and its staged (validated) data.

CREATE TABLE job (
    id                  BIGSERIAL PRIMARY KEY,
    name                TEXT        NOT NULL,
    status              TEXT        NOT NULL,   -- RECEIVED, VALIDATING, READY, REJECTED (see JobStatus)
    reject_reason       TEXT,
    archive_path        TEXT,                   -- the stored upload; null once deleted by retention
    archive_bytes       BIGINT      NOT NULL DEFAULT 0,
    created_by          TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    validated_at        TIMESTAMPTZ,
    -- Valid staged items, filled when validation ends.
    user_count          INT         NOT NULL DEFAULT 0,
    conversation_count  INT         NOT NULL DEFAULT 0,
    message_count       INT         NOT NULL DEFAULT 0,
    attachment_count    INT         NOT NULL DEFAULT 0,
    error_count         INT         NOT NULL DEFAULT 0,
    warning_count       INT         NOT NULL DEFAULT 0,
    add_missing_senders BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX job_created ON job (created_at DESC);

-- One row per problem found in a bundle (severity error blocks that item; warning does not).
CREATE TABLE job_issue (
    id        BIGSERIAL PRIMARY KEY,
    job_id    BIGINT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    severity  TEXT   NOT NULL,   -- error | warning
    code      TEXT   NOT NULL,   -- stable, e.g. UNKNOWN_USER
    file      TEXT,
    line      INT,               -- 1-based line (JSONL) or array index (JSON array)
    field     TEXT,
    item_id   TEXT,
    message   TEXT   NOT NULL
);
CREATE INDEX job_issue_by_job ON job_issue (job_id, severity, code, id);

-- Staged rows are written with COPY; valid=false marks items excluded by an error (kept so that dependent
-- items can name the cause).
CREATE TABLE staged_user (
    job_id   BIGINT  NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    line     INT     NOT NULL,
    user_id  TEXT    NOT NULL,
    payload  JSONB   NOT NULL,   -- the TalkJS user object (name, email[], phone[], photoUrl, ...)
    valid    BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX staged_user_by_id ON staged_user (job_id, user_id);

CREATE TABLE staged_conversation (
    job_id          BIGINT  NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    line            INT     NOT NULL,
    conversation_id TEXT    NOT NULL,
    payload         JSONB   NOT NULL,   -- subject, photoUrl, welcomeMessages, custom
    valid           BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX staged_conversation_by_id ON staged_conversation (job_id, conversation_id);

CREATE TABLE staged_participant (
    job_id          BIGINT  NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    conversation_id TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    access          TEXT    NOT NULL DEFAULT 'ReadWrite',
    notify          BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX staged_participant_by_conversation ON staged_participant (job_id, conversation_id, user_id);

CREATE TABLE staged_message (
    job_id           BIGINT  NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    seq              BIGINT  NOT NULL,  -- order of appearance in the bundle, unique per job
    line             INT     NOT NULL,
    source_id        TEXT,
    conversation_id  TEXT    NOT NULL,
    sender           TEXT    NOT NULL,
    ts               BIGINT  NOT NULL,  -- ms since the epoch
    text             TEXT,
    read_by          JSONB   NOT NULL DEFAULT '[]',
    custom           JSONB,
    attachment_path  TEXT,              -- path inside the archive
    attachment_token TEXT,              -- a token given in the bundle, passed through
    valid            BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX staged_message_by_conversation ON staged_message (job_id, conversation_id, ts, seq);

CREATE TABLE staged_attachment (
    job_id       BIGINT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    path         TEXT   NOT NULL,   -- path inside the archive, e.g. attachments/p1.png
    sha256       TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    content_type TEXT   NOT NULL,
    PRIMARY KEY (job_id, path)
);
