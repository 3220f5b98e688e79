import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { targetOf } from './near-index.js';

// The lists (0017) hold no unit: the probe leaves out the submitting units' own versions by their
// ids, the targets of those units' current items (the index holds nothing else of theirs but
// tombstoned ids, which are no one's target: the candidates' read drops those). One row a unit,
// through the items' indexes led by unit_id. A posting of the recent table still carries its unit.
// Its cost is the submitting units' own items (what their submission replaces), never the county's.
const OWN = `
SELECT i.unit_id AS unit, group_concat(${targetOf('v')}) AS ids
FROM items i CROSS JOIN item_versions v ON v.id = i.current_version_id
WHERE i.unit_id IN (SELECT value FROM json_each(?1)) GROUP BY i.unit_id`;

/** The statement reading `units`' own targets (for a batch). */
export function ownStatement(db: D1Database, units: readonly number[]): D1PreparedStatement {
  return db.prepare(OWN).bind(JSON.stringify([...new Set(units)]));
}

/** Each unit's own targets, from the statement's rows. */
export function ownTargets(rows: readonly { unit: number; ids: string | null }[]): Map<number, Set<number>> {
  return new Map(rows.map((r) => [r.unit, new Set(r.ids ? r.ids.split(',').map(Number) : [])]));
}

/** The statement, for the test that holds its query plan. */
export const NEAR_OWN_SQL = { OWN } as const;
