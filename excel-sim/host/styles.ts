// Formatting across a rectangle as Office.js reads and writes it: one value when every cell
// agrees (else null), writes to every cell (whole columns and rows keep their own formatting
// so that cells created later inherit it), and borders shared between neighbouring cells.
import { MAX_COLS, MAX_ROWS, isEntireColumns, isEntireRows, type Rect } from './address.js';
import { cloneStyle, isEmptyStyle, type BorderLine, type CellStyle, type EdgeName } from './cell.js';
import { invalidArgument } from './errors.js';
import type { SheetModel } from './sheet.js';

const MANY = 200_000;

/**
 * The common value of `get` over a rectangle, or null when cells differ. Large rectangles are
 * read from stored cells plus the row, column and default formatting of the rest.
 */
export function uniform<T>(sheet: SheetModel, rect: Rect, get: (s: CellStyle) => T): T | null {
  const area = (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
  let first = true;
  let value: T | null = null;
  const see = (v: T): boolean => {
    if (first) {
      first = false;
      value = v;
      return true;
    }
    return JSON.stringify(v) === JSON.stringify(value);
  };
  if (area <= MANY) {
    for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) if (!see(get(sheet.style(r, c)))) return null;
    return value;
  }
  let stored = 0;
  for (const [, , cell] of sheet.cellsIn(rect)) {
    stored++;
    if (!see(get(cell.style ?? {}))) return null;
  }
  if (stored < area) {
    for (const [i, p] of sheet.rows) if (i >= rect.r0 && i <= rect.r1 && p.style && !see(get(p.style))) return null;
    for (const [i, p] of sheet.columns) if (i >= rect.c0 && i <= rect.c1 && p.style && !see(get(p.style))) return null;
    if (!see(get({}))) return null;
  }
  return value;
}

/** Applies `edit` to every cell of the rectangle (and to whole-column/row formatting). */
export function editStyle(sheet: SheetModel, rect: Rect, edit: (s: CellStyle) => void): void {
  const apply = (s: CellStyle | undefined): CellStyle | undefined => {
    const next = cloneStyle(s);
    edit(next);
    return isEmptyStyle(next) ? undefined : next;
  };
  const cols = isEntireColumns(rect);
  const rows = isEntireRows(rect);
  if (cols || rows) {
    const kind = rows ? 'rows' : 'columns';
    const [a, b] = rows ? [rect.r0, rect.r1] : [rect.c0, rect.c1];
    for (let i = a; i <= b; i++) {
      const line = sheet.line(kind, i);
      const s = apply(line.style);
      if (s) line.style = s;
      else delete line.style;
    }
    for (const [r, c, cell] of [...sheet.cellsIn(rect)]) {
      const s = apply(cell.style);
      if (s) cell.style = s;
      else delete cell.style;
      sheet.prune(r, c);
    }
    return;
  }
  for (let r = rect.r0; r <= rect.r1; r++)
    for (let c = rect.c0; c <= rect.c1; c++) {
      const cell = sheet.ensureCell(r, c);
      const s = apply(cell.style);
      if (s) cell.style = s;
      else delete cell.style;
      sheet.prune(r, c);
    }
}

export const NO_BORDER: BorderLine = { style: 'None', weight: 'Thin', color: '#000000' };
export const BORDER_INDEXES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal', 'DiagonalDown', 'DiagonalUp'] as const;
export type BorderIndex = (typeof BORDER_INDEXES)[number];
export const BORDER_STYLES = ['None', 'Continuous', 'Dash', 'DashDot', 'DashDotDot', 'Dot', 'Double', 'SlantDashDot'];
export const BORDER_WEIGHTS = ['Hairline', 'Thin', 'Medium', 'Thick'];

const OPPOSITE: Partial<Record<EdgeName, [EdgeName, number, number]>> = {
  EdgeTop: ['EdgeBottom', -1, 0],
  EdgeBottom: ['EdgeTop', 1, 0],
  EdgeLeft: ['EdgeRight', 0, -1],
  EdgeRight: ['EdgeLeft', 0, 1],
};

/** The line on one side of a cell: its own, else its neighbour's facing side. */
export function edgeOf(sheet: SheetModel, row: number, col: number, edge: EdgeName): BorderLine {
  const own = sheet.style(row, col).borders?.[edge];
  if (own) return own;
  const o = OPPOSITE[edge];
  if (!o) return NO_BORDER;
  const [other, dr, dc] = o;
  const r = row + dr;
  const c = col + dc;
  if (r < 0 || c < 0 || r >= MAX_ROWS || c >= MAX_COLS) return NO_BORDER;
  return sheet.style(r, c).borders?.[other] ?? NO_BORDER;
}

/** The cells and side a border index of a range covers. */
function edgeCells(rect: Rect, index: BorderIndex): [number, number, EdgeName][] {
  const out: [number, number, EdgeName][] = [];
  switch (index) {
    case 'EdgeTop':
    case 'EdgeBottom':
      for (let c = rect.c0; c <= rect.c1; c++) out.push([index === 'EdgeTop' ? rect.r0 : rect.r1, c, index]);
      break;
    case 'EdgeLeft':
    case 'EdgeRight':
      for (let r = rect.r0; r <= rect.r1; r++) out.push([r, index === 'EdgeLeft' ? rect.c0 : rect.c1, index]);
      break;
    case 'InsideHorizontal':
      for (let r = rect.r0; r < rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) out.push([r, c, 'EdgeBottom']);
      break;
    case 'InsideVertical':
      for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c < rect.c1; c++) out.push([r, c, 'EdgeRight']);
      break;
    default:
      for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) out.push([r, c, index]);
  }
  return out;
}

/** One property of a range border, uniform across the cells it covers, or null. */
export function readBorder(sheet: SheetModel, rect: Rect, index: BorderIndex, prop: keyof BorderLine): string | null {
  const cells = edgeCells(rect, index);
  if (!cells.length) return NO_BORDER[prop];
  let v: string | null = null;
  for (const [r, c, e] of cells) {
    const x = edgeOf(sheet, r, c, e)[prop];
    if (v === null) v = x;
    else if (v !== x) return null;
  }
  return v;
}

/** Sets one property of a range border on every cell it covers. */
export function writeBorder(sheet: SheetModel, rect: Rect, index: BorderIndex, prop: keyof BorderLine, value: string): void {
  if (prop === 'style' && !BORDER_STYLES.includes(value)) throw invalidArgument(`The border style "${value}" is not valid.`);
  if (prop === 'weight' && !BORDER_WEIGHTS.includes(value)) throw invalidArgument(`The border weight "${value}" is not valid.`);
  for (const [r, c, e] of edgeCells(rect, index)) {
    const current = edgeOf(sheet, r, c, e);
    const line: BorderLine = { ...current, [prop]: value };
    if (prop !== 'style' && current.style === 'None') line.style = 'Continuous';
    editStyle(sheet, { r0: r, c0: c, r1: r, c1: c }, (s) => {
      s.borders = { ...s.borders };
      if (line.style === 'None') delete s.borders[e];
      else s.borders[e] = line;
    });
    const o = OPPOSITE[e];
    if (o) {
      const [other, dr, dc] = o;
      const nr = r + dr;
      const nc = c + dc;
      if (nr >= 0 && nc >= 0 && nr < MAX_ROWS && nc < MAX_COLS && sheet.cell(nr, nc)?.style?.borders?.[other])
        editStyle(sheet, { r0: nr, c0: nc, r1: nr, c1: nc }, (s) => {
          if (s.borders) delete s.borders[other];
        });
    }
  }
}
