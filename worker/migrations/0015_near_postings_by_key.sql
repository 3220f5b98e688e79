-- A version's postings dropped by their keys, not through an index by version (issue 13, "store a
-- 10,000-row submission in under 1 s" with its index writes): near_postings_version (0007) made
-- each posting a second B-tree entry, and a 10,000-row submission writes ~83,000 postings: the
-- postings statement took 242-260 ms with that index against 161-205 ms without (bench store
-- phase, interleaved). Its only readers were 0007's and 0012's triggers. Every version with
-- postings has its near_sets row (0008), whose prefix holds the tokens its postings hold and whose
-- size is theirs: a posting's key is (token, its place in the prefix, size, the version's unit, the
-- version), so the triggers delete by that key (a seek each), then the near_sets row. (The two
-- triggers repeat the same statements: SQLite has no procedure they could share.)

-- A posting's pos is its token's place in the prefix array: the Worker writes both from the same
-- array, in the index order (near-index.ts). Prefixes 0008 gathered from 0007's postings may hold
-- their tokens in another order (near-pair-check.ts reads any); they are put in the index order
-- here, which is their positions (0007 numbered them by seq descending). The rank computed in the
-- triggers instead made a 10,000-row resubmission's upsert take 793 ms against 367 ms.
UPDATE near_sets SET prefix = (SELECT json_group_array(value ORDER BY value DESC) FROM json_each(near_sets.prefix))
WHERE EXISTS (SELECT 1 FROM json_each(near_sets.prefix) a CROSS JOIN json_each(near_sets.prefix) b WHERE a.key < b.key AND a.value < b.value);

-- First the prefixes (above: SQLite 3.44's aggregate ORDER BY; where it is missing this first
-- statement fails and nothing of 0015 is applied), then the index.
DROP INDEX near_postings_version;

-- One trigger per event does it all, the near_sets row last (the postings' keys are read from
-- it); 0008's triggers, which deleted that row on their own, are dropped. The recent table (0012)
-- stays small, so its index by version stays. A version made current again is queued unless
-- indexed, which its near_sets row now says (postings and near_sets row are written in one batch).
DROP TRIGGER items_near_sets_replaced;
DROP TRIGGER items_near_sets_dropped;
DROP TRIGGER items_near_replaced;
CREATE TRIGGER items_near_replaced AFTER UPDATE OF current_version_id ON items
WHEN OLD.current_version_id IS NOT NEW.current_version_id
BEGIN
  DELETE FROM near_postings WHERE (token, pos, size, unit_id, version_id) IN (
    SELECT t.value, t.key + 1, s.size, v.unit_id, s.version_id
    FROM near_sets s CROSS JOIN item_versions v ON v.id = s.version_id CROSS JOIN json_each(s.prefix) t
    WHERE s.version_id = OLD.current_version_id);
  DELETE FROM near_postings_recent WHERE version_id = OLD.current_version_id;
  DELETE FROM near_sets WHERE version_id = OLD.current_version_id;
  DELETE FROM near_pending WHERE version_id = OLD.current_version_id;
  -- No OR IGNORE: inside a trigger the outer statement's conflict handling (an upsert's) wins.
  INSERT INTO near_pending (version_id) SELECT NEW.current_version_id
  WHERE NOT EXISTS (SELECT 1 FROM near_pending WHERE version_id = NEW.current_version_id)
    AND NOT EXISTS (SELECT 1 FROM near_sets WHERE version_id = NEW.current_version_id);
END;
DROP TRIGGER items_near_dropped;
CREATE TRIGGER items_near_dropped AFTER DELETE ON items
BEGIN
  DELETE FROM near_postings WHERE (token, pos, size, unit_id, version_id) IN (
    SELECT t.value, t.key + 1, s.size, v.unit_id, s.version_id
    FROM near_sets s CROSS JOIN item_versions v ON v.id = s.version_id CROSS JOIN json_each(s.prefix) t
    WHERE s.version_id = OLD.current_version_id);
  DELETE FROM near_postings_recent WHERE version_id = OLD.current_version_id;
  DELETE FROM near_sets WHERE version_id = OLD.current_version_id;
  DELETE FROM near_pending WHERE version_id = OLD.current_version_id;
END;
