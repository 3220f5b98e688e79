import type { D1Database } from '@cloudflare/workers-types';
import { columnNumber, findNearDuplicates, type Campaign, type CrossUnit, type Report } from '../shared/index.js';
import { makeDiagnostic } from '../shared/diagnostics/make.js';
import type { NewPair, NewVersion } from './db/submissions.js';

interface OtherVersion {
  id: number;
  unit: string;
  key: string;
  file: string;
  sheet: string;
  row: number;
}

// Raw length ≥ 10 is necessary for a normalised length ≥ 10 (normalising only removes), so
// shorter descriptions are never loaded.
const OTHER_DESCRIPTIONS = `
SELECT v.id, u.name, v.description FROM items i
JOIN item_versions v ON v.id = i.current_version_id JOIN units u ON u.id = i.unit_id
WHERE i.unit_id <> ? AND length(v.description) >= 10`;

/**
 * Near-duplicates of a new submission's items among the other units' current items, by the
 * core's findNearDuplicates: each match becomes a near-duplicate diagnostic on the item and a
 * crossUnit pair in the report (as when the CLI checks the ledgers together), and a pair to store.
 */
export async function findStoredDuplicates(
  db: D1Database, unitId: number, report: Report, versions: readonly NewVersion[], campaign: Campaign,
): Promise<NewPair[]> {
  const others = await db.prepare(OTHER_DESCRIPTIONS).bind(unitId).raw<[number, string, string]>();
  if (others.length === 0) return [];
  const entries = [
    ...versions.map((v) => ({ id: -(v.ord + 1), unit: v.item.unit, text: v.item.fields.description ?? '' })),
    ...others.map(([id, unit, text]) => ({ id, unit, text })),
  ];
  const best = findNearDuplicates(entries, campaign.nearDuplicateThreshold);
  const pairs: NewPair[] = [];
  for (const v of versions) {
    const match = best.get(-(v.ord + 1));
    if (match && match.other > 0) pairs.push([v.ord, match.other, Math.round(match.similarity * 1000) / 1000]);
  }
  if (pairs.length === 0) return pairs;
  const placed = await placesOf(db, pairs.map((p) => p[1]));
  for (const [ord, otherId, similarity] of pairs) {
    const v = versions[ord]!;
    const other = placed.get(otherId)!;
    const sheet = report.sheets[v.sheetIndex]!;
    const column = sheet.columns.description;
    v.item.diagnostics.push(
      makeDiagnostic(
        'near-duplicate',
        { file: sheet.file, sheet: sheet.sheet, row: v.item.row, column: column ? columnNumber(column) : undefined, field: 'description' },
        { otherUnit: other.unit, otherFile: other.file, otherSheet: other.sheet, otherRow: other.row, otherKey: other.key, similarity, percent: Math.round(similarity * 100) },
      ),
    );
    const pair: CrossUnit = {
      code: 'near-duplicate',
      similarity,
      a: { file: sheet.file, sheet: sheet.sheet, row: v.item.row, unit: v.item.unit, key: v.item.key, ...(column ? { column } : {}) },
      b: { file: other.file, sheet: other.sheet, row: other.row, unit: other.unit, key: other.key },
    };
    report.crossUnit.push(pair);
  }
  return pairs;
}

async function placesOf(db: D1Database, ids: readonly number[]): Promise<Map<number, OtherVersion>> {
  const rows = await db
    .prepare(
      `SELECT v.id, u.name, v.item_key, s.file, v.sheet, v.row FROM item_versions v
       JOIN units u ON u.id = v.unit_id JOIN submissions s ON s.id = v.submission_id
       WHERE v.id IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify([...new Set(ids)]))
    .raw<[number, string, string, string, string, number]>();
  return new Map(rows.map(([id, unit, key, file, sheet, row]) => [id, { id, unit, key, file, sheet, row }]));
}
