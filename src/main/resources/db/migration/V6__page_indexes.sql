-- Pages of a job with a million messages (issue #7): indexes measured with PageBenchmark (docs/benchmarks.md).

-- The issues table pages in id order under each filter. V1's job_issue_by_job (job_id, severity, code, id) orders by
-- id only when both filters are set; without them a page walked the primary key through every job's issues, or
-- sorted the job's 100,000 rows. The page's ids are read index-only (IssueQuery), so a far page skips its offset in
-- the index. (job_id, code, id) also serves the code filter's list.
CREATE INDEX job_issue_page ON job_issue (job_id, id);
CREATE INDEX job_issue_page_by_severity ON job_issue (job_id, severity, id);
CREATE INDEX job_issue_page_by_code ON job_issue (job_id, code, id);

-- Progress of a run sums msg_count of its delivered and failed batches: with msg_count in the index the sum is
-- index-only instead of visiting 100,000 heap rows per run per page. Replaces delivery_batch_by_state (same key),
-- so a batch update still maintains one index of the two columns.
CREATE INDEX delivery_batch_progress ON delivery_batch (run_id, state) INCLUDE (msg_count);
DROP INDEX IF EXISTS delivery_batch_by_state;

-- The same for the run's user-batch and conversation tasks (50,000 for a million messages): counts and sums of the
-- progress bars read from the index alone. Without it the planner scanned delivery_task in parallel once it held a
-- second run (87 ms on two cores instead of ~10). Its columns change when a task finishes or is set up, which
-- already updates an index (state is in delivery_task_claimable's predicate); lease renewals stay HOT updates.
CREATE INDEX delivery_task_progress ON delivery_task (run_id, kind)
    INCLUDE (state, setup_done, items_total, items_done, items_failed);
