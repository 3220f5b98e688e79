import type { D1Database, D1PreparedStatement, D1Result } from '@cloudflare/workers-types';
import type { Principal } from './env.js';
import { ApiError } from './errors.js';
import { findItem, findItemStatement, type ItemRow } from './db/items.js';
import { findUnitByName, type UnitRow } from './db/units.js';

/**
 * The item, if this token may read it. Another unit's item reads as not found, the same as a
 * key that does not exist, so a unit token cannot probe which keys other units have.
 */
export async function readableItem(db: D1Database, principal: Principal, key: string, read?: { row: ItemRow | null }): Promise<ItemRow> {
  const item = read ? read.row : await findItem(db, key);
  if (!item || (principal.role === 'unit' && item.unit_id !== principal.unitId)) {
    throw new ApiError('item-not-found', `事项编号 ${key.slice(0, 100)} (no item with this key)`);
  }
  return item;
}

/**
 * readableItem with more reads of the same key in its batch (one round trip where the item's read
 * and theirs were two in turn): the item, and their results once the token may read it. Another
 * unit's rows are read with it and never answered.
 */
export async function readableItemWith(db: D1Database, principal: Principal, key: string, more: readonly D1PreparedStatement[]): Promise<[ItemRow, D1Result<unknown>[]]> {
  const [read, results] = await itemWith(db, key, more);
  return [await readableItem(db, principal, key, read), results];
}

/** The item's row by key (null: none) and more reads in the same batch, before any access rule. */
export async function itemWith(db: D1Database, key: string, more: readonly D1PreparedStatement[]): Promise<[{ row: ItemRow | null }, D1Result<unknown>[]]> {
  const [found, ...results] = await db.batch<unknown>([findItemStatement(db, key), ...more]);
  return [{ row: (found!.results[0] as ItemRow | undefined) ?? null }, results];
}

/**
 * The unit a read is limited to: a unit token's own (naming another is 403); for a county
 * token the unit named, if any (an unregistered name is 404).
 */
export async function unitScope(db: D1Database, principal: Principal, unit: string | undefined, known?: { name: string; row: UnitRow | null }): Promise<number | undefined> {
  if (principal.role === 'unit') {
    if (unit !== undefined && unit !== principal.unitName) throw new ApiError('forbidden', `该令牌只能查看${principal.unitName}的事项 (this token reads ${principal.unitName} only)`);
    return principal.unitId;
  }
  if (unit === undefined) return undefined;
  // `known`: the unit read already under this name (routes/view-reads.ts).
  const row = known?.name === unit ? known.row : await findUnitByName(db, unit);
  if (!row) throw new ApiError('unit-not-found', `“${unit.slice(0, 100)}” (no registered unit by this name)`);
  return row.id;
}
