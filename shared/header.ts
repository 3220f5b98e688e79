import { enrichmentIdOf, type EnrichmentId } from './enrichment.js';
import { matchHeader, type HeaderMatch } from './header-match.js';
import type { Field } from './schema/report.js';
import type { SheetView } from './sheet-view.js';
import { normaliseHeader } from './text.js';

/** How many non-blank rows from the top are searched for the header (SPEC: the first 30). */
export const HEADER_SCAN_ROWS = 30;

export interface HeaderLayout {
  headerRows: number[];
  firstDataRow: number;
  /** The column each recognised field is read from. */
  columns: Map<Field, number>;
  /** Fields that more than one visible column claims, with all of those columns. */
  ambiguous: { field: Field; columns: number[] }[];
  enrichment: Map<EnrichmentId, number>;
  /** The last column that belongs to the ledger itself (not to the enrichment). */
  lastColumn: number;
}

interface Candidate {
  rows: number[];
  labels: Map<number, string>;
  fields: Map<Field, { column: number; match: HeaderMatch }[]>;
  score: number;
}

/**
 * Whether a sheet holds a ledger, as checkWorkbooks decides it (a header found), without reading
 * a single item: what the add-in needs before it sends a sheet the server checks anyway.
 * @example holdsLedger(new SheetView(grid)) // true
 */
export function holdsLedger(view: SheetView): boolean {
  return detectHeader(view) !== null;
}

/**
 * Finds the ledger header: the row, or pair of rows (a merged group cell such as 整改责任 over
 * 责任领导 / 责任人), whose labels best match the field aliases. Blank rows do not count
 * towards the 30 searched, so padding above a ledger does not hide it.
 */
export function detectHeader(view: SheetView): HeaderLayout | null {
  const rows = scanRows(view);
  const merged = mergedLabels(view, rows);
  let best: Candidate | null = null;
  const singles = new Map<number, Candidate>();
  const single = (r: number) => {
    let c = singles.get(r);
    if (!c) singles.set(r, (c = candidate(view, [r], labelsOf(view, r, merged))));
    return c;
  };
  for (const r of rows) {
    const one = single(r);
    if (isLedger(one) && (!best || one.score > best.score)) best = one;
    const pair = pairCandidate(view, r, merged);
    if (!pair || !isLedger(pair.candidate)) continue;
    // Rows joined by a merge are one header even when the lower row alone reads as well; rows
    // that merely sit together must read better as a pair than the lower row does alone.
    const lowerAlone = single(r + 1).score;
    const better = pair.byMerge ? pair.candidate.score >= lowerAlone : pair.candidate.score > lowerAlone;
    if (better && (!best || pair.candidate.score >= best.score)) best = pair.candidate;
  }
  return best ? layoutOf(view, best) : null;
}

function scanRows(view: SheetView): number[] {
  const rows: number[] = [];
  for (let r = view.top; r <= view.bottom && rows.length < HEADER_SCAN_ROWS; r++) {
    for (let c = view.left; c <= view.right; c++) {
      if (view.text(r, c) !== '') {
        rows.push(r);
        break;
      }
    }
  }
  return rows;
}

type MergedLabels = Map<number, { left: number; right: number; top: number; text: string }[]>;

/** For the scanned rows (and the row below each): the merges covering them and their anchor's text. */
function mergedLabels(view: SheetView, rows: number[]): MergedLabels {
  const wanted = new Set(rows.flatMap((r) => [r, r + 1]));
  const out: MergedLabels = new Map();
  for (const m of view.merges) {
    const text = view.text(m.top, m.left);
    for (const r of wanted) {
      if (r < m.top || r > m.bottom) continue;
      let list = out.get(r);
      if (!list) out.set(r, (list = []));
      list.push({ left: m.left, right: m.right, top: m.top, text });
    }
  }
  return out;
}

