import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import type { Delivery } from '../../shared/schema/chase.js';
import type { RobotConfig } from '../robots/config.js';
import { insertedId } from './batch-after.js';

/** Robot notices (SPEC 12.4 delivery): the unit's robot, the notice's text and every attempt. */

export async function robotOf(db: D1Database, unitId: number): Promise<RobotConfig | null> {
  return db.prepare('SELECT kind, webhook, secret FROM unit_robots WHERE unit_id = ?').bind(unitId).first<RobotConfig>();
}

/** Sets (or replaces) a unit's robot: what the admin command runs, as SQL, against D1. */
export function setRobotSql(unitName: string, r: RobotConfig, literal: (s: string | null) => string): string {
  return `INSERT OR IGNORE INTO units (name) VALUES (${literal(unitName)});
INSERT INTO unit_robots (unit_id, kind, webhook, secret) SELECT id, ${literal(r.kind)}, ${literal(r.webhook)}, ${literal(r.secret)} FROM units WHERE name = ${literal(unitName)}
  ON CONFLICT (unit_id) DO UPDATE SET kind = excluded.kind, webhook = excluded.webhook, secret = excluded.secret, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');`;
}

export interface RobotNotice {
  id: number;
  unitId: number;
  unit: string;
  kind: 'notice' | 'reminder';
  channel: string;
  sentOn: string;
  delivery: 'delivered' | 'failed' | null;
  message: { title: string; markdown: string } | null;
}

/**
 * A robot notice starts out failed (no answer yet): if the Worker stops mid-send, the cron retries
 * it. `before`: statements to run first in the same batch (a keyed write's key, request-keys.ts).
 */
export async function insertRobotNotice(
  db: D1Database,
  n: { unitId: number; kind: string; channel: string; sentOn: string; itemKeys: string[]; message: { title: string; markdown: string }; tokenId: number; at: string },
  before: readonly D1PreparedStatement[] = [],
): Promise<number> {
  return insertedId(db, before, db
    .prepare(
      `INSERT INTO notices (unit_id, kind, sent_on, item_keys, note, token_id, created_at, channel, message, delivery)
       VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, 'failed') RETURNING id`,
    )
    .bind(n.unitId, n.kind, n.sentOn, JSON.stringify(n.itemKeys), n.tokenId, n.at, n.channel, JSON.stringify(n.message)));
}

/** Logs an attempt; a delivered one marks the notice delivered and sent that day. */
export async function recordDelivery(db: D1Database, noticeId: number, d: Delivery, on: string): Promise<void> {
  await db.batch([
    db.prepare('INSERT INTO notice_deliveries (notice_id, attempted_at, outcome, http_status, errcode, errmsg) VALUES (?, ?, ?, ?, ?, ?)')
      .bind(noticeId, d.at, d.outcome, d.httpStatus, d.errcode, d.errmsg),
    d.outcome === 'delivered'
      ? db.prepare("UPDATE notices SET delivery = 'delivered', sent_on = ? WHERE id = ?").bind(on, noticeId)
      : db.prepare("UPDATE notices SET delivery = 'failed' WHERE id = ?").bind(noticeId),
  ]);
}

export async function findRobotNotice(db: D1Database, id: number): Promise<RobotNotice | null> {
  const r = await db
    .prepare(
      `SELECT n.id, n.unit_id, u.name AS unit, n.kind, n.channel, n.sent_on, n.delivery, n.message FROM notices n
       JOIN units u ON u.id = n.unit_id WHERE n.id = ?`,
    )
    .bind(id)
    .first<{ id: number; unit_id: number; unit: string; kind: RobotNotice['kind']; channel: string; sent_on: string; delivery: RobotNotice['delivery']; message: string | null }>();
  return r && {
    id: r.id, unitId: r.unit_id, unit: r.unit, kind: r.kind, channel: r.channel, sentOn: r.sent_on, delivery: r.delivery,
    message: r.message ? (JSON.parse(r.message) as RobotNotice['message']) : null,
  };
}

export async function deliveriesOf(db: D1Database, noticeId: number): Promise<Delivery[]> {
  const { results } = await db
    .prepare('SELECT outcome, attempted_at AS at, http_status AS httpStatus, errcode, errmsg FROM notice_deliveries WHERE notice_id = ? ORDER BY id')
    .bind(noticeId)
    .all<Delivery>();
  return results;
}

/** Failed robot notices, oldest first (the cron retries these). */
export async function failedNoticeIds(db: D1Database, limit: number): Promise<number[]> {
  const rows = await db.prepare("SELECT id FROM notices WHERE delivery = 'failed' ORDER BY id LIMIT ?").bind(limit).raw<[number]>();
  return rows.map(([id]) => id);
}
