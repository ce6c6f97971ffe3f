-- User ids mapped to the customer's own (issue 18): one row per staged user once a mapping was applied.
CREATE TABLE job_user_map (
    job_id    BIGINT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    source_id TEXT   NOT NULL,   -- the id in the export (Slack U061A1R2R, Sendbird user_id...)
    talkjs_id TEXT   NOT NULL,   -- the id now staged and pushed
    how       TEXT   NOT NULL,   -- csv-id | csv-email | kept | placeholder
    PRIMARY KEY (job_id, source_id)
);
