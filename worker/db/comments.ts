import type { D1Database } from '@cloudflare/workers-types';
import type { ReviewDecision } from '../../shared/schema/api.js';
import { jsonChunks } from './json-chunks.js';

/**
 * The county office's latest comment on each of these items: the newest of its decisions
 * (交办, 退回完善, 销号, 回头看) that carries one, so the unit sees why without reading history.
 */
export async function latestComments(db: D1Database, keys: readonly string[]): Promise<Map<string, { decision: ReviewDecision; comment: string }>> {
  const out = new Map<string, { decision: ReviewDecision; comment: string }>();
  for (const chunk of jsonChunks(keys)) {
    const rows = await db
      .prepare(
        `SELECT r.item_key, r.decision, r.comment FROM reviews r
         WHERE r.id IN (SELECT MAX(x.id) FROM reviews x WHERE x.item_key IN (SELECT value FROM json_each(?))
           AND x.decision IN ('assign', 'return', 'close_out', 'reopen') AND x.comment <> '' GROUP BY x.item_key)`,
      )
      .bind(chunk)
      .raw<[string, ReviewDecision, string]>();
    for (const [key, decision, comment] of rows) out.set(key, { decision, comment });
  }
  return out;
}
