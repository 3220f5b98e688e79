import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { insertedId } from './batch-after.js';

export interface RoundRow {
  id: number;
  title: string;
  held_on: string;
  created_at: string;
}

/** Opens a round; its id. `before`: statements to run first in the same batch (a keyed write's key, request-keys.ts). */
export async function insertRound(db: D1Database, r: { title: string; heldOn: string; tokenId: number; at: string }, before: readonly D1PreparedStatement[] = []): Promise<number> {
  return insertedId(db, before, db.prepare('INSERT INTO rounds (title, held_on, token_id, created_at) VALUES (?, ?, ?, ?) RETURNING id')
    .bind(r.title, r.heldOn, r.tokenId, r.at));
}

/** Rounds held on or before a date (all when none given), in the order they were held. */
export async function listRounds(db: D1Database, asOf?: string): Promise<RoundRow[]> {
  const { results } = await db
    .prepare('SELECT id, title, held_on, created_at FROM rounds WHERE ?1 IS NULL OR held_on <= ?1 ORDER BY held_on, id')
    .bind(asOf ?? null)
    .all<RoundRow>();
  return results;
}

/** A round by id, as a statement: a decision naming it reads it in its batch. */
export function findRoundStatement(db: D1Database, id: number): D1PreparedStatement {
  return db.prepare('SELECT id, title, held_on, created_at FROM rounds WHERE id = ?').bind(id);
}

/** Per round held by asOf: distinct items decided in it by asOf, and by decision. */
export async function roundCounts(db: D1Database, asOf: string): Promise<{ roundId: number; decision: string | null; items: number }[]> {
  const rows = await db
    .prepare(
      `SELECT ro.id, r.decision, COUNT(DISTINCT r.item_key) FROM rounds ro
       LEFT JOIN reviews r ON r.round_id = ro.id AND r.decided_on <= ?1
       WHERE ro.held_on <= ?1 GROUP BY ro.id, r.decision
       UNION ALL
       SELECT ro.id, '*', COUNT(DISTINCT r.item_key) FROM rounds ro
       JOIN reviews r ON r.round_id = ro.id AND r.decided_on <= ?1
       WHERE ro.held_on <= ?1 GROUP BY ro.id`,
    )
    .bind(asOf)
    .raw<[number, string | null, number]>();
  return rows.map(([roundId, decision, items]) => ({ roundId, decision, items }));
}
