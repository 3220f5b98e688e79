import type { D1Database } from '@cloudflare/workers-types';
import { contentOf, type ReturnedItem } from '../../shared/index.js';
import { decodeItem, textsOf, VERSION_TEXTS } from './item-codec.js';
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
        `SELECT i.key, v.item, v.description, v.category, ${VERSION_TEXTS},
           (SELECT r.comment FROM reviews r WHERE r.item_key = i.key AND r.decision = 'return' ORDER BY r.id DESC LIMIT 1)
         FROM items i JOIN item_versions v ON v.id = i.current_version_id
         WHERE i.review_state = 'returned' AND i.key IN (SELECT value FROM json_each(?))`,
      )
      .bind(chunk)
      .raw<[string, string, string, string, string, string | null]>();
    for (const [key, item, description, category, texts, comment] of rows) {
      // Only the fields are read: file and sheet do not matter here.
      const fields = decodeItem(item, { key, description, category, sheet: '', file: '' }, textsOf(texts)).fields;
      out.set(key, { content: contentOf(fields), comment: comment ?? '' });
    }
  }
  return out;
}
