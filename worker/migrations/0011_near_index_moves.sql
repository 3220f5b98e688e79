-- A resubmission whose descriptions did not change rewrote the whole index (issue: resubmission
-- store): the triggers of 0007 and 0008 deleted each old version's postings and near_sets row and
-- the batch inserted the same rows again under the new version id, random writes in two indexes
-- for a set that did not change (0.6-0.8 s of a 10,000-row resubmission's store). Now when the
-- new current version has the old one's description (so its bigram set) and unit (the postings'
-- key holds it), the rows move to the new version id and the batch skips versions whose stored
-- row is the one it would write (worker/db/near-index.ts); changed descriptions behave as before.

-- True when the replacing version's set is the replaced one's: same unit, same description.
-- Each trigger checks the target is free, so their firing order does not matter.
DROP TRIGGER items_near_replaced;
CREATE TRIGGER items_near_replaced AFTER UPDATE OF current_version_id ON items
WHEN OLD.current_version_id IS NOT NEW.current_version_id
BEGIN
  UPDATE near_postings SET version_id = NEW.current_version_id
  WHERE version_id = OLD.current_version_id
    AND (SELECT o.unit_id = n.unit_id AND o.description = n.description FROM item_versions o, item_versions n
         WHERE o.id = OLD.current_version_id AND n.id = NEW.current_version_id)
    AND NOT EXISTS (SELECT 1 FROM near_postings WHERE version_id = NEW.current_version_id);
  DELETE FROM near_postings WHERE version_id = OLD.current_version_id;
  DELETE FROM near_pending WHERE version_id = OLD.current_version_id;
  -- No OR IGNORE: inside a trigger the outer statement's conflict handling (an upsert's) wins.
  -- A version whose postings just moved to it is indexed already: not queued.
  INSERT INTO near_pending (version_id) SELECT NEW.current_version_id
  WHERE NOT EXISTS (SELECT 1 FROM near_pending WHERE version_id = NEW.current_version_id)
    AND NOT EXISTS (SELECT 1 FROM near_postings WHERE version_id = NEW.current_version_id);
END;

DROP TRIGGER items_near_sets_replaced;
CREATE TRIGGER items_near_sets_replaced AFTER UPDATE OF current_version_id ON items
WHEN OLD.current_version_id IS NOT NEW.current_version_id
BEGIN
  UPDATE near_sets SET version_id = NEW.current_version_id
  WHERE version_id = OLD.current_version_id
    AND (SELECT o.unit_id = n.unit_id AND o.description = n.description FROM item_versions o, item_versions n
         WHERE o.id = OLD.current_version_id AND n.id = NEW.current_version_id)
    AND NOT EXISTS (SELECT 1 FROM near_sets WHERE version_id = NEW.current_version_id);
  DELETE FROM near_sets WHERE version_id = OLD.current_version_id;
END;
