import { columnNumber } from './columns.js';
import { makeDiagnostic } from './diagnostics/make.js';
import { findNearDuplicates } from './near-duplicate.js';
import type { CrossUnit, ItemReport, Place, SheetReport } from './schema/report.js';

export interface PlacedItem {
  report: ItemReport;
  vague: boolean;
  /** The description through compactText. */
  compact: string;
  sheet: SheetReport;
}

/**
 * Near-duplicates between units across every sheet checked together: a diagnostic on each item
 * that has one (naming its best match), and each pair once in the report's crossUnit list.
 */
export function crossUnitChecks(items: readonly PlacedItem[], threshold: number): CrossUnit[] {
  const entries = items.map((it, id) => ({ id, unit: it.report.unit, text: it.compact }));
  const best = findNearDuplicates(entries, threshold, { compacted: true });
  const pairs: CrossUnit[] = [];
  const seen = new Set<string>();
  for (const [id, match] of best) {
    const a = items[id]!;
    const b = items[match.other]!;
    const column = a.sheet.columns.description;
    const percent = Math.round(match.similarity * 100);
    a.report.diagnostics.push(
      makeDiagnostic(
        'near-duplicate',
        { file: a.sheet.file, sheet: a.sheet.sheet, row: a.report.row, column: column ? columnNumber(column) : undefined, field: 'description' },
        { otherUnit: b.report.unit, otherFile: b.sheet.file, otherSheet: b.sheet.sheet, otherRow: b.report.row, otherKey: b.report.key, similarity: round(match.similarity), percent },
      ),
    );
    const pairId = id < match.other ? `${id}:${match.other}` : `${match.other}:${id}`;
    if (seen.has(pairId)) continue;
    seen.add(pairId);
    const [first, second] = id < match.other ? [a, b] : [b, a];
    pairs.push({ code: 'near-duplicate', similarity: round(match.similarity), a: placeOf(first), b: placeOf(second) });
  }
  return pairs;
}

function placeOf(it: PlacedItem): Place {
  const place: Place = { file: it.sheet.file, sheet: it.sheet.sheet, row: it.report.row, unit: it.report.unit, key: it.report.key };
  if (it.sheet.columns.description) place.column = it.sheet.columns.description;
  return place;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
