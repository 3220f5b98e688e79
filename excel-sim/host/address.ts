// A1 addresses as Excel writes and reads them: cells, areas, whole columns and rows, and sheet
// names quoted only where Excel quotes them.

/** Rows and columns of an Excel 2007+ sheet. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** A rectangle of cells, 0-based and inclusive. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** An address parsed from text; `sheet` only when the text named one. */
export interface ParsedAddress {
  sheet?: string;
  rect: Rect;
  /** Which parts carried a `$` (used for names and formulas). */
  absolute: { r0: boolean; c0: boolean; r1: boolean; c1: boolean };
  kind: 'cells' | 'columns' | 'rows';
}

/** Column index (0-based) to letters: 0 → A, 27 → AB. */
export function columnLetters(col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Letters to column index (0-based), or -1 when not a column. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1 < MAX_COLS ? n - 1 : -1;
}

export function rectRows(r: Rect): number {
  return r.r1 - r.r0 + 1;
}
export function rectCols(r: Rect): number {
  return r.c1 - r.c0 + 1;
}
export function isEntireColumns(r: Rect): boolean {
  return r.r0 === 0 && r.r1 === MAX_ROWS - 1;
}
export function isEntireRows(r: Rect): boolean {
  return r.c0 === 0 && r.c1 === MAX_COLS - 1;
}
export function contains(r: Rect, row: number, col: number): boolean {
  return row >= r.r0 && row <= r.r1 && col >= r.c0 && col <= r.c1;
}
export function intersect(a: Rect, b: Rect): Rect | null {
  const r = { r0: Math.max(a.r0, b.r0), c0: Math.max(a.c0, b.c0), r1: Math.min(a.r1, b.r1), c1: Math.min(a.c1, b.c1) };
  return r.r0 <= r.r1 && r.c0 <= r.c1 ? r : null;
}
export function boundingRect(a: Rect, b: Rect): Rect {
  return { r0: Math.min(a.r0, b.r0), c0: Math.min(a.c0, b.c0), r1: Math.max(a.r1, b.r1), c1: Math.max(a.c1, b.c1) };
}
export function sameRect(a: Rect, b: Rect): boolean {
  return a.r0 === b.r0 && a.c0 === b.c0 && a.r1 === b.r1 && a.c1 === b.c1;
}
/** `a` minus `b`, as up to four rectangles (above, below, left, right). */
export function subtract(a: Rect, b: Rect): Rect[] {
  const i = intersect(a, b);
  if (!i) return [a];
  const out: Rect[] = [];
  if (a.r0 < i.r0) out.push({ r0: a.r0, c0: a.c0, r1: i.r0 - 1, c1: a.c1 });
  if (i.r1 < a.r1) out.push({ r0: i.r1 + 1, c0: a.c0, r1: a.r1, c1: a.c1 });
  if (a.c0 < i.c0) out.push({ r0: i.r0, c0: a.c0, r1: i.r1, c1: i.c0 - 1 });
  if (i.c1 < a.c1) out.push({ r0: i.r0, c0: i.c1 + 1, r1: i.r1, c1: a.c1 });
  return out;
}

/**
 * Whether Excel writes this sheet name in quotes. Excel quotes a name unless it is made of
 * letters (any script, so `整改台账` stays bare), digits, `_` and `.`, does not start with a
 * digit, and cannot be read as a cell reference (`A1`, `R1C1`).
 */
export function needsQuotes(name: string): boolean {
  if (!/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name)) return true;
  if (/^[A-Za-z]{1,3}\d+$/.test(name) && columnIndex(name.replace(/\d+$/, '')) >= 0) return true;
  if (/^[Rr](\d*)([Cc]\d*)?$/.test(name) || /^[Cc]\d*$/.test(name)) return true;
  return /^(TRUE|FALSE)$/i.test(name);
}

/** `整改台账` → `整改台账`, `My sheet's` → `'My sheet''s'`. */
export function quoteSheetName(name: string): string {
  return needsQuotes(name) ? `'${name.replace(/'/g, "''")}'` : name;
}

/** Splits `'Sheet 1'!A1:B2` into sheet and reference; `sheet` is undefined when absent. */
export function splitSheet(text: string): { sheet?: string; ref: string } {
  const t = text.trim();
  if (t.startsWith("'")) {
    let i = 1;
    let name = '';
    while (i < t.length) {
      if (t[i] === "'" && t[i + 1] === "'") {
        name += "'";
        i += 2;
      } else if (t[i] === "'") break;
      else name += t[i++];
    }
    if (t[i + 1] === '!') return { sheet: name, ref: t.slice(i + 2) };
    return { ref: t };
  }
  const bang = t.lastIndexOf('!');
  return bang > 0 ? { sheet: t.slice(0, bang), ref: t.slice(bang + 1) } : { ref: t };
}

