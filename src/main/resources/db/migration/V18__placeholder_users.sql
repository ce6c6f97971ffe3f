-- Placeholder users (issue 17): participants missing from users.jsonl are created as users of their own (name = id)
-- when the push asks for it, like "add missing senders".
--
-- A conversation excluded only because participants are missing from users (UNKNOWN_USER), and a message excluded
-- only because its conversation is such a one, are flagged: a run that creates placeholder users delivers them.
-- Issue rows alone cannot tell, since they are capped per code. A message that any other rule refuses loses its flag.
ALTER TABLE staged_conversation ADD COLUMN needs_placeholders BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE staged_message ADD COLUMN needs_placeholders BOOLEAN NOT NULL DEFAULT FALSE;
-- The choice on the push form (job: the last one made, run: the one it runs with), like add_missing_senders.
ALTER TABLE job ADD COLUMN add_placeholder_users BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE run ADD COLUMN add_placeholder_users BOOLEAN NOT NULL DEFAULT FALSE;
