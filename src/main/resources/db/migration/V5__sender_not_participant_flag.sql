-- Messages excluded only because their sender is not a participant. A run with "add missing senders" delivers
-- them (adding the sender first); the issue rows alone cannot tell, since they are capped per code.
ALTER TABLE staged_message ADD COLUMN sender_not_participant BOOLEAN NOT NULL DEFAULT FALSE;
