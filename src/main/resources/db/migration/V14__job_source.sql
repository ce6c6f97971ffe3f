-- The source format of each job (issue 18): what the uploader asked for, what was read, and the carry-over report.
CREATE TABLE job_source (
    job_id           BIGINT PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    requested_format TEXT,    -- the format chosen on upload (slack, sendbird, mattermost, talkport); null = detect
    format           TEXT,    -- the format the archive was read as; null until staged
    summary          TEXT,    -- "Slack export, 4 channels, 2 DMs"
    report           JSONB    -- CarryOver.toJson: {"contents": {...}, "entries": [...]}
);
