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

-- No covering index on delivery_task for the task sums: it made every change of setup_done, state or the item counts
-- a non-HOT update maintaining one more index, and cost a fifth of the unthrottled push rate (2,760 -> 2,211
-- messages/s, PushBenchmark). RunProgress reads the run's tasks through the (run_id, kind, ref) key instead.
