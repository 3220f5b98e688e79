import type { D1Database } from '@cloudflare/workers-types';
import type { Deadline } from '../../shared/index.js';
import { staleUnitOfItem } from './unit-groups.js';

export interface Decision {
  key: string;
  decision: string;
  from: string;
  to: string;
  /** The version the decision was made on; a newer one meanwhile makes the write a no-op. */
  versionId: number;
  comment: string;
  tokenId: number;
  actor: string;
  at: string;
  on: string;
  round: number | null;
  /** For an assign of a relative deadline: the firm due date the core gave from the 交办 date. */
  firmDue?: string | undefined;
}

/**
 * Records a decision and moves the item's state in one batch. Both statements are conditioned
 * on the state and version read before, so a concurrent decision or submission turns this into
 * a no-op (returns false) instead of a lost update.
 */
export async function applyDecision(db: D1Database, d: Decision): Promise<boolean> {
  const [, update] = await db.batch([
    db.prepare(
      `INSERT INTO reviews (item_key, version_id, decision, from_state, to_state, comment, token_id, actor, decided_at, decided_on, round_id)
       SELECT key, current_version_id, ?2, review_state, ?3, ?4, ?5, ?6, ?7, ?8, ?11 FROM items
       WHERE key = ?1 AND review_state = ?9 AND current_version_id = ?10`,
    ).bind(d.key, d.decision, d.to, d.comment, d.tokenId, d.actor, d.at, d.on, d.from, d.versionId, d.round),
    // The first 交办 fixes the start of a relative deadline; its due date becomes firm.
    db.prepare(
      `UPDATE items SET review_state = ?2, review_since = ?3,
         assigned_on = CASE WHEN ?6 = 'assign' THEN COALESCE(assigned_on, ?3) ELSE assigned_on END,
         due = CASE WHEN ?6 = 'assign' AND assigned_on IS NULL AND ?7 IS NOT NULL THEN ?7 ELSE due END
       WHERE key = ?1 AND review_state = ?4 AND current_version_id = ?5 RETURNING key`,
    ).bind(d.key, d.to, d.on, d.from, d.versionId, d.decision, d.firmDue ?? null),
    staleUnitOfItem(db, d.key),
  ]);
  // The item's row returned: D1's `changes` counts what triggers on items wrote as well.
  return (update?.results.length ?? 0) === 1;
}


/** What a decision on a version is checked against: the day it was stored and its deadline as read. */
export async function versionFacts(db: D1Database, versionId: number): Promise<{ submittedOn: string; deadline: Deadline }> {
  const row = await db
    .prepare(`SELECT s.submitted_on, v.item ->> '$.deadline' AS deadline FROM item_versions v JOIN submissions s ON s.id = v.submission_id WHERE v.id = ?`)
    .bind(versionId)
    .first<{ submitted_on: string; deadline: string }>();
  return { submittedOn: row!.submitted_on, deadline: JSON.parse(row!.deadline) as Deadline };
}
