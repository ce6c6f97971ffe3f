-- The per-conversation reads of the ledger (verification, reconciliation, a task's end) name the run, the
-- conversation and a state. With (run_id, state) as an index key, the planner (its statistics taken while few batches
-- were DELIVERED) scanned every delivered batch of the run to find one conversation's: 4.7 ms and 20,000 rows per
-- call, so verifying 20,000 small conversations took 160 s of database time. Keyed on the run alone, the index still
-- serves the progress sums index-only, and the primary key serves everything per conversation.
CREATE INDEX delivery_batch_sums ON delivery_batch (run_id) INCLUDE (state, msg_count);
DROP INDEX delivery_batch_progress;

-- Ledger rows are updated several times each (lease, set-up, in flight, delivered): room on every page lets updates
-- that change no indexed column stay HOT (no new index entries).
ALTER TABLE delivery_task SET (fillfactor = 80);
ALTER TABLE delivery_batch SET (fillfactor = 80);
