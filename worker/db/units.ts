import type { D1Database } from '@cloudflare/workers-types';

export interface UnitRow {
  id: number;
  name: string;
}

export function findUnitByName(db: D1Database, name: string): Promise<UnitRow | null> {
  return db.prepare('SELECT id, name FROM units WHERE name = ?').bind(name).first<UnitRow>();
}

/** Every registered unit, in registration order (the order the county listed them). */
export async function listUnits(db: D1Database): Promise<UnitRow[]> {
  const { results } = await db.prepare('SELECT id, name FROM units ORDER BY id').all<UnitRow>();
  return results;
}
