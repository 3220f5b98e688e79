-- The near-duplicate index, probed by position (issue 13): 0006's probe read every posting of a
-- prefix token within the size range (300,000 rows for a 60-row ledger in a county of 100,000
-- template-written items) and offered every stored set sharing two prefix tokens (31,000
-- candidates, 430 truly similar). Here each posting keeps its bigram's position in its set, so a
-- probe asks only the positions and sizes the pair's own overlap allows
-- (shared/near-signature.ts); tokens are the bigrams' seqs (integers compare and store smaller).

-- token: near_bigrams.seq; pos: 1-based position in the set under the index order (seq
-- descending). Keyed for the probe's lookups (token = ?, pos = ?, size BETWEEN ? AND ?); unit_id
-- rides in the key so an own-unit posting is rejected from the index entry alone.
CREATE TABLE near_postings_new (
  token INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  size INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  version_id INTEGER NOT NULL,
  PRIMARY KEY (token, pos, size, unit_id, version_id)
) WITHOUT ROWID;

-- A version's stored tokens are the first ones of its set by seq descending (0006 cut them so),
-- so their ranks there are their positions. Only current versions keep postings from now on.
INSERT INTO near_postings_new (token, pos, size, unit_id, version_id)
SELECT b.seq, row_number() OVER (PARTITION BY p.version_id ORDER BY b.seq DESC), p.size, p.unit_id, p.version_id
FROM near_postings p JOIN near_bigrams b ON b.bigram = p.token
WHERE p.version_id IN (SELECT current_version_id FROM items);

DROP TABLE near_postings;
ALTER TABLE near_postings_new RENAME TO near_postings;
-- To drop a version's postings when it stops being current.
CREATE INDEX near_postings_version ON near_postings (version_id);

-- Pending versions no longer current are never indexed (one becomes current again only by a
-- withdrawal, which queues it again below).
DELETE FROM near_pending WHERE version_id NOT IN (SELECT current_version_id FROM items);

-- Postings are the current versions' only, whatever path changes an item's current version: a
-- newer version (submissions), a withdrawal restoring an earlier one (queued again, so the next
-- submission indexes it), an item dropped by withdrawing its only version. (A migration that
-- rebuilds `items` must create these again.)
CREATE TRIGGER items_near_replaced AFTER UPDATE OF current_version_id ON items
WHEN OLD.current_version_id IS NOT NEW.current_version_id
BEGIN
  DELETE FROM near_postings WHERE version_id = OLD.current_version_id;
  DELETE FROM near_pending WHERE version_id = OLD.current_version_id;
  -- No OR IGNORE: inside a trigger the outer statement's conflict handling (an upsert's) wins.
  INSERT INTO near_pending (version_id) SELECT NEW.current_version_id
  WHERE NOT EXISTS (SELECT 1 FROM near_pending WHERE version_id = NEW.current_version_id)
    AND NOT EXISTS (SELECT 1 FROM near_postings WHERE version_id = NEW.current_version_id);
END;
CREATE TRIGGER items_near_dropped AFTER DELETE ON items
BEGIN
  DELETE FROM near_postings WHERE version_id = OLD.current_version_id;
  DELETE FROM near_pending WHERE version_id = OLD.current_version_id;
END;
