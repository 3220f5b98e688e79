// One worksheet: its cells (sparse), column and row properties, merged areas, and the
// per-sheet collections (conditional formats, notes, charts). Values of formula cells are
// computed by the workbook, which knows the other sheets and the names.
import { cellKey, contains, intersect, keyCol, keyRow, type Rect } from './address.js';
import { cloneStyle, isCellEmpty, type Cell, type CellStyle } from './cell.js';
import type { AutoFilterModel } from './auto-filter.js';
import type { ChartModel } from './charts.js';
import type { ConditionalFormatModel } from './conditional-format.js';
import type { NoteModel } from './notes.js';

export type Visibility = 'Visible' | 'Hidden' | 'VeryHidden';

export interface LineProps {
  /** Column width or row height in points; absent for the default. */
  size?: number;
  hidden?: boolean;
  /** Formatting applied to the whole column or row. */
  style?: CellStyle;
  /** Set by `autofitColumns()`/`autofitRows()` (widths are not recomputed). */
  autofit?: boolean;
}

export class SheetModel {
  readonly cells = new Map<number, Cell>();
  readonly columns = new Map<number, LineProps>();
  readonly rows = new Map<number, LineProps>();
  merges: Rect[] = [];
  conditionalFormats: ConditionalFormatModel[] = [];
  readonly notes = new Map<number, NoteModel>();
  charts: ChartModel[] = [];
  visibility: Visibility = 'Visible';
  tabColor = '';
  showGridlines = true;
  protected = false;
  freeze = { rows: 0, cols: 0 };
  autoFilter: AutoFilterModel | null = null;
  selection: Rect = { r0: 0, c0: 0, r1: 0, c1: 0 };
  deleted = false;
  /** Grow-only bounds of the stored cells (exact enough to bound whole-column references). */
  private bound = { rows: 0, cols: 0 };

  constructor(
    readonly id: string,
    public name: string,
  ) {}

  cell(row: number, col: number): Cell | undefined {
    return this.cells.get(cellKey(row, col));
  }

  /** The stored cell, created (with its row's or column's formatting) when absent. */
  ensureCell(row: number, col: number): Cell {
    const key = cellKey(row, col);
    let c = this.cells.get(key);
    if (!c) {
      const inherited = this.rows.get(row)?.style ?? this.columns.get(col)?.style;
      c = inherited ? { value: null, style: cloneStyle(inherited) } : { value: null };
      this.cells.set(key, c);
      this.bound.rows = Math.max(this.bound.rows, row + 1);
      this.bound.cols = Math.max(this.bound.cols, col + 1);
    }
    return c;
  }

  /** Drops the cell when it holds nothing any more. */
  prune(row: number, col: number): void {
    const key = cellKey(row, col);
    const c = this.cells.get(key);
    if (c && isCellEmpty(c)) this.cells.delete(key);
  }

  /** The formatting a cell shows before conditional formats. */
  style(row: number, col: number): CellStyle {
    return this.cell(row, col)?.style ?? this.rows.get(row)?.style ?? this.columns.get(col)?.style ?? {};
  }

  /** Stored cells inside a rectangle, in no particular order. */
  *cellsIn(rect: Rect): Generator<[number, number, Cell]> {
    const area = (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
    if (area <= this.cells.size) {
      for (let r = rect.r0; r <= rect.r1; r++)
        for (let c = rect.c0; c <= rect.c1; c++) {
          const cell = this.cells.get(cellKey(r, c));
          if (cell) yield [r, c, cell];
        }
      return;
    }
    for (const [key, cell] of [...this.cells]) {
      const r = keyRow(key);
      const c = keyCol(key);
      if (contains(rect, r, c)) yield [r, c, cell];
    }
  }

  /** The merged area a cell belongs to. */
  mergeAt(row: number, col: number): Rect | undefined {
    return this.merges.find((m) => contains(m, row, col));
  }

  mergesIn(rect: Rect): Rect[] {
    return this.merges.filter((m) => intersect(m, rect));
  }

  /**
   * Excel's used range: the bounding box of cells with a value (or, unless `valuesOnly`, with
   * any formatting); null on an empty sheet.
   */
  usedRect(valuesOnly: boolean): Rect | null {
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    for (const [key, cell] of this.cells) {
      if (valuesOnly && cell.value === null && cell.formula === undefined) continue;
      const r = keyRow(key);
      const c = keyCol(key);
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
    return r1 < 0 ? null : { r0, c0, r1, c1 };
  }

  /** Rows and columns up to (at least) the last stored cell; bounds whole-column references. */
  extent(): { rows: number; cols: number } {
    return this.bound;
  }

  columnHidden(col: number): boolean {
    return this.columns.get(col)?.hidden === true;
  }
  rowHidden(row: number): boolean {
    return this.rows.get(row)?.hidden === true;
  }

  /** The stored cells of one row, by column. */
  cellsInRow(row: number): [number, Cell][] {
    const out: [number, Cell][] = [];
    for (const [key, cell] of this.cells) if (keyRow(key) === row) out.push([keyCol(key), cell]);
    return out;
  }

  /**
   * Moves every row's cells, notes and line properties to `to(row)`; a row mapped to null is
   * dropped (row-shift.ts inserts and deletes whole rows through this).
   */
  moveRows(to: (row: number) => number | null): void {
    const cells = [...this.cells];
    this.cells.clear();
    for (const [key, cell] of cells) {
      const r = to(keyRow(key));
      if (r === null) continue;
      this.cells.set(cellKey(r, keyCol(key)), cell);
      this.bound.rows = Math.max(this.bound.rows, r + 1);
    }
    const notes = [...this.notes.values()];
    this.notes.clear();
    for (const n of notes) {
      const r = to(n.row);
      if (r === null) continue;
      n.row = r;
      this.notes.set(cellKey(r, n.col), n);
    }
    const rows = [...this.rows];
    this.rows.clear();
    for (const [i, p] of rows) {
      const r = to(i);
      if (r !== null) this.rows.set(r, p);
    }
  }

  line(kind: 'columns' | 'rows', index: number): LineProps {
    const map = this[kind];
    let p = map.get(index);
    if (!p) {
      p = {};
      map.set(index, p);
    }
    return p;
  }
}
