-- An item's index rows stay with the version that first held its current description (issue 13,
-- "store a 10,000-row submission in under 1 s", a weekly resubmission being the common case):
-- until now every new version was indexed anew, so a resubmission that changed only statuses
-- deleted and wrote again all its postings (~83,000 for 10,000 rows), near_sets rows and pending
-- entries, though a version's set depends on its description alone.
-- indexed_as: the earlier version of the same item whose index rows stand for this version (its
-- description is this one's); NULL: the version itself. Set once, when the version is stored
-- (worker/db/submissions.ts): the current version's target when the description is unchanged.
-- Every version stored before keeps NULL: its index rows are its own, as they were.
-- An item's target, COALESCE(v.indexed_as, v.id) of its current version v, is the only version of
-- the item with postings, a near_sets row or a pending entry.
ALTER TABLE item_versions ADD COLUMN indexed_as INTEGER;

-- New versions are no longer queued on insert (each was, then dequeued by its own batch: two
-- writes per row for nothing). A submission's batch writes its versions' index rows before the
-- items' upsert, so the triggers below find them indexed; whatever else makes an item current
-- (a withdrawal restoring a version, a store without index writes) is queued by them.
DROP TRIGGER item_versions_near_pending;

-- 0015's triggers, now on the item's target: nothing happens while the target stays (a
-- resubmission with the description unchanged); when it changes, the old target's rows go (its
-- postings by their keys, from its near_sets row) and the new one is queued unless indexed.
DROP TRIGGER items_near_replaced;
CREATE TRIGGER items_near_replaced AFTER UPDATE OF current_version_id ON items
WHEN (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id)
  IS NOT (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = NEW.current_version_id)
BEGIN
  DELETE FROM near_postings WHERE (token, pos, size, unit_id, version_id) IN (
    SELECT t.value, t.key + 1, s.size, v.unit_id, s.version_id
    FROM item_versions o CROSS JOIN near_sets s ON s.version_id = COALESCE(o.indexed_as, o.id)
      CROSS JOIN item_versions v ON v.id = s.version_id CROSS JOIN json_each(s.prefix) t
    WHERE o.id = OLD.current_version_id);
  DELETE FROM near_postings_recent WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
  DELETE FROM near_sets WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
  DELETE FROM near_pending WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
  -- No OR IGNORE: inside a trigger the outer statement's conflict handling (an upsert's) wins.
  INSERT INTO near_pending (version_id) SELECT COALESCE(n.indexed_as, n.id) FROM item_versions n
  WHERE n.id = NEW.current_version_id
    AND NOT EXISTS (SELECT 1 FROM near_pending WHERE version_id = COALESCE(n.indexed_as, n.id))
    AND NOT EXISTS (SELECT 1 FROM near_sets WHERE version_id = COALESCE(n.indexed_as, n.id));
END;
DROP TRIGGER items_near_dropped;
CREATE TRIGGER items_near_dropped AFTER DELETE ON items
BEGIN
  DELETE FROM near_postings WHERE (token, pos, size, unit_id, version_id) IN (
    SELECT t.value, t.key + 1, s.size, v.unit_id, s.version_id
    FROM item_versions o CROSS JOIN near_sets s ON s.version_id = COALESCE(o.indexed_as, o.id)
      CROSS JOIN item_versions v ON v.id = s.version_id CROSS JOIN json_each(s.prefix) t
    WHERE o.id = OLD.current_version_id);
  DELETE FROM near_postings_recent WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
  DELETE FROM near_sets WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
  DELETE FROM near_pending WHERE version_id = (SELECT COALESCE(indexed_as, id) FROM item_versions WHERE id = OLD.current_version_id);
END;
-- A new item (or one stored again after its only submission was withdrawn) is queued unless its
-- batch indexed it first. A new item's version is its own target (indexed_as is set only while the
-- item has a current version), so the WHEN is one seek: the body runs only for an item not indexed.
CREATE TRIGGER items_near_added AFTER INSERT ON items
WHEN NOT EXISTS (SELECT 1 FROM near_sets WHERE version_id = NEW.current_version_id)
BEGIN
  INSERT INTO near_pending (version_id) SELECT COALESCE(n.indexed_as, n.id) FROM item_versions n
  WHERE n.id = NEW.current_version_id
    AND NOT EXISTS (SELECT 1 FROM near_pending WHERE version_id = COALESCE(n.indexed_as, n.id))
    AND NOT EXISTS (SELECT 1 FROM near_sets WHERE version_id = COALESCE(n.indexed_as, n.id));
END;
