import type { D1Database } from '@cloudflare/workers-types';
import type { ReviewDecision } from '../../shared/schema/api.js';
import { jsonChunks } from './json-chunks.js';

export type LatestComments = Map<string, { decision: ReviewDecision; comment: string }>;

/**
 * The county office's latest comment on an item (its key the SQL `key`), as SQL: the newest of
 * its decisions (交办, 退回完善, 销号, 回头看) that carries one, so the unit sees why without
 * reading history; json_array(decision, comment), or NULL. Walks the item's reviews newest first
 * (reviews_item), so a page's statement reads it per listed item (db/items.ts listedPageStatement).
 */
export const latestCommentOf = (key: string) => `(SELECT json_array(r.decision, r.comment) FROM reviews r
  WHERE r.item_key = ${key} AND r.decision IN ('assign', 'return', 'close_out', 'reopen') AND r.comment <> '' ORDER BY r.id DESC LIMIT 1)`;

/** A latestCommentOf value, read. */
export function commentOf(json: string): { decision: ReviewDecision; comment: string } {
  const [decision, comment] = JSON.parse(json) as [ReviewDecision, string];
  return { decision, comment };
}

/**
 * Each item's latest return (退回完善) comment decided by `asOf` (decisions count by their decidedOn,
 * SPEC 12.2), for a letter as of that date; latestCommentOf is today's, of any decision.
 */
export async function returnCommentsAsOf(db: D1Database, keys: readonly string[], asOf: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const chunk of jsonChunks(keys)) {
    const rows = await db.prepare(
      `SELECT item_key, comment FROM reviews WHERE item_key IN (SELECT value FROM json_each(?1)) AND decision = 'return' AND decided_on <= ?2
       ORDER BY item_key, decided_on, id`,
    ).bind(chunk, asOf).raw<[string, string]>();
    for (const [key, comment] of rows) out.set(key, comment); // the last, per key, wins
  }
  return out;
}
