import type { D1Database, D1PreparedStatement, D1Result } from '@cloudflare/workers-types';
import type { EvidenceInfo } from '../../shared/schema/chase.js';
import { batchAfter } from './batch-after.js';

/** The listing of evidence files (bytes in R2, see routes/evidence). */

export interface EvidenceRow extends EvidenceInfo {
  unitId: number;
  r2Key: string;
}

const COLUMNS = 'id, item_key AS itemKey, unit_id AS unitId, r2_key AS r2Key, name, type, size, sha256, uploaded_at AS uploadedAt, uploaded_on AS uploadedOn';

/** Records a stored file; answers how many files its item holds now (in the same round trip). `before`: statements to run first in the same batch (a keyed write's key, request-keys.ts). */
export async function insertEvidence(db: D1Database, e: EvidenceRow & { tokenId: number }, before: readonly D1PreparedStatement[] = []): Promise<number> {
  const [, counted] = await batchAfter(db, before, [
    db.prepare('INSERT INTO evidence (id, item_key, unit_id, r2_key, name, type, size, sha256, token_id, uploaded_at, uploaded_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .bind(e.id, e.itemKey, e.unitId, e.r2Key, e.name, e.type, e.size, e.sha256, e.tokenId, e.uploadedAt, e.uploadedOn),
    db.prepare('SELECT COUNT(*) AS n FROM evidence WHERE item_key = ?').bind(e.itemKey),
  ]);
  return (counted!.results[0] as { n: number }).n;
}

/** An item's evidence files, oldest first. */
export function evidenceStatement(db: D1Database, itemKey: string): D1PreparedStatement {
  return db.prepare(`SELECT ${COLUMNS} FROM evidence WHERE item_key = ? ORDER BY uploaded_at, id`).bind(itemKey);
}

/** evidenceStatement's rows, as listed (where in R2 and whose unit left out). */
export const evidenceOf = (result: D1Result<unknown>): EvidenceInfo[] => (result.results as EvidenceRow[]).map(({ unitId: _u, r2Key: _k, ...info }) => info);

/** One evidence file's row (where in R2 included), as a statement: a download reads it with the item. */
export function findEvidenceStatement(db: D1Database, itemKey: string, id: string): D1PreparedStatement {
  return db.prepare(`SELECT ${COLUMNS} FROM evidence WHERE item_key = ? AND id = ?`).bind(itemKey, id);
}

/** How many evidence files an item holds, as a statement (its first row's `n`): a decision reads it in its batch. */
export function countEvidenceStatement(db: D1Database, itemKey: string): D1PreparedStatement {
  return db.prepare('SELECT COUNT(*) AS n FROM evidence WHERE item_key = ?').bind(itemKey);
}

/** Evidence files per item of a unit (the add-in's computed column). */
export async function evidenceCounts(db: D1Database, unitId: number | undefined): Promise<Record<string, number>> {
  const rows = await db
    .prepare('SELECT item_key, COUNT(*) FROM evidence WHERE ?1 IS NULL OR unit_id = ?1 GROUP BY item_key')
    .bind(unitId ?? null)
    .raw<[string, number]>();
  return Object.fromEntries(rows);
}
