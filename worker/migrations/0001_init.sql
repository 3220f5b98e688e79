-- The county server's store (SPEC section 9). Submissions and item versions are append-only:
-- nothing here is ever updated or deleted except the small "current state" columns of `items`
-- (pointer to the latest version, review state, cached timeliness) and a token's revocation.

-- Registered units (责任单位 / 乡镇(场)); the summary lists every one, submitted or not.
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Bearer tokens, stored only as SHA-256 hashes. A unit token is bound to exactly one unit.
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('county', 'unit')),
  unit_id INTEGER REFERENCES units (id),
  label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  revoked_at TEXT,
  CHECK ((role = 'unit') = (unit_id IS NOT NULL))
);

-- One row per accepted submission: an immutable version of a unit's ledger. The id is made by
-- the Worker before the write batch, so every statement of the batch can name it.
CREATE TABLE submissions (
  id TEXT PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  version INTEGER NOT NULL,
  token_id INTEGER NOT NULL REFERENCES tokens (id),
  idempotency_key TEXT,
  body_hash TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('json', 'upload')),
  file TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  submitted_on TEXT NOT NULL,
  fill_date TEXT,
  item_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  warning_count INTEGER NOT NULL,
  -- The check report without its items (those live in item_versions): sheets, units, stats.
  report TEXT NOT NULL,
  UNIQUE (unit_id, version),
  UNIQUE (token_id, idempotency_key)
);
CREATE INDEX submissions_unit ON submissions (unit_id, submitted_on);

-- The current state of each item: its latest version's facts (copied, so the county summary
-- reads this one narrow table), its review state and cached timeliness. Its history is item_versions.
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  current_version_id INTEGER NOT NULL,
  versions INTEGER NOT NULL,
  category TEXT NOT NULL,
  deadline_kind TEXT NOT NULL,
  due TEXT,
  status TEXT NOT NULL,
  completed_on TEXT,
  vague INTEGER NOT NULL,
  has_evidence INTEGER NOT NULL,
  review_state TEXT NOT NULL DEFAULT 'pending'
    CHECK (review_state IN ('pending', 'assigned', 'returned', 'revised', 'closed_out')),
  -- County date the review state began: review is due reviewDueDays after it.
  review_since TEXT NOT NULL,
  -- Timeliness as of timeliness_on, kept by submissions and the daily cron to detect changes.
  timeliness TEXT,
  timeliness_on TEXT,
  first_submitted_on TEXT NOT NULL
);
CREATE UNIQUE INDEX items_current_version ON items (current_version_id);
-- Covering indexes for the county summary's two GROUP BYs: read in index order, never sorted.
CREATE INDEX items_timeliness ON items (unit_id, deadline_kind, due, status, completed_on);
CREATE INDEX items_facets ON items (unit_id, category, review_state, review_since, vague);

-- Every version of every item, as the server's check read it. Never updated.
CREATE TABLE item_versions (
  id INTEGER PRIMARY KEY,
  item_key TEXT NOT NULL,
  version INTEGER NOT NULL,
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  unit_id INTEGER NOT NULL REFERENCES units (id),
  -- Position in the submission's report (sheet order, then row), to rebuild the report.
  ord INTEGER NOT NULL,
  sheet_index INTEGER NOT NULL,
  sheet TEXT NOT NULL,
  row INTEGER NOT NULL,
  category TEXT NOT NULL,
  description TEXT NOT NULL,
  deadline_kind TEXT NOT NULL,
  due TEXT,
  status TEXT NOT NULL,
  completed_on TEXT,
  -- Timeliness as of the submission day (the report's), kept apart so no statement parses `item`.
  timeliness TEXT NOT NULL,
  vague INTEGER NOT NULL,
  has_evidence INTEGER NOT NULL,
  -- The item of the check report (fields, deadline, status, timeliness then, diagnostics).
  item TEXT NOT NULL,
  UNIQUE (item_key, version)
);
CREATE INDEX item_versions_submission ON item_versions (submission_id, ord);

-- Cross-unit near-duplicates found when a version was stored, against the other units' current
-- versions then. A pair counts while both of its versions are current.
CREATE TABLE near_duplicates (
  version_id INTEGER NOT NULL REFERENCES item_versions (id),
  other_version_id INTEGER NOT NULL REFERENCES item_versions (id),
  similarity REAL NOT NULL,
  PRIMARY KEY (version_id, other_version_id)
);
CREATE INDEX near_duplicates_other ON near_duplicates (other_version_id);

-- Review decisions (会诊) and the automatic returned → revised step, with who, when and why.
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  item_key TEXT NOT NULL,
  version_id INTEGER NOT NULL REFERENCES item_versions (id),
  decision TEXT NOT NULL CHECK (decision IN ('assign', 'return', 'close_out', 'revise')),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  token_id INTEGER REFERENCES tokens (id),
  actor TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  decided_on TEXT NOT NULL
);
CREATE INDEX reviews_item ON reviews (item_key, id);

-- Timeliness changes seen by the daily cron (e.g. on_track → overdue), one row per change.
CREATE TABLE timeliness_changes (
  id INTEGER PRIMARY KEY,
  item_key TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  changed_on TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL
);
CREATE INDEX timeliness_changes_on ON timeliness_changes (changed_on);

-- Work notices (工作提示) and reminders (催办) sent to a unit.
CREATE TABLE notices (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  kind TEXT NOT NULL CHECK (kind IN ('notice', 'reminder')),
  sent_on TEXT NOT NULL,
  item_keys TEXT NOT NULL DEFAULT '[]',
  note TEXT NOT NULL DEFAULT '',
  token_id INTEGER NOT NULL REFERENCES tokens (id),
  created_at TEXT NOT NULL
);

-- Interviews (约谈) held with a unit's enforcement staff.
CREATE TABLE interviews (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  held_on TEXT NOT NULL,
  people INTEGER NOT NULL CHECK (people > 0),
  note TEXT NOT NULL DEFAULT '',
  token_id INTEGER NOT NULL REFERENCES tokens (id),
  created_at TEXT NOT NULL
);
