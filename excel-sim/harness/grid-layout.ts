// Which rows and columns of a sheet the grid draws, how wide and tall, and how merged areas span
// them. The used range (values and formatting, merges, the selection) plus a margin, so a sheet
// looks like a sheet and the columns a check adds are on screen; hidden lines are left out.
import type { Rect } from '../host/address.js';
import type { SheetModel } from '../host/sheet.js';
import type { WorkbookModel } from '../host/workbook.js';

/** Empty lines drawn past the used range, and the least drawn, as Excel shows an empty sheet. */
const MARGIN = { rows: 8, cols: 3 };
const MINIMUM = { rows: 30, cols: 14 };
/** Rows drawn at most; a longer sheet is drawn as a window that follows the selection. */
export const MAX_DRAWN_ROWS = 600;

const px = (points: number): number => Math.round((points * 4) / 3);

export interface GridLayout {
  /** 0-based indexes of the rows and columns drawn, ascending. */
  rows: number[];
  cols: number[];
  /** Column widths in CSS pixels, by column index. */
  widths: Map<number, number>;
  /** Row heights in CSS pixels where the sheet sets one (others grow to their text). */
  heights: Map<number, number>;
  defaultHeight: number;
  /** Rows of the sheet's used range (with margin), when more than are drawn. */
  windowOf?: number;
}

export interface Span {
  rowSpan: number;
  colSpan: number;
}

function bounds(sheet: SheetModel): Rect {
  const used = sheet.usedRect(false) ?? { r0: 0, c0: 0, r1: -1, c1: -1 };
  let { r1, c1 } = used;
  for (const m of sheet.merges) {
    r1 = Math.max(r1, m.r1);
    c1 = Math.max(c1, m.c1);
  }
  r1 = Math.max(r1, sheet.selection.r0);
  c1 = Math.max(c1, sheet.selection.c0);
  return { r0: 0, c0: 0, r1, c1 };
}

/**
 * What to draw of `sheet`.
 * @example gridLayout(wb, wb.active).cols.length
 */
export function gridLayout(wb: WorkbookModel, sheet: SheetModel): GridLayout {
  const b = bounds(sheet);
  const lastRow = Math.max(b.r1 + MARGIN.rows, MINIMUM.rows - 1);
  const lastCol = Math.max(b.c1 + MARGIN.cols, MINIMUM.cols - 1);
  let first = 0;
  let last = lastRow;
  if (lastRow + 1 > MAX_DRAWN_ROWS) {
    // Keep the selected cell on screen (a finding clicked in the task pane may be far down).
    first = Math.max(0, Math.min(sheet.selection.r0 - 40, lastRow + 1 - MAX_DRAWN_ROWS));
    last = first + MAX_DRAWN_ROWS - 1;
  }
  const rows: number[] = [];
  for (let r = first; r <= last; r++) if (!sheet.rowHidden(r)) rows.push(r);
  const cols: number[] = [];
  const widths = new Map<number, number>();
  for (let c = 0; c <= lastCol; c++) {
    if (sheet.columnHidden(c)) continue;
    cols.push(c);
    widths.set(c, Math.max(px(sheet.columns.get(c)?.size ?? wb.options.defaultColumnWidth), 12));
  }
  const heights = new Map<number, number>();
  for (const r of rows) {
    const size = sheet.rows.get(r)?.size;
    if (size !== undefined) heights.set(r, px(size));
  }
  const layout: GridLayout = { rows, cols, widths, heights, defaultHeight: px(wb.options.defaultRowHeight) };
  if (lastRow + 1 > MAX_DRAWN_ROWS) layout.windowOf = lastRow + 1;
  return layout;
}

/**
 * How a drawn cell spans: 1×1 outside merges; the merged area's drawn rows and columns at the
 * first drawn cell of the area; null for the other cells of the area (not drawn).
 */
export function spanAt(sheet: SheetModel, layout: GridLayout, drawn: { rows: Set<number>; cols: Set<number> }, row: number, col: number): Span | null {
  const m = sheet.mergeAt(row, col);
  if (!m) return { rowSpan: 1, colSpan: 1 };
  const rowsIn = layout.rows.filter((r) => r >= m.r0 && r <= m.r1);
  const colsIn = layout.cols.filter((c) => c >= m.c0 && c <= m.c1);
  if (rowsIn[0] !== row || colsIn[0] !== col || !drawn.rows.has(row) || !drawn.cols.has(col)) return null;
  return { rowSpan: rowsIn.length, colSpan: colsIn.length };
}
