// Excel tables (ListObjects): where they are, their header row, data body and columns. Column
// names live in the header cells, as in Excel; blank and repeated headers get Excel's names.
import type { Rect } from './address.js';
import type { SheetModel } from './sheet.js';

export interface TableModel {
  id: number;
  name: string;
  sheet: SheetModel;
  /** Whole table, header and total rows included. */
  rect: Rect;
  showHeaders: boolean;
  showTotals: boolean;
  style: string;
  deleted?: boolean;
}

export function headerRect(t: TableModel): Rect | null {
  return t.showHeaders ? { ...t.rect, r1: t.rect.r0 } : null;
}

export function bodyRect(t: TableModel): Rect {
  return { ...t.rect, r0: t.rect.r0 + (t.showHeaders ? 1 : 0), r1: t.rect.r1 - (t.showTotals ? 1 : 0) };
}

export function totalRect(t: TableModel): Rect | null {
  return t.showTotals ? { ...t.rect, r0: t.rect.r1 } : null;
}

export function columnCount(t: TableModel): number {
  return t.rect.c1 - t.rect.c0 + 1;
}

/**
 * Header names as Excel makes them unique: blank → `Column1`…, repeats get `2`, `3`… appended.
 * @example uniqueHeaders(['a', '', 'a']) // ['a', 'Column2', 'a2']
 */
export function uniqueHeaders(raw: string[]): string[] {
  const seen = new Set<string>();
  return raw.map((h, i) => {
    let name = h.trim() === '' ? `Column${i + 1}` : h;
    if (seen.has(name.toLowerCase())) {
      let k = 2;
      while (seen.has(`${name}${k}`.toLowerCase())) k++;
      name = `${name}${k}`;
    }
    seen.add(name.toLowerCase());
    return name;
  });
}

/** Whether `name` is acceptable as a table name (Excel's name rules, no spaces). */
export function isValidTableName(name: string): boolean {
  return /^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) && !/^[RrCc]$/.test(name) && name.length <= 255;
}

/**
 * Excel's table auto-expansion (AutoCorrect's "Include new rows and columns in table", on by
 * default, which also applies to values an add-in writes): a non-blank header written in the
 * column just right of a table's header row makes the table take that column in, and the next
 * ones the same write filled. https://support.microsoft.com/office/e81aa349-b006-4f8a-9806-5af9df0ac664
 * @example expandTables(tables, sheet, { r0: 3, c0: 17, r1: 3, c1: 22 }, (r, c) => value(r, c))
 */
export function expandTables(tables: TableModel[], sheet: SheetModel, written: Rect, filled: (row: number, col: number) => boolean): void {
  for (const t of tables) {
    if (t.deleted || t.sheet !== sheet || !t.showHeaders) continue;
    const header = t.rect.r0;
    if (written.c0 !== t.rect.c1 + 1 || header < written.r0 || header > written.r1) continue;
    if (tables.some((o) => o !== t && !o.deleted && o.sheet === sheet && o.rect.c0 === written.c0 && o.rect.r0 <= header && header <= o.rect.r1)) continue;
    let right = t.rect.c1;
    while (right + 1 <= written.c1 && filled(header, right + 1)) right++;
    t.rect = { ...t.rect, c1: right };
  }
}
