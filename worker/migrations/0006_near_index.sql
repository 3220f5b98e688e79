-- A persisted near-duplicate index (SPEC 5, issue 13): a submission probes it for the other
-- units' items that may be similar to its own, instead of loading every stored description.
-- Exact: a candidate filter that never misses; the core then computes the similarities.

-- Every bigram ever indexed gets the next `seq` when first stored, never changed afterwards: the
-- index order is seq descending (newest first, so the common bigrams, seen early, come last).
-- That order, restricted to any stored set, never changes, so stored prefixes stay valid.
CREATE TABLE near_bigrams (
  bigram TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE
) WITHOUT ROWID;

-- For each indexed version with a comparable description: the first bigrams of its set under
-- the order (its prefix, near-signature.ts), with its set size and unit for the probe's filters.
-- Keyed by version, so never updated: a version no longer current stays here and is dropped by
-- the probe's join on items.current_version_id (a withdrawal or a newer version needs nothing).
CREATE TABLE near_postings (
  token TEXT NOT NULL,
  size INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  version_id INTEGER NOT NULL,
  PRIMARY KEY (token, size, version_id)
) WITHOUT ROWID;

-- Versions not indexed yet: every version stored before this migration, and every new one
-- until the batch that stores it indexes it (the trigger puts it here, whatever stores it). A
-- current version still here is a candidate of every submission (loaded directly) until a
-- submission indexes it, a bounded number at a time.
CREATE TABLE near_pending (version_id INTEGER PRIMARY KEY);
INSERT INTO near_pending (version_id) SELECT id FROM item_versions;
CREATE TRIGGER item_versions_near_pending AFTER INSERT ON item_versions
BEGIN
  INSERT INTO near_pending (version_id) VALUES (NEW.id);
END;

-- The lowest similarity threshold prefixes were cut for: a longer prefix serves any higher
-- threshold; a campaign with a lower one puts every version back to pending.
CREATE TABLE near_index (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  threshold REAL NOT NULL
);