function coveringMerge(merged: MergedLabels, row: number, column: number) {
  return merged.get(row)?.find((m) => m.left <= column && column <= m.right);
}

function labelsOf(view: SheetView, row: number, merged: MergedLabels): Map<number, string> {
  const labels = new Map<number, string>();
  for (let c = view.left; c <= view.right; c++) {
    const m = coveringMerge(merged, row, c);
    const text = m ? m.text : view.text(row, c);
    if (text) labels.set(c, text);
  }
  return labels;
}

/** Two header rows: the lower cell's label where it has its own, else the group cell above. */
function pairCandidate(view: SheetView, upper: number, merged: MergedLabels): { candidate: Candidate; byMerge: boolean } | null {
  const lower = upper + 1;
  if (lower > view.bottom) return null;
  const labels = labelsOf(view, upper, merged);
  let byMerge = false;
  let blankAbove = false;
  let contributes = false;
  for (let c = view.left; c <= view.right; c++) {
    const m = coveringMerge(merged, lower, c);
    if (m && m.top <= upper) {
      byMerge = true; // a vertical merge spans both rows (序号 over two header rows)
      continue;
    }
    const own = m ? m.text : view.text(lower, c);
    if (!own) continue;
    labels.set(c, own);
    if (matchHeader(own) && !enrichmentIdOf(own)) {
      contributes = true;
      const group = coveringMerge(merged, upper, c);
      if (group && group.right > group.left && isGroupLabel(group.text)) byMerge = true; // under a group cell
      if (!view.text(upper, c) && !group) blankAbove = true; // the upper row is blank there
    }
  }
  if (!contributes || !(byMerge || blankAbove)) return null;
  return { candidate: candidate(view, [upper, lower], labels), byMerge };
}

/**
 * A merged cell that groups columns (整改责任, 整改落实情况) is a short label; a title or a
 * 填报单位：… line merged across the sheet is not, and never makes a two-level header.
 */
function isGroupLabel(text: string): boolean {
  const n = normaliseHeader(text);
  return n.length > 0 && n.length <= 12 && !/[:：]/.test(n);
}

function candidate(view: SheetView, rows: number[], labels: Map<number, string>): Candidate {
  const fields = new Map<Field, { column: number; match: HeaderMatch }[]>();
  let sum = 0;
  for (const [column, label] of labels) {
    if (enrichmentIdOf(label)) continue;
    const match = matchHeader(label);
    if (!match) continue;
    let list = fields.get(match.field);
    if (!list) fields.set(match.field, (list = []));
    list.push({ column, match });
    if (!view.isHidden(column)) sum += match.score;
  }
  return { rows, labels, fields, score: fields.size * 100_000 + sum };
}

function isLedger(c: Candidate): boolean {
  return c.fields.has('description') && c.fields.size >= 3;
}

function layoutOf(view: SheetView, best: Candidate): HeaderLayout {
  const columns = new Map<Field, number>();
  const ambiguous: HeaderLayout['ambiguous'] = [];
  for (const [field, list] of best.fields) {
    // A hidden column never competes with a visible one for a field.
    const visible = list.filter((x) => !view.isHidden(x.column));
    const pool = (visible.length ? visible : list).sort((a, b) => b.match.score - a.match.score || a.column - b.column);
    columns.set(field, pool[0]!.column);
    if (pool.length > 1) ambiguous.push({ field, columns: pool.map((x) => x.column).sort((a, b) => a - b) });
  }
  const enrichment = new Map<EnrichmentId, number>();
  let lastColumn = 0;
  for (const [column, label] of best.labels) {
    const id = enrichmentIdOf(label);
    if (id) {
      if (!enrichment.has(id)) enrichment.set(id, column);
    } else if (column > lastColumn) lastColumn = column;
  }
  const headerRows = best.rows;
  return { headerRows, firstDataRow: headerRows[headerRows.length - 1]! + 1, columns, ambiguous, enrichment, lastColumn };
}
