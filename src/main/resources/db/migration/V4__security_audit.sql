-- Security: an audit trail of who did what, and retention of uploaded data.

-- One row per action a person took (upload, delete, run start/pause/resume/cancel/retry, promotion) and per failed
-- login. Never holds a password or a TalkJS secret.
CREATE TABLE audit_event (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    username    TEXT,                   -- who acted; for a failed login, the name that was tried
    action      TEXT        NOT NULL,   -- e.g. job.upload, run.start, run.promote, login.failed (see AuditAction)
    job_id      BIGINT,                 -- no foreign key: the trail outlives a deleted job
    environment TEXT,                   -- test | live, for run actions
    detail      TEXT                    -- e.g. the typed confirmation of a promotion, the source IP of a login
);
CREATE INDEX audit_event_newest ON audit_event (id DESC);

-- Retention: when the archive and the staged rows of an ended job were deleted (the job row and its runs stay).
ALTER TABLE job ADD COLUMN purged_at TIMESTAMPTZ;
