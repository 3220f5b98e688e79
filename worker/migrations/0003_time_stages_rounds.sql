-- Time, stages and rounds (SPEC 12.2, 12.3). Additive: existing rows keep working.

-- Rounds of consultation (会诊) the county office holds; decisions may name the round they were taken in.
CREATE TABLE rounds (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  held_on TEXT NOT NULL,
  token_id INTEGER NOT NULL REFERENCES tokens (id),
  created_at TEXT NOT NULL
);
ALTER TABLE reviews ADD COLUMN round_id INTEGER REFERENCES rounds (id);
CREATE INDEX reviews_round ON reviews (round_id);

-- The date the item was first assigned (交办): relative deadlines (30日内, 15个工作日内) count from it.
ALTER TABLE items ADD COLUMN assigned_on TEXT;
UPDATE items SET assigned_on =
  (SELECT MIN(r.decided_on) FROM reviews r WHERE r.item_key = items.key AND r.decision = 'assign');

-- Point-in-time views read decisions and submissions by their dates.
CREATE INDEX reviews_decided_on ON reviews (decided_on, item_key);
CREATE INDEX submissions_on ON submissions (submitted_on);
