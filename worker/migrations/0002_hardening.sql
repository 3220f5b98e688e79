-- Hardening (issue 10): item ownership enforced by the database, token expiry and last use,
-- and the per-deployment secret item keys are derived with.

-- An item key belongs to the unit that first stored it. Checked inside the write batch itself,
-- so no interleaving of two units' submissions can give a unit's item another unit's version:
-- the offending batch fails whole (the Worker answers 409 item-owned-by-other-unit).
CREATE TRIGGER item_versions_one_unit BEFORE INSERT ON item_versions
-- (A batch writes its versions and then their items together, so `items` knows every stored key.)
WHEN EXISTS (SELECT 1 FROM items WHERE key = NEW.item_key AND unit_id <> NEW.unit_id)
BEGIN
  SELECT RAISE(ABORT, 'item-owned-by-other-unit');
END;

CREATE TRIGGER items_one_unit BEFORE UPDATE OF unit_id, current_version_id ON items
WHEN NEW.unit_id <> OLD.unit_id
  OR (SELECT unit_id FROM item_versions WHERE id = NEW.current_version_id) IS NOT OLD.unit_id
BEGIN
  SELECT RAISE(ABORT, 'item-owned-by-other-unit');
END;

-- The last county date a token works (NULL: no expiry), and when it was last used (kept to the hour).
ALTER TABLE tokens ADD COLUMN expires_on TEXT;
ALTER TABLE tokens ADD COLUMN last_used_at TEXT;

-- Secrets made on first use, e.g. the item-key secret when no KEY_SECRET is configured.
CREATE TABLE deployment_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
