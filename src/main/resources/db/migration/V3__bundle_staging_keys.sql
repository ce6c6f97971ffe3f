-- Bundle staging: keys that let validation flag single rows without scanning a job's million messages.

-- staged_message.seq is unique per job; cross-item checks update invalid messages by (job_id, seq).
CREATE UNIQUE INDEX staged_message_by_seq ON staged_message (job_id, seq);

-- The conversations.jsonl line a participant came from, so that the participants of a duplicate
-- conversation id can be told apart from (and removed without touching) those of the first one.
ALTER TABLE staged_participant ADD COLUMN line INT;
