import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { insertedId } from './batch-after.js';

/** The county office's log: notices and reminders sent (工作提示/催办), interviews held (约谈). */

export interface NoticeRow {
  id: number;
  unit: string;
  kind: 'notice' | 'reminder';
  channel: string;
  delivery: 'delivered' | 'failed' | null;
  sent_on: string;
  item_keys: string;
  note: string;
  created_at: string;
}

export interface InterviewRow {
  id: number;
  unit: string;
  held_on: string;
  people: number;
  note: string;
  created_at: string;
}

/** Logs a notice; its id. `before`: statements to run first in the same batch (a keyed write's key, request-keys.ts). */
export async function insertNotice(
  db: D1Database, n: { unitId: number; kind: string; channel: string; sentOn: string; itemKeys: string[]; note: string; tokenId: number; at: string },
  before: readonly D1PreparedStatement[] = [],
): Promise<number> {
  return insertedId(db, before, db
    .prepare(
      `INSERT INTO notices (unit_id, kind, channel, sent_on, item_keys, note, token_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .bind(n.unitId, n.kind, n.channel, n.sentOn, JSON.stringify(n.itemKeys), n.note, n.tokenId, n.at));
}

/** Logs an interview; its id. `before`: statements to run first in the same batch (a keyed write's key, request-keys.ts). */
export async function insertInterview(
  db: D1Database, i: { unitId: number; heldOn: string; people: number; note: string; tokenId: number; at: string },
  before: readonly D1PreparedStatement[] = [],
): Promise<number> {
  return insertedId(db, before, db
    .prepare('INSERT INTO interviews (unit_id, held_on, people, note, token_id, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id')
    .bind(i.unitId, i.heldOn, i.people, i.note, i.tokenId, i.at));
}

export async function listNotices(db: D1Database, unitId?: number): Promise<NoticeRow[]> {
  const { results } = await db
    .prepare(
      `SELECT n.id, u.name AS unit, n.kind, n.channel, n.delivery, n.sent_on, n.item_keys, n.note, n.created_at FROM notices n
       JOIN units u ON u.id = n.unit_id WHERE ?1 IS NULL OR n.unit_id = ?1 ORDER BY n.sent_on, n.id`,
    )
    .bind(unitId ?? null)
    .all<NoticeRow>();
  return results;
}

export async function listInterviews(db: D1Database, unitId?: number): Promise<InterviewRow[]> {
  const { results } = await db
    .prepare(
      `SELECT i.id, u.name AS unit, i.held_on, i.people, i.note, i.created_at FROM interviews i
       JOIN units u ON u.id = i.unit_id WHERE ?1 IS NULL OR i.unit_id = ?1 ORDER BY i.held_on, i.id`,
    )
    .bind(unitId ?? null)
    .all<InterviewRow>();
  return results;
}

/** Items of these keys that belong to the unit (a notice may only name the unit's own items). */
export async function countUnitItems(db: D1Database, unitId: number, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const n = await db
    .prepare('SELECT COUNT(*) AS n FROM items WHERE unit_id = ? AND key IN (SELECT DISTINCT value FROM json_each(?))')
    .bind(unitId, JSON.stringify(keys))
    .first<number>('n');
  return n ?? 0;
}
