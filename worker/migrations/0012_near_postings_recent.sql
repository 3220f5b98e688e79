-- New postings land in a small table first (issue 13, "flat as the county grows"): a submission's
-- ~830 postings, keyed by token like the main table's, each landed on its own page of
-- near_postings (646 pages written at 100,000 items against 123 at 1,000). Here they fill a few
-- pages of a table that stays small; the probe reads both tables in the same lookups, and the
-- postings move to near_postings in bulk (key order, each page written once) by the scheduled job
-- or by the batch that finds this table past its bound (worker/db/near-merge.ts).

-- The same columns and key as near_postings (0007): a lookup is one range of either key.
CREATE TABLE near_postings_recent (
  token INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  size INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  version_id INTEGER NOT NULL,
  PRIMARY KEY (token, pos, size, unit_id, version_id)
) WITHOUT ROWID;
CREATE INDEX near_postings_recent_version ON near_postings_recent (version_id);

-- Current versions' postings only, in either table, whatever path changes an item's current
-- version: 0007's two triggers made again with the recent table's delete inside them. Triggers of
-- their own cost SQLite one trigger program more per item changed: a 10,000-row resubmission's
-- upsert took 983-1,064 ms with them against 883-898 ms this way (bench store phase, alternated).
DROP TRIGGER items_near_replaced;
CREATE TRIGGER items_near_replaced AFTER UPDATE OF current_version_id ON items
WHEN OLD.current_version_id IS NOT NEW.current_version_id
BEGIN
  DELETE FROM near_postings WHERE version_id = OLD.current_version_id;
  DELETE FROM near_postings_recent WHERE version_id = OLD.current_version_id;
  DELETE FROM near_pending WHERE version_id = OLD.current_version_id;
  -- No OR IGNORE: inside a trigger the outer statement's conflict handling (an upsert's) wins.
  -- A version made current again is queued unless it has postings, in either table.
  INSERT INTO near_pending (version_id) SELECT NEW.current_version_id
  WHERE NOT EXISTS (SELECT 1 FROM near_pending WHERE version_id = NEW.current_version_id)
    AND NOT EXISTS (SELECT 1 FROM near_postings WHERE version_id = NEW.current_version_id)
    AND NOT EXISTS (SELECT 1 FROM near_postings_recent WHERE version_id = NEW.current_version_id);
END;
DROP TRIGGER items_near_dropped;
CREATE TRIGGER items_near_dropped AFTER DELETE ON items
BEGIN
  DELETE FROM near_postings WHERE version_id = OLD.current_version_id;
  DELETE FROM near_postings_recent WHERE version_id = OLD.current_version_id;
  DELETE FROM near_pending WHERE version_id = OLD.current_version_id;
END;
