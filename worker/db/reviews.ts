import type { D1Database } from '@cloudflare/workers-types';

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
}

/**
 * Records a decision and moves the item's state in one batch. Both statements are conditioned
 * on the state and version read before, so a concurrent decision or submission turns this into
 * a no-op (returns false) instead of a lost update.
 */
export async function applyDecision(db: D1Database, d: Decision): Promise<boolean> {
  const [, update] = await db.batch([
    db.prepare(
      `INSERT INTO reviews (item_key, version_id, decision, from_state, to_state, comment, token_id, actor, decided_at, decided_on)
       SELECT key, current_version_id, ?2, review_state, ?3, ?4, ?5, ?6, ?7, ?8 FROM items
       WHERE key = ?1 AND review_state = ?9 AND current_version_id = ?10`,
    ).bind(d.key, d.decision, d.to, d.comment, d.tokenId, d.actor, d.at, d.on, d.from, d.versionId),
    db.prepare(
      `UPDATE items SET review_state = ?2, review_since = ?3 WHERE key = ?1 AND review_state = ?4 AND current_version_id = ?5`,
    ).bind(d.key, d.to, d.on, d.from, d.versionId),
  ]);
  return (update?.meta.changes ?? 0) === 1;
}

