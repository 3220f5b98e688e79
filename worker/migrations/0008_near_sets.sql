-- Each indexed version's stored prefix in one row (issue 13): the probe's second check of a pair
-- (worker/db/near-probe.ts) read every survivor's prefix from near_postings, row by row (40,000
-- rows for a 60-row ledger in a county of 100,000 items) and grouped them in SQL; one row per
-- version, read by its key, lets the Worker check the pairs with shared/near-signature.ts.

-- prefix: a JSON array of the version's stored tokens (near_bigrams.seq); its positions are its
-- ranks by seq descending (the index order), whatever order the array holds them in.
CREATE TABLE near_sets (
  version_id INTEGER PRIMARY KEY,
  size INTEGER NOT NULL,
  prefix TEXT NOT NULL
);

INSERT INTO near_sets (version_id, size, prefix)
SELECT version_id, max(size), json_group_array(token)
FROM (SELECT version_id, size, token FROM near_postings ORDER BY version_id, pos)
GROUP BY version_id;

-- Like the postings (0007), the current versions' only: dropped when a version stops being current.
CREATE TRIGGER items_near_sets_replaced AFTER UPDATE OF current_version_id ON items
WHEN OLD.current_version_id IS NOT NEW.current_version_id
BEGIN
  DELETE FROM near_sets WHERE version_id = OLD.current_version_id;
END;
CREATE TRIGGER items_near_sets_dropped AFTER DELETE ON items
BEGIN
  DELETE FROM near_sets WHERE version_id = OLD.current_version_id;
END;