const CELL = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$/;
const COLUMN = /^(\$?)([A-Za-z]{1,3})$/;
const ROW = /^(\$?)(\d{1,7})$/;

/** Parses `A1`, `$A$1:B2`, `A:C`, `3:5`, optionally sheet-qualified; null when not an address. */
export function parseAddress(text: string): ParsedAddress | null {
  const { sheet, ref } = splitSheet(text);
  const parts = ref.split(':');
  if (parts.length > 2 || !parts[0]) return null;
  const a = parts[0];
  const b = parts[1] ?? parts[0];
  const result = (kind: ParsedAddress['kind'], rect: Rect, abs: ParsedAddress['absolute']): ParsedAddress | null => {
    const norm = { r0: Math.min(rect.r0, rect.r1), r1: Math.max(rect.r0, rect.r1), c0: Math.min(rect.c0, rect.c1), c1: Math.max(rect.c0, rect.c1) };
    if (norm.r0 < 0 || norm.c0 < 0 || norm.r1 >= MAX_ROWS || norm.c1 >= MAX_COLS) return null;
    return sheet === undefined ? { rect: norm, absolute: abs, kind } : { sheet, rect: norm, absolute: abs, kind };
  };
  const ca = CELL.exec(a);
  const cb = CELL.exec(b);
  if (ca && cb) {
    const [, ac0, l0, ar0, n0] = ca;
    const [, ac1, l1, ar1, n1] = cb;
    const rect = { r0: Number(n0) - 1, c0: columnIndex(l0 ?? ''), r1: Number(n1) - 1, c1: columnIndex(l1 ?? '') };
    if (rect.c0 < 0 || rect.c1 < 0) return null;
    return result('cells', rect, { r0: ar0 === '$', c0: ac0 === '$', r1: ar1 === '$', c1: ac1 === '$' });
  }
  if (parts.length === 2) {
    const ka = COLUMN.exec(a);
    const kb = COLUMN.exec(b);
    if (ka && kb) {
      const c0 = columnIndex(ka[2] ?? '');
      const c1 = columnIndex(kb[2] ?? '');
      if (c0 < 0 || c1 < 0) return null;
      return result('columns', { r0: 0, r1: MAX_ROWS - 1, c0, c1 }, { r0: false, r1: false, c0: ka[1] === '$', c1: kb[1] === '$' });
    }
    const ra = ROW.exec(a);
    const rb = ROW.exec(b);
    if (ra && rb) {
      return result('rows', { r0: Number(ra[2]) - 1, r1: Number(rb[2]) - 1, c0: 0, c1: MAX_COLS - 1 }, { r0: ra[1] === '$', r1: rb[1] === '$', c0: false, c1: false });
    }
  }
  return null;
}

/** The reference part of an address: `A1`, `A1:B2`, `A:B`, `1:3` (`$` everywhere when absolute). */
export function formatRect(rect: Rect, absolute = false): string {
  const d = absolute ? '$' : '';
  if (isEntireRows(rect)) return `${d}${rect.r0 + 1}:${d}${rect.r1 + 1}`;
  if (isEntireColumns(rect)) return `${d}${columnLetters(rect.c0)}:${d}${columnLetters(rect.c1)}`;
  const a = `${d}${columnLetters(rect.c0)}${d}${rect.r0 + 1}`;
  if (rect.r0 === rect.r1 && rect.c0 === rect.c1) return a;
  return `${a}:${d}${columnLetters(rect.c1)}${d}${rect.r1 + 1}`;
}

/** `Sheet1!A1:B2`, `'Sheet 1'!A1` — the form of `Range.address`. */
export function formatAddress(sheetName: string, rect: Rect, absolute = false): string {
  return `${quoteSheetName(sheetName)}!${formatRect(rect, absolute)}`;
}

/** Cell key for sparse maps; fits in a double for every cell of a sheet. */
export function cellKey(row: number, col: number): number {
  return row * MAX_COLS + col;
}
export function keyRow(key: number): number {
  return Math.floor(key / MAX_COLS);
}
export function keyCol(key: number): number {
  return key % MAX_COLS;
}
