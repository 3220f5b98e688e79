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

/** The latest comments on these items (every chunk in one batch). */
export async function latestComments(db: D1Database, keys: readonly string[]): Promise<LatestComments> {
  const out: LatestComments = new Map();
  const chunks = jsonChunks(keys);
  if (chunks.length === 0) return out;
  const read = await db.batch<{ key: string; remark: string | null }>(
    chunks.map((c) => db.prepare(`SELECT value AS key, ${latestCommentOf('value')} AS remark FROM json_each(?)`).bind(c)),
  );
  for (const r of read) for (const { key, remark } of r.results) if (remark !== null) out.set(key, commentOf(remark));
  return out;
}
