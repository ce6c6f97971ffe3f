-- Tasks given back with an error, newest first: the job page and the run API read the latest one of an active run
-- ("why is it not moving") on every poll; only such tasks are indexed, so the index stays tiny.
CREATE INDEX delivery_task_waiting ON delivery_task (run_id, updated_at DESC) WHERE state = 'PENDING' AND error IS NOT NULL;
