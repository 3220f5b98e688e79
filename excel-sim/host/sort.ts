// Range.sort.apply (ExcelApi 1.2) by rows, as Excel sorts: the rows of the range (below its
// header when `hasHeaders`) are reordered by the fields' columns; each row's cells move with it,
// values, formats, hyperlinks, notes and threaded comments included (Excel keeps a note with its
// cell when sorting). Blanks sort last in either order; ties keep their order. Conditional
// formats, merges and cells outside the range stay where they are.
// https://learn.microsoft.com/javascript/api/excel/excel.rangesort
import { cellKey, type Rect } from './address.js';
import type { Cell } from './cell.js';
import { invalidArgument } from './errors.js';
import { compareScalars } from './formula-eval.js';
import type { SheetModel } from './sheet.js';
import type { WorkbookModel } from './workbook.js';

export interface SortField {
  key: number;
  ascending?: boolean;
}

export function sortRows(wb: WorkbookModel, sheet: SheetModel, rect: Rect, fields: unknown, hasHeaders: unknown): void {
  if (!Array.isArray(fields) || !fields.length) throw invalidArgument('The sort fields are missing.');
  const keys = (fields as SortField[]).map((f) => {
    if (typeof f?.key !== 'number' || f.key < 0 || f.key > rect.c1 - rect.c0) throw invalidArgument('A sort field key is outside the range.');
    return { col: rect.c0 + f.key, up: f.ascending !== false };
  });
  const top = rect.r0 + (hasHeaders === true ? 1 : 0);
  const rows = Array.from({ length: Math.max(0, rect.r1 - top + 1) }, (_, i) => top + i);
  const value = (r: number, c: number) => {
    const v = sheet.cell(r, c)?.value ?? null;
    return typeof v === 'object' && v !== null ? null : v;
  };
  const order = [...rows].sort((a, b) => {
    for (const k of keys) {
      const x = value(a, k.col);
      const y = value(b, k.col);
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
        continue;
      }
      const d = compareScalars(x as never, y as never);
      if (d) return k.up ? d : -d;
    }
    return a - b;
  });
  // Lift every row's cells, notes and comments, then put them down in the new order.
  const lifted = order.map((from) => {
    const cells: [number, Cell][] = [];
    const notes = [];
    for (let c = rect.c0; c <= rect.c1; c++) {
      const cell = sheet.cells.get(cellKey(from, c));
      if (cell) cells.push([c, cell]);
      const note = sheet.notes.get(cellKey(from, c));
      if (note) notes.push(note);
    }
    const comments = wb.comments.filter((x) => x.sheet === sheet && x.row === from && x.col >= rect.c0 && x.col <= rect.c1);
    return { cells, notes, comments };
  });
  for (const r of rows)
    for (let c = rect.c0; c <= rect.c1; c++) {
      sheet.cells.delete(cellKey(r, c));
      sheet.notes.delete(cellKey(r, c));
    }
  lifted.forEach((row, i) => {
    const to = rows[i]!;
    for (const [c, cell] of row.cells) Object.assign(sheet.ensureCell(to, c), cell);
    for (const n of row.notes) {
      n.row = to;
      sheet.notes.set(cellKey(to, n.col), n);
    }
    for (const x of row.comments) x.row = to;
  });
}
