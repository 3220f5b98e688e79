import type { CellValue, Grid, Merge } from '../../shared/index.js';
import type { SheetCells } from './sheet.js';
import { PENDING, type SheetRows } from './sheet-rows.js';

/** A cell whose text needs numfmt: filled in once numfmt is loaded. */
export interface Later {
  row: (string | null)[];
  k: number;
  value: CellValue;
  format: string | null;
}

interface Bounds {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * The cells of one sheet as a Grid over its used range, exactly as cli/exceljs-grid.ts builds it;
 * cells whose text needs numfmt are added to `later`. The cells arrive converted (SheetRows):
 * one pass drops cells a merge covers and finds the used range, the other cuts each stored row
 * to it. Rows without text or formats (most) share one row of nulls: the grid's readers
 * (shared/sheet-view.ts) never write to it.
 * Each pass is a function that ends with its loop: in a fresh process V8 optimises a hot loop
 * while it runs (on-stack replacement), and code after the loop that had not run yet would throw
 * that code away and compile it again.
 */
export function cellsToGrid(c: SheetCells, sheet: string, file: string, tables: { name: string; ref: string }[], later: Later[]): Grid {
  // Merges of more than one cell, in the order ExcelJS meets their first covered cell.
  const merges = c.merges.filter((m) => m.bottom > m.top || m.right > m.left);
  const firstCovered = (m: Merge) => (m.right > m.left ? [m.top, m.left + 1] : [m.top + 1, m.left]) as [number, number];
  merges.sort((a, b) => firstCovered(a)[0] - firstCovered(b)[0] || firstCovered(a)[1] - firstCovered(b)[1]);
  const b = { top: Infinity, left: Infinity, bottom: 0, right: 0 };
  const kept = usedRows(c.cells, merges, b);
  for (const m of merges) {
    b.top = Math.min(b.top, m.top);
    b.left = Math.min(b.left, m.left);
    b.bottom = Math.max(b.bottom, m.bottom);
    b.right = Math.max(b.right, m.right);
  }
  if (kept === 0 && merges.length === 0) Object.assign(b, { top: 1, left: 1, bottom: 0, right: 0 });
  const height = b.bottom - b.top + 1;
  const width = b.right - b.left + 1;
  const grid = { values: new Array<(CellValue | null)[]>(height), text: new Array<(string | null)[]>(height), formats: new Array<(string | null)[]>(height) };
  const blankRow = new Array<null>(width).fill(null);
  cutRows(c.cells, b, blankRow, grid);
  for (let r = 0; r < height; r++) {
    if (grid.values[r]) continue;
    grid.values[r] = blankRow.slice();
    grid.text[r] = grid.formats[r] = blankRow;
  }
  const { rows, pending } = c.cells;
  for (let p = 0; p < pending.length; p += 2) {
    const r = rows[pending[p]!]! - b.top;
    const k = pending[p + 1]! - b.left;
    const text = grid.text[r];
    // A pending text that a later write or a merge has not replaced.
    if (text?.[k] !== PENDING) continue;
    text[k] = null;
    later.push({ row: text, k, value: grid.values[r]![k]!, format: grid.formats[r]![k]! });
  }
  return { file, sheet, top: b.top, left: b.left, values: grid.values as CellValue[][], text: grid.text, formats: grid.formats, merges, hiddenColumns: hiddenColumns(c.colRanges), tables };
}

/**
 * The first pass: clears the cells a merge covers (below or right of its first cell), widens `b`
 * to every stored row with a value left, and returns how many such rows there are.
 */
function usedRows(c: SheetRows, merges: readonly Merge[], b: Bounds): number {
  const mergeRows = new Set<number>();
  for (const m of merges) if (m.bottom - m.top < 100_000) for (let r = m.top; r <= m.bottom; r++) mergeRows.add(r);
  let kept = 0;
  for (let i = 0; i < c.rows.length; i++) {
    const row = c.rows[i]!;
    const values = c.values[i]!;
    if (mergeRows.size > 0 && mergeRows.has(row)) clearCovered(merges, row, values, c.text[i], c.formats[i]);
    let first = 0;
    while (first < values.length && values[first] === null) first++;
    if (first === values.length) continue;
    let last = values.length - 1;
    while (values[last] === null) last--;
    kept++;
    if (row < b.top) b.top = row;
    if (row > b.bottom) b.bottom = row;
    if (first < b.left) b.left = first;
    if (last > b.right) b.right = last;
  }
  return kept;
}

/** Clears a row's cells that a merge covers (any of its cells but the first). */
function clearCovered(merges: readonly Merge[], row: number, values: (CellValue | null)[], text: (string | null)[] | undefined, formats: (string | null)[] | undefined): void {
  for (let k = 0; k < values.length; k++) {
    if (values[k] === null) continue;
    for (const m of merges) {
      if (row < m.top || row > m.bottom || k < m.left || k > m.right || (row === m.top && k === m.left)) continue;
      values[k] = null;
      if (text && k < text.length) text[k] = null;
      if (formats && k < formats.length) formats[k] = null;
      break;
    }
  }
}

/** A stored row cut to the used range's columns, `width` long. */
function cut<T>(from: (T | null)[], left: number, width: number): (T | null)[] {
  const row = from.slice(left, left + width);
  while (row.length < width) row.push(null);
  return row;
}

/** The second pass: each stored row inside the used range, cut to it. */
function cutRows(
  c: SheetRows,
  b: Bounds,
  blankRow: null[],
  grid: { values: (CellValue | null)[][]; text: (string | null)[][]; formats: (string | null)[][] },
): void {
  const height = b.bottom - b.top + 1;
  const width = b.right - b.left + 1;
  for (let i = 0; i < c.rows.length; i++) {
    const r = c.rows[i]! - b.top;
    if (r < 0 || r >= height) continue; // a row of empty cells outside the used range
    const text = c.text[i];
    const formats = c.formats[i];
    grid.values[r] = cut(c.values[i]!, b.left, width);
    grid.text[r] = text ? cut(text, b.left, width) : blankRow;
    grid.formats[r] = formats ? cut(formats, b.left, width) : blankRow;
  }
}

/** Hidden columns as ExcelJS lays out <col> ranges: sorted by min, each column taken once. */
function hiddenColumns(ranges: SheetCells['colRanges']): number[] {
  const hidden: number[] = [];
  let count = 1;
  for (const col of [...ranges].sort((a, b) => a.min - b.min)) {
    while (count < col.min) count++;
    while (count <= col.max) {
      if (col.hidden) hidden.push(count);
      count++;
    }
  }
  return hidden;
}
