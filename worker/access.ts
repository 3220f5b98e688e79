import type { D1Database } from '@cloudflare/workers-types';
import type { Principal } from './env.js';
import { ApiError } from './errors.js';
import { findItem, type ItemRow } from './db/items.js';
import { findUnitByName, type UnitRow } from './db/units.js';

/**
 * The item, if this token may read it. Another unit's item reads as not found, the same as a
 * key that does not exist, so a unit token cannot probe which keys other units have.
 */
export async function readableItem(db: D1Database, principal: Principal, key: string, read?: { row: ItemRow | null }): Promise<ItemRow> {
  const item = read ? read.row : await findItem(db, key);
  if (!item || (principal.role === 'unit' && item.unit_id !== principal.unitId)) {
    throw new ApiError('item-not-found', `no item with key ${key.slice(0, 100)}`);
  }
  return item;
}

/**
 * The unit a read is limited to: a unit token's own (naming another is 403); for a county
 * token the unit named, if any (an unregistered name is 404).
 */
export async function unitScope(db: D1Database, principal: Principal, unit: string | undefined, known?: { name: string; row: UnitRow | null }): Promise<number | undefined> {
  if (principal.role === 'unit') {
    if (unit !== undefined && unit !== principal.unitName) throw new ApiError('forbidden', `this token reads ${principal.unitName} only`);
    return principal.unitId;
  }
  if (unit === undefined) return undefined;
  // `known`: the unit read already under this name (routes/view-reads.ts).
  const row = known?.name === unit ? known.row : await findUnitByName(db, unit);
  if (!row) throw new ApiError('unit-not-found', `no registered unit ${unit.slice(0, 100)}`);
  return row.id;
}
