import type { D1Database } from '@cloudflare/workers-types';
import type { Principal } from './env.js';
import { ApiError } from './errors.js';
import { readableItem } from './access.js';
import { findPastItem, type ItemRow } from './db/items.js';

/**
 * The item whose history is asked for: a current one, or one whose every version was withdrawn
 * (`current_version_id` 0), under the same access rule (another unit's reads as not found).
 * `read`: the current item's row, already read by key (null: none).
 */
export async function historyItem(db: D1Database, principal: Principal, key: string, read?: { row: ItemRow | null }): Promise<ItemRow> {
  try {
    return await readableItem(db, principal, key, read);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    const past = await findPastItem(db, key);
    if (!past || (principal.role === 'unit' && past.unit_id !== principal.unitId)) throw err;
    return past;
  }
}
