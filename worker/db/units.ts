import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';

export interface UnitRow {
  id: number;
  name: string;
}

export function findUnitByName(db: D1Database, name: string): Promise<UnitRow | null> {
  return unitByNameStatement(db, name).first<UnitRow>();
}

/** The statement findUnitByName runs (a view's reads put it in the token's batch: routes/view-reads.ts). */
export const unitByNameStatement = (db: D1Database, name: string): D1PreparedStatement => db.prepare('SELECT id, name FROM units WHERE name = ?').bind(name);

/** Every registered unit, in registration order (the order the county listed them). */
export async function listUnits(db: D1Database): Promise<UnitRow[]> {
  const { results } = await db.prepare('SELECT id, name FROM units ORDER BY id').all<UnitRow>();
  return results;
}
