-- A submission's distinct texts (its diagnostics' messages), each stored once: an item version's
-- `item` JSON names them by number (worker/db/item-codec.ts), with its key, description, category,
-- file and sheet, which its columns already hold. A 10,000-item ledger repeats its messages item
-- after item; storing them once halved what a submission hands to D1 and writes.
-- Versions stored before this migration keep their item JSON whole and read as before.
CREATE TABLE submission_texts (
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  n INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (submission_id, n)
) WITHOUT ROWID;
