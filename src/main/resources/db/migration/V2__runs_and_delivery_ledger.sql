-- Runs: one push of one job to one TalkJS environment, and the delivery ledger that makes it exactly-once.

CREATE TABLE run (
    id                  BIGSERIAL PRIMARY KEY,
    job_id              BIGINT      NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    environment         TEXT        NOT NULL,            -- test | live
    status              TEXT        NOT NULL,            -- see RunStatus
    phase               TEXT        NOT NULL DEFAULT 'USERS', -- USERS, CONVERSATIONS, VERIFY, DONE (gates the tasks)
    add_missing_senders BOOLEAN     NOT NULL DEFAULT FALSE,
    verified            BOOLEAN,
    verification        TEXT,                            -- what verification found, for people
    error               TEXT,                            -- why the run failed, for people
    created_by          TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at          TIMESTAMPTZ,
    finished_at         TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (job_id, environment)                         -- one ledger per environment: a second push resumes it
);

-- A unit of work one worker holds under a lease. Kinds:
--   USER_BATCH    ref = batch number; up to 100 users (ordered by user id) upserted in one call
--   CONVERSATION  ref = conversation id; creates it with its participants, then imports its message batches in order
--   VERIFY_USERS  ref = '*'; reads the app's users back
--   VERIFY        ref = conversation id; reads the conversation's messages back and compares counts
CREATE TABLE delivery_task (
    id            BIGSERIAL PRIMARY KEY,
    run_id        BIGINT      NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    kind          TEXT        NOT NULL,
    ref           TEXT        NOT NULL,
    state         TEXT        NOT NULL DEFAULT 'PENDING',  -- PENDING, DONE, FAILED
    attempts      INT         NOT NULL DEFAULT 0,
    lease_owner   TEXT,
    lease_until   TIMESTAMPTZ,
    not_before    TIMESTAMPTZ,                            -- back-off after a transient failure
    setup_done    BOOLEAN     NOT NULL DEFAULT FALSE,     -- CONVERSATION: created, participants set, batches planned
    items_total   INT         NOT NULL DEFAULT 0,
    items_done    INT         NOT NULL DEFAULT 0,
    items_failed  INT         NOT NULL DEFAULT 0,
    error         TEXT,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (run_id, kind, ref)
);
CREATE INDEX delivery_task_claimable ON delivery_task (run_id, kind, id) WHERE state = 'PENDING';

-- Message batches of one conversation, imported strictly in batch order, one in flight at a time.
-- IN_FLIGHT is committed before the import call; a batch found IN_FLIGHT later has an unknown outcome and is
-- reconciled against what TalkJS holds before anything is sent again.
CREATE TABLE delivery_batch (
    run_id          BIGINT      NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    conversation_id TEXT        NOT NULL,
    batch_no        INT         NOT NULL,
    seqs            BIGINT[]    NOT NULL,   -- staged_message.seq of the messages, in import order
    msg_count       INT         NOT NULL,
    state           TEXT        NOT NULL DEFAULT 'PENDING',  -- PENDING, IN_FLIGHT, DELIVERED, FAILED
    attempts        INT         NOT NULL DEFAULT 0,
    reconciled      INT         NOT NULL DEFAULT 0,          -- messages found already delivered by a read-back
    error           TEXT,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, conversation_id, batch_no)
);
CREATE INDEX delivery_batch_by_state ON delivery_batch (run_id, state);

-- Files uploaded to one environment: each distinct file (by content hash) once per run.
CREATE TABLE delivery_attachment (
    run_id      BIGINT      NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    sha256      TEXT        NOT NULL,
    size        BIGINT      NOT NULL,
    state       TEXT        NOT NULL DEFAULT 'PENDING',   -- PENDING, DONE, FAILED
    token       TEXT,
    lease_owner TEXT,
    lease_until TIMESTAMPTZ,
    error       TEXT,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, sha256)
);

-- Items that failed, with TalkJS's reason, for the page and for "retry failed".
CREATE TABLE delivery_failure (
    id        BIGSERIAL PRIMARY KEY,
    run_id    BIGINT      NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    kind      TEXT        NOT NULL,   -- users, conversations, attachments, messages
    item_id   TEXT        NOT NULL,
    reason    TEXT        NOT NULL,
    at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX delivery_failure_by_run ON delivery_failure (run_id, id);
