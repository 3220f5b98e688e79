-- A submission's report (without its items) past what D1 stores in one value: a ledger copied
-- from another unit's has a near-duplicate pair for every row, each naming both places, and past
-- ~1,200 of them under a long file name the report is over 2 MB (SQLITE_TOOBIG: the submission
-- failed and stored nothing). submissions.report keeps the report's first part; the rest follows
-- here in order (worker/db/report-parts.ts). Reports that fit, every one stored before, have no rows.
CREATE TABLE submission_report_parts (
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  n INTEGER NOT NULL,
  part TEXT NOT NULL,
  PRIMARY KEY (submission_id, n)
) WITHOUT ROWID;
