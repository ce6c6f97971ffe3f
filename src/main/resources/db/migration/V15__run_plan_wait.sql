-- Why a QUEUED run has not started: planning met a transient TalkJS answer (429, 5xx, timeout, unreachable) and is
-- tried again on the next tick. Shown on the page and in the API (RunWaiting) so that no run waits without a reason.
ALTER TABLE run ADD COLUMN plan_wait_reason text;
ALTER TABLE run ADD COLUMN plan_wait_since timestamptz;
