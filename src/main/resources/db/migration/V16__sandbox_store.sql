-- The TalkJS sandbox's data (issue 19): what its simulated apps hold survives a restart. Tables of their own, keyed by
-- the sandbox app id; nothing of the app refers to them and they refer to nothing of the app. The sandbox keeps a copy
-- in memory for reads and writes here first: a write answered 200 is committed. "Reset all data" deletes an app's
-- rows. No foreign keys: every row is written and deleted by io.talkport.sandbox.store.PostgresSandboxStore, and
-- checks per row would slow the imports of the push benchmark (hundreds of thousands of messages). JSON is kept as
-- text, not JSONB: the sandbox gives it back exactly as it was sent (key order included) and never queries into it.

CREATE TABLE sandbox_user (
    app_id     TEXT   NOT NULL,
    user_id    TEXT   NOT NULL,
    created_at BIGINT NOT NULL,                  -- ms since the epoch, also the list order
    data       TEXT   NOT NULL,                  -- JSON: every field of the user, as the sandbox renders it
    PRIMARY KEY (app_id, user_id)
);

CREATE TABLE sandbox_conversation (
    app_id          TEXT   NOT NULL,
    conversation_id TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    data            TEXT   NOT NULL,             -- JSON: subject, photoUrl, welcomeMessages, custom
    PRIMARY KEY (app_id, conversation_id)
);

-- Participants in the order they joined (ord): TalkJS lists them that way.
CREATE TABLE sandbox_participant (
    app_id          TEXT      NOT NULL,
    conversation_id TEXT      NOT NULL,
    user_id         TEXT      NOT NULL,
    ord             BIGSERIAL NOT NULL,
    access          TEXT      NOT NULL,
    notify          TEXT      NOT NULL,          -- true | false | MentionsOnly
    read_until      BIGINT,
    PRIMARY KEY (app_id, conversation_id, user_id)
);

-- Messages are only ever inserted (one statement per import call, the rows as arrays) and deleted. seq is the
-- app-wide insertion number that breaks createdAt ties.
CREATE TABLE sandbox_message (
    app_id           TEXT    NOT NULL,
    conversation_id  TEXT    NOT NULL,
    message_id       TEXT    NOT NULL,
    seq              BIGINT  NOT NULL,
    created_at       BIGINT  NOT NULL,
    type             TEXT    NOT NULL,           -- UserMessage | SystemMessage
    sender_id        TEXT,
    text             TEXT    NOT NULL,
    read_by          TEXT    NOT NULL,           -- JSON array of user ids
    origin           TEXT    NOT NULL,
    custom           TEXT    NOT NULL,           -- JSON object
    attachment_token TEXT,                       -- a sandbox_file of the same app
    content          TEXT,                       -- JSON: the content blocks of the newer form, as sent
    PRIMARY KEY (app_id, message_id)
);

-- Who reacted with which emoji, in the order the reactions were added.
CREATE TABLE sandbox_reaction (
    app_id          TEXT      NOT NULL,
    conversation_id TEXT      NOT NULL,
    message_id      TEXT      NOT NULL,
    emoji           TEXT      NOT NULL,
    user_id         TEXT      NOT NULL,
    ord             BIGSERIAL NOT NULL,
    PRIMARY KEY (app_id, message_id, emoji, user_id)
);

-- Uploaded files, within talkjs.sandbox.file-quota per app (200 MB by default).
CREATE TABLE sandbox_file (
    app_id       TEXT   NOT NULL,
    token        TEXT   NOT NULL,
    filename     TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    subtype      TEXT,
    width        INTEGER,
    height       INTEGER,
    duration     DOUBLE PRECISION,
    bytes        BYTEA  NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (app_id, token)
);
