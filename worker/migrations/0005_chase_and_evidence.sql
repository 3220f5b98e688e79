-- Chasing and evidence (SPEC 12.4): how a notice went out, the units' group robots, each delivery
-- attempt with the robot's answer, and evidence files (佐证材料) kept in R2.

-- How a notice or reminder reached the unit. Rows logged before this migration were documents.
ALTER TABLE notices ADD COLUMN channel TEXT NOT NULL DEFAULT 'document'
  CHECK (channel IN ('document', 'phone', 'dingtalk', 'wecom', 'sms', 'in-person'));
-- For notices sent through a group robot: the text posted, and where delivery stands
-- ('delivered' or 'failed'; NULL for notices only logged). A failed one is retried, never dropped.
ALTER TABLE notices ADD COLUMN message TEXT;
ALTER TABLE notices ADD COLUMN delivery TEXT CHECK (delivery IN ('delivered', 'failed'));

-- A unit's group robot (DingTalk or WeCom): set only by the admin command, read only by the
-- sender. No API answer ever includes a webhook or secret.
CREATE TABLE unit_robots (
  unit_id INTEGER PRIMARY KEY REFERENCES units (id),
  kind TEXT NOT NULL CHECK (kind IN ('dingtalk', 'wecom')),
  webhook TEXT NOT NULL,
  secret TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Every attempt to deliver a notice and what the robot answered (errcode/errmsg, or why the
-- request itself failed).
CREATE TABLE notice_deliveries (
  id INTEGER PRIMARY KEY,
  notice_id INTEGER NOT NULL REFERENCES notices (id),
  attempted_at TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed')),
  http_status INTEGER,
  errcode INTEGER,
  errmsg TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notice_deliveries_notice ON notice_deliveries (notice_id, id);
CREATE INDEX notices_failed ON notices (delivery) WHERE delivery = 'failed';

-- Evidence files of an item: the bytes live in R2 under r2_key; this row is the listing.
CREATE TABLE evidence (
  id TEXT PRIMARY KEY,
  item_key TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units (id),
  r2_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  token_id INTEGER NOT NULL REFERENCES tokens (id),
  uploaded_at TEXT NOT NULL,
  uploaded_on TEXT NOT NULL
);
CREATE INDEX evidence_item ON evidence (item_key, uploaded_at);
