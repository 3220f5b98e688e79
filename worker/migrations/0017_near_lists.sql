-- The postings as lists (issue 13, "flat as the county grows"): one row per (token, position,
-- size) holding its versions' ids as one text, where near_postings held a row per posting. On a
-- county written from templates a small submission's lookups meet postings in proportion to the
-- county (~64,000 for a 60-row ledger at 100,000 items): walking them row by row and joining their
-- ids was what grew (its statement 4 ms at 1,000 items, 11 ms at 100,000, in workerd); the lists
-- hand over the same ids from ~10 rows a lookup (6 ms at 100,000). A list is written as rows were:
-- a submission's postings grouped by key and appended in key order (as cheap as its rows were:
-- 83,000 postings, 95 against 90 ms, SQLite 3.40 on the kept county).
-- ids: comma-separated version ids (the items' targets, 0016), in no order. No unit: the probe
-- leaves out its own units' versions by their ids (worker/db/near-own.ts).
CREATE TABLE near_lists (
  token INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  size INTEGER NOT NULL,
  ids TEXT NOT NULL,
  PRIMARY KEY (token, pos, size)
) WITHOUT ROWID;
INSERT INTO near_lists (token, pos, size, ids)
SELECT token, pos, size, group_concat(version_id) FROM near_postings GROUP BY token, pos, size;
DROP TABLE near_postings;

-- A version dropped from the index (no longer its item's target) leaves its ids in the lists: taking
-- one id out of a text is a rewrite of it (83,000 postings: 520–640 ms, against ~85 ms for their rows).
-- Its tombstone names its keys (its near_sets row's size and prefix, which go with it) so the
-- scheduled job takes the ids out in bulk (worker/db/near-merge.ts compactStatements). Until then
-- the probe meets them like any other id; no longer anyone's target, a stale id is never offered
-- (the candidates' read, near-index.ts). Versions whose postings are still in the recent table (0012) lose
-- them there at once and need no tombstone. A tombstoned version indexed again (made current by a
-- withdrawal) loses its tombstone in that batch, so its ids stay.
CREATE TABLE near_dropped (
  version_id INTEGER PRIMARY KEY,
  size INTEGER NOT NULL,
  prefix TEXT NOT NULL
);

-- 0016's triggers with the tombstone instead of the postings' delete: the rest as it was. (The two
-- repeat the same statements, as 0015's and 0016's did: SQLite has no procedure they could share.)
DROP TRIGGER items_near_replaced;
CREATE TRIGGER items_near_replaced AFTER UPDATE OF current_version_id ON items
WHEN (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id)
  IS NOT (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = NEW.current_version_id)
BEGIN
  -- No OR IGNORE: inside a trigger the outer statement's conflict handling (an upsert's) wins.
  INSERT INTO near_dropped (version_id, size, prefix)
  SELECT s.version_id, s.size, s.prefix FROM item_versions o CROSS JOIN near_sets s ON s.version_id = COALESCE(o.indexed_as, o.id)
  WHERE o.id = OLD.current_version_id
    AND NOT EXISTS (SELECT 1 FROM near_postings_recent WHERE version_id = s.version_id)
    AND NOT EXISTS (SELECT 1 FROM near_dropped WHERE version_id = s.version_id);
  DELETE FROM near_postings_recent WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
  DELETE FROM near_sets WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
  DELETE FROM near_pending WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
  INSERT INTO near_pending (version_id) SELECT COALESCE(n.indexed_as, n.id) FROM item_versions n
  WHERE n.id = NEW.current_version_id
    AND NOT EXISTS (SELECT 1 FROM near_pending WHERE version_id = COALESCE(n.indexed_as, n.id))
    AND NOT EXISTS (SELECT 1 FROM near_sets WHERE version_id = COALESCE(n.indexed_as, n.id));
END;
DROP TRIGGER items_near_dropped;
CREATE TRIGGER items_near_dropped AFTER DELETE ON items
BEGIN
  INSERT INTO near_dropped (version_id, size, prefix)
  SELECT s.version_id, s.size, s.prefix FROM item_versions o CROSS JOIN near_sets s ON s.version_id = COALESCE(o.indexed_as, o.id)
  WHERE o.id = OLD.current_version_id
    AND NOT EXISTS (SELECT 1 FROM near_postings_recent WHERE version_id = s.version_id)
    AND NOT EXISTS (SELECT 1 FROM near_dropped WHERE version_id = s.version_id);
  DELETE FROM near_postings_recent WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
  DELETE FROM near_sets WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
  DELETE FROM near_pending WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
END;
