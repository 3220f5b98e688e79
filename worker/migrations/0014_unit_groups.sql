-- The county summary's counts kept per unit (SPEC 11: the summary over 100 units × 1,000 items
-- in under 200 ms). GET /summary grouped every current item twice on its covering indexes
-- (0001's items_timeliness and items_facets): 100,000 index entries a grouping, ~80 ms of SQLite
-- out of ~170 at every request. Here each unit's groups are kept, and a unit's are counted again
-- only when one of its items changed what they are grouped by (worker/db/unit-groups.ts counts
-- the stale units' again before reading, in the same batch). Triggers mark a unit stale, so no
-- path that writes `items` can leave its counts behind (a migration that rebuilds `items` must
-- create them again).

-- Each unit's groups as 0001's two GROUP BYs give them, in their order (NULLs first), as JSON:
-- dated [[deadline_kind, due, status, completed_on, n], …], facets [[category, review_state,
-- review_since, vague, n], …]. One row a unit: D1 hands rows over at a few µs each, and a county of
-- 100 units has ~5,800 groups (~20 ms read as rows) but 100 units (~1 ms). No row: no items.
CREATE TABLE unit_groups (
  unit_id INTEGER PRIMARY KEY,
  dated TEXT NOT NULL,
  facets TEXT NOT NULL
);

-- Units whose groups are to be counted again; every unit with items to begin with.
CREATE TABLE unit_groups_stale (unit_id INTEGER PRIMARY KEY) WITHOUT ROWID;
INSERT INTO unit_groups_stale (unit_id) SELECT DISTINCT unit_id FROM items;

-- Only the grouped columns: the nightly timeliness job (timeliness, timeliness_on) and evidence
-- (has_evidence) mark nothing. A unit already stale costs one primary-key probe per row. Not
-- INSERT OR IGNORE: inside a trigger the outer statement's conflict handling overrides it, and
-- the items' upsert (ON CONFLICT DO UPDATE) made it fail on a unit already marked.
CREATE TRIGGER items_groups_inserted AFTER INSERT ON items
BEGIN
  INSERT INTO unit_groups_stale (unit_id) SELECT NEW.unit_id WHERE NOT EXISTS (SELECT 1 FROM unit_groups_stale WHERE unit_id = NEW.unit_id);
END;

CREATE TRIGGER items_groups_updated AFTER UPDATE OF unit_id, category, deadline_kind, due, status, completed_on, vague, review_state, review_since ON items
BEGIN
  INSERT INTO unit_groups_stale (unit_id) SELECT OLD.unit_id WHERE NOT EXISTS (SELECT 1 FROM unit_groups_stale WHERE unit_id = OLD.unit_id);
  INSERT INTO unit_groups_stale (unit_id) SELECT NEW.unit_id WHERE NOT EXISTS (SELECT 1 FROM unit_groups_stale WHERE unit_id = NEW.unit_id);
END;

CREATE TRIGGER items_groups_deleted AFTER DELETE ON items
BEGIN
  INSERT INTO unit_groups_stale (unit_id) SELECT OLD.unit_id WHERE NOT EXISTS (SELECT 1 FROM unit_groups_stale WHERE unit_id = OLD.unit_id);
END;
