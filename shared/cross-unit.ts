import { columnNumber } from './columns.js';
import { makeDiagnostic } from './diagnostics/make.js';
import { addDiagnostic } from './item-check.js';
import { nearDuplicateColumns } from './near-duplicate.js';
import type { CrossUnit, ItemReport, Place, SheetReport } from './schema/report.js';

/** The checked items, in columns (no object per item): each item's report, its sheet (an index into sheets), whether it is vague. */
export interface PlacedItems {
  reports: readonly ItemReport[];
  sheets: readonly SheetReport[];
  sheetOf: ArrayLike<number>;
  vague: ArrayLike<number>;
}

/**
 * Another unit's item stored earlier (on the server: a current version its index offered as a
 * candidate). It takes part in the search; it gets no diagnostic and is paired only with the
 * items being checked.
 */
export interface StoredCandidate {
  /** A stable id (the stored version's): among equally similar matches the lowest wins. */
  id: number;
  unit: string;
  /** The description as stored (raw). */
  text: string;
  file: string;
  sheet: string;
  row: number;
  key: string;
}

/**
 * Near-duplicates between units across every sheet checked together, and against the stored
 * candidates: a diagnostic on each checked item that has one (naming its best match), and each
 * pair once in the report's crossUnit list (the checked item first when the other is stored).
 */
export function crossUnitChecks(placed: PlacedItems, threshold: number, stored: readonly StoredCandidate[] = []): CrossUnit[] {
  const items = placed.reports;
  const others = [...stored].sort((x, y) => x.id - y.id);
  // Ids are places in items, then in others (sorted by their own ids, so ties go the same way).
  const count = items.length + others.length;
  const ids = new Float64Array(count);
  const units = new Array<string>(count);
  const texts = new Array<string>(count);
  searchColumns(items, others, ids, units, texts);
  const best = nearDuplicateColumns(ids, units, texts, threshold);
  const placeAt = (id: number): Place => (id < items.length ? placeOf(placed, id) : storedPlace(others[id - items.length]!));
  const pairs: CrossUnit[] = [];
  const seen = new Set<string>();
  for (const [id, match] of best) {
    if (id >= items.length) continue; // a stored item's own best match is not this check's to report
    const a = { report: items[id]!, sheet: placed.sheets[placed.sheetOf[id]!]! };
    const b = placeAt(match.other);
    const column = a.sheet.columns.description;
    const percent = Math.round(match.similarity * 100);
    addDiagnostic(a.report,
      makeDiagnostic(
        'near-duplicate',
        { file: a.sheet.file, sheet: a.sheet.sheet, row: a.report.row, column: column ? columnNumber(column) : undefined, field: 'description' },
        { otherUnit: b.unit, otherFile: b.file, otherSheet: b.sheet, otherRow: b.row, otherKey: b.key, similarity: round(match.similarity), percent },
      ),
    );
    const pairId = id < match.other ? `${id}:${match.other}` : `${match.other}:${id}`;
    if (seen.has(pairId)) continue;
    seen.add(pairId);
    const [first, second] = id < match.other ? [id, match.other] : [match.other, id];
    pairs.push({ code: 'near-duplicate', similarity: round(match.similarity), a: placeAt(first), b: placeAt(second) });
  }
  return pairs;
}

/**
 * The search's columns: ids are places in items, then in others. A function that ends with its
 * loop: a cold process compiles the loop while it runs, and code after it that has not run yet
 * would throw that compilation away (it did at every check).
 */
function searchColumns(items: readonly ItemReport[], others: readonly StoredCandidate[], ids: Float64Array, units: string[], texts: string[]): void {
  for (let i = 0; i < ids.length; i++) {
    ids[i] = i;
    const it = i < items.length ? items[i]! : undefined;
    units[i] = it ? it.unit : others[i - items.length]!.unit;
    texts[i] = it ? (it.fields.description ?? '') : others[i - items.length]!.text;
  }
}

function placeOf(placed: PlacedItems, id: number): Place {
  const it = { report: placed.reports[id]!, sheet: placed.sheets[placed.sheetOf[id]!]! };
  const place: Place = { file: it.sheet.file, sheet: it.sheet.sheet, row: it.report.row, unit: it.report.unit, key: it.report.key };
  if (it.sheet.columns.description) place.column = it.sheet.columns.description;
  return place;
}

function storedPlace(s: StoredCandidate): Place {
  return { file: s.file, sheet: s.sheet, row: s.row, unit: s.unit, key: s.key };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
