-- A write retried with the Idempotency-Key of its first try (the add-in retries after a lost
-- answer or a timeout; worker/request-keys.ts). The key's row is written in the write's own
-- batch, so it exists exactly when the write committed; its answer is kept just after the answer
-- is sent (`request_id` names the request that wrote the row, so only that one keeps its answer).
-- Until then a retry is told the write is in progress. Submissions keep their keys in their own
-- rows (0001); keys here are forgotten after a week by the daily job.
CREATE TABLE request_keys (
  token_id INTEGER NOT NULL REFERENCES tokens (id),
  key TEXT NOT NULL,
  -- What the key was first used for: the method and path, and the request's digest as the route
  -- reads it (its JSON text; an evidence file's bytes and name). Another request under the key is 422.
  route TEXT NOT NULL,
  digest TEXT NOT NULL,
  request_id TEXT NOT NULL,
  status INTEGER,
  answer TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (token_id, key)
) WITHOUT ROWID;

CREATE INDEX request_keys_created ON request_keys (created_at);
