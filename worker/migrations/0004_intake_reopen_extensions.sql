-- SPEC 12.1 and 12.3: withdrawals, county aggregates split per unit, 回头看 (reopen), extensions.
-- SQLite cannot widen a CHECK constraint in place, so `items` and `reviews` are rebuilt with the
-- new review state (reopened) and decisions (reopen, withdraw); every row is copied as it was.
-- Everything an earlier migration attached to these two tables is carried in the rebuild below:
-- 0003's reviews.round_id and items.assigned_on with their indexes, and 0002's ownership
-- trigger on items (dropping a table drops its triggers; 0002's trigger on item_versions stays,
-- and is re-created too because it reads `items`).

-- A withdrawn submission stays (nothing is deleted); its versions are no longer current.
ALTER TABLE submissions ADD COLUMN withdrawn_at TEXT;
ALTER TABLE submissions ADD COLUMN withdrawn_on TEXT;
ALTER TABLE submissions ADD COLUMN withdrawn_by TEXT;
ALTER TABLE submissions ADD COLUMN withdraw_reason TEXT;
-- The submissions one county aggregate was split into share this id (the first one's).
ALTER TABLE submissions ADD COLUMN aggregate_id TEXT;
CREATE INDEX submissions_aggregate ON submissions (aggregate_id) WHERE aggregate_id IS NOT NULL;

-- 0002's trigger on item_versions reads `items`: SQLite refuses the rename below while it
-- names a dropped table, so it goes first and is re-created after the rebuild.
DROP TRIGGER item_versions_one_unit;

CREATE TABLE items_new (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  current_version_id INTEGER NOT NULL,
  versions INTEGER NOT NULL,
  category TEXT NOT NULL,
  deadline_kind TEXT NOT NULL,
  -- The effective due date: the current version's, or a later one an approved extension set.
  due TEXT,
  status TEXT NOT NULL,
  completed_on TEXT,
  vague INTEGER NOT NULL,
  has_evidence INTEGER NOT NULL,
  review_state TEXT NOT NULL DEFAULT 'pending'
    CHECK (review_state IN ('pending', 'assigned', 'returned', 'revised', 'closed_out', 'reopened')),
  review_since TEXT NOT NULL,
  timeliness TEXT,
  timeliness_on TEXT,
  first_submitted_on TEXT NOT NULL,
  -- The date the item was first assigned (交办), from 0003.
  assigned_on TEXT,
  -- The due date of the latest approved extension (延期), kept over a new version's earlier date.
  extended_due TEXT
);
INSERT INTO items_new (id, key, unit_id, current_version_id, versions, category, deadline_kind, due, status, completed_on,
  vague, has_evidence, review_state, review_since, timeliness, timeliness_on, first_submitted_on, assigned_on)
SELECT id, key, unit_id, current_version_id, versions, category, deadline_kind, due, status, completed_on,
  vague, has_evidence, review_state, review_since, timeliness, timeliness_on, first_submitted_on, assigned_on FROM items;
DROP TABLE items;
ALTER TABLE items_new RENAME TO items;
CREATE UNIQUE INDEX items_current_version ON items (current_version_id);
CREATE INDEX items_timeliness ON items (unit_id, deadline_kind, due, status, completed_on);
CREATE INDEX items_facets ON items (unit_id, category, review_state, review_since, vague);

-- 0002's ownership triggers, as 0002 wrote them: an item key belongs to the unit that first stored it.
CREATE TRIGGER item_versions_one_unit BEFORE INSERT ON item_versions
WHEN EXISTS (SELECT 1 FROM items WHERE key = NEW.item_key AND unit_id <> NEW.unit_id)
BEGIN
  SELECT RAISE(ABORT, 'item-owned-by-other-unit');
END;

CREATE TRIGGER items_one_unit BEFORE UPDATE OF unit_id, current_version_id ON items
WHEN NEW.unit_id <> OLD.unit_id
  OR (SELECT unit_id FROM item_versions WHERE id = NEW.current_version_id) IS NOT OLD.unit_id
BEGIN
  SELECT RAISE(ABORT, 'item-owned-by-other-unit');
END;

CREATE TABLE reviews_new (
  id INTEGER PRIMARY KEY,
  item_key TEXT NOT NULL,
  version_id INTEGER NOT NULL REFERENCES item_versions (id),
  decision TEXT NOT NULL CHECK (decision IN ('assign', 'return', 'close_out', 'revise', 'reopen', 'withdraw')),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  token_id INTEGER REFERENCES tokens (id),
  actor TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  round_id INTEGER REFERENCES rounds (id)
);
INSERT INTO reviews_new (id, item_key, version_id, decision, from_state, to_state, comment, token_id, actor, decided_at, decided_on, round_id)
SELECT id, item_key, version_id, decision, from_state, to_state, comment, token_id, actor, decided_at, decided_on, round_id FROM reviews;
DROP TABLE reviews;
ALTER TABLE reviews_new RENAME TO reviews;
CREATE INDEX reviews_item ON reviews (item_key, id);
CREATE INDEX reviews_round ON reviews (round_id);
CREATE INDEX reviews_decided_on ON reviews (decided_on, item_key);

-- Extension requests (延期申请) by the item's unit and the county office's decision on them.
CREATE TABLE extensions (
  id INTEGER PRIMARY KEY,
  item_key TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  -- The item's effective due date when the request was made.
  due_before TEXT,
  requested_due TEXT NOT NULL,
  reason TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_token_id INTEGER NOT NULL REFERENCES tokens (id),
  requested_at TEXT NOT NULL,
  requested_on TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'denied')),
  decided_by TEXT,
  decided_token_id INTEGER REFERENCES tokens (id),
  decided_at TEXT,
  decided_on TEXT,
  comment TEXT
);
CREATE INDEX extensions_item ON extensions (item_key, id);
-- One open request per item at a time.
CREATE UNIQUE INDEX extensions_one_pending ON extensions (item_key) WHERE state = 'pending';
