-- staged_message partitioned by job: one table per job (staged_message_job_<id>), same columns, keys and foreign key.
--
-- Why: COPY of a million messages into the shared table spent ~3/4 of its time on per-row work that does not depend
-- on the data: the foreign key check on job (one lookup per row) and two btree inserts per row in random key order.
-- Staging now COPYs a job's messages into a new table without either and attaches it when the COPY is done:
-- PostgreSQL then builds the two indexes by sorting once and checks the foreign key with one join (BundleStager,
-- StagedMessageTable; docs/benchmark-staging.md). Reads are unchanged: every query names job_id, so PostgreSQL
-- reads only that job's table. A job's indexes no longer grow with the other jobs' rows.
--
-- Existing rows move into one table per job.

ALTER TABLE staged_message RENAME TO staged_message_v6;
ALTER INDEX staged_message_by_conversation RENAME TO staged_message_v6_by_conversation;
ALTER INDEX staged_message_by_seq RENAME TO staged_message_v6_by_seq;
ALTER TABLE staged_message_v6 RENAME CONSTRAINT staged_message_job_id_fkey TO staged_message_v6_job_id_fkey;

-- Same columns, NOT NULLs and defaults as before (see V1 and V5 for their meaning).
CREATE TABLE staged_message (
    LIKE staged_message_v6 INCLUDING DEFAULTS,
    CONSTRAINT staged_message_job_id_fkey FOREIGN KEY (job_id) REFERENCES job (id) ON DELETE CASCADE
) PARTITION BY LIST (job_id);
CREATE INDEX staged_message_by_conversation ON staged_message (job_id, conversation_id, ts, seq);
CREATE UNIQUE INDEX staged_message_by_seq ON staged_message (job_id, seq);

DO $$
DECLARE
    job BIGINT;
BEGIN
    FOR job IN SELECT DISTINCT job_id FROM staged_message_v6 LOOP
        EXECUTE format('CREATE TABLE staged_message_job_%s PARTITION OF staged_message FOR VALUES IN (%s)', job, job);
    END LOOP;
END $$;

INSERT INTO staged_message (job_id, seq, line, source_id, conversation_id, sender, ts, text, read_by, custom,
                            attachment_path, attachment_token, valid, sender_not_participant)
SELECT job_id, seq, line, source_id, conversation_id, sender, ts, text, read_by, custom,
       attachment_path, attachment_token, valid, sender_not_participant
FROM staged_message_v6;

DROP TABLE staged_message_v6;
