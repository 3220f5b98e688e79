-- The county summary's counts kept per unit (SPEC 11: the summary over 100 units × 1,000 items
-- in under 200 ms). GET /summary grouped every current item twice on its covering indexes
-- (0001's items_timeliness and items_facets): 100,000 index entries a grouping, ~80 ms of SQLite
-- out of ~170 at every request. Here each unit's groups are kept, and a unit's are counted again
-- only when one of its items changed what they are grouped by (worker/db/unit-groups.ts counts
-- the stale units' again before reading, in the same batch). Each batch that writes items marks
-- its unit stale with one statement (unit-groups.ts; a test holds every module that writes items
-- to it). Not triggers: a row trigger cost ~4 µs an item, +42 ms on a 10,000-row submission's
-- upsert (SQLite's own time, alternated), and the store of 10,000 rows is held under 1 s.

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
