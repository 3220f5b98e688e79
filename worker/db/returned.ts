import type { D1Database } from '@cloudflare/workers-types';
import { contentOf, type ItemReport, type ReturnedItem } from '../../shared/index.js';
import { jsonChunks } from './json-chunks.js';

/**
 * Of these keys, the items the office returned (退回完善): their current version's content and
 * the office's return comment, the input the core needs to tell `returned-unchanged`.
 */
export async function returnedItems(db: D1Database, keys: readonly string[]): Promise<Map<string, ReturnedItem>> {
  const out = new Map<string, ReturnedItem>();
  for (const chunk of jsonChunks(keys)) {
    const rows = await db
      .prepare(
        `SELECT i.key, v.item,
           (SELECT r.comment FROM reviews r WHERE r.item_key = i.key AND r.decision = 'return' ORDER BY r.id DESC LIMIT 1)
         FROM items i JOIN item_versions v ON v.id = i.current_version_id
         WHERE i.review_state = 'returned' AND i.key IN (SELECT value FROM json_each(?))`,
      )
      .bind(chunk)
      .raw<[string, string, string | null]>();
    for (const [key, item, comment] of rows) {
      out.set(key, { content: contentOf((JSON.parse(item) as ItemReport).fields), comment: comment ?? '' });
    }
  }
  return out;
}
