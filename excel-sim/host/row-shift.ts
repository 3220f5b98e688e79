// Whole rows inserted or deleted, as a user does in Excel (Home › Insert/Delete sheet rows) and as
// `Range.insert("Down")` / `Range.delete("Up")` do on entire rows (ExcelApi 1.1). Everything that
// names a row moves with it: cells, notes, threaded comments, row heights and hidden rows, merged
// areas, tables, conditional formats (their areas grow or shrink; their formula keeps pointing at
// the same cells), data validation, charts' sources, defined names, and every formula in the
// workbook that refers to the sheet. An inserted row takes the formatting of the row above it
// (Excel's default "Format Same as Above"). A reference to a deleted cell becomes #REF!.
// https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-insert-member(1)
// https://support.microsoft.com/office/insert-or-delete-rows-and-columns-6f40e6e4-85af-45e0-b39d-65dd504a3246
import { MAX_ROWS, type Rect } from './address.js';
import { cloneStyle, type Cell } from './cell.js';
import { ExcelError } from './errors.js';
import { mapNodes, parseFormula, printFormula } from './formula-parser.js';
import { rewriteFormula, shiftFormula } from './formula-shift.js';
import { remapValidations } from './api/data-validation-api.js';
import type { SheetModel } from './sheet.js';
import type { WorkbookModel } from './workbook.js';

/** How rows move: the new index of a row, or null when it is deleted. */
export type RowMap = (row: number) => number | null;

/** A rectangle's rows after the change, or null when all of them are deleted. */
type RectMap = (r: Rect) => Rect | null;

/** Inserts `count` empty rows before row `at` (0-based) on `sheet`. */
export function insertRows(wb: WorkbookModel, sheet: SheetModel, at: number, count: number): void {
  const last = sheet.usedRect(false)?.r1 ?? -1;
  if (last >= 0 && last + count >= MAX_ROWS && last >= at)
    throw new ExcelError('InvalidOperation', 'To prevent possible loss of data, Excel cannot shift nonblank cells off of the worksheet.');
  const row: RowMap = (r) => (r >= at ? r + count : r);
  // A range that spans the insertion point grows; whole-column ranges stay whole columns.
  const rect: RectMap = (r) => (r.r0 === 0 && r.r1 === MAX_ROWS - 1 ? r : { ...r, r0: row(r.r0)!, r1: r.r1 >= at ? Math.min(MAX_ROWS - 1, r.r1 + count) : r.r1 });
  apply(wb, sheet, row, rect);
  if (at > 0) formatAsAbove(sheet, at, count);
}

/** Deletes rows `at` … `at + count − 1` (0-based) of `sheet`; the rows below move up. */
export function deleteRows(wb: WorkbookModel, sheet: SheetModel, at: number, count: number): void {
  const end = at + count; // first row kept below the deleted ones
  const row: RowMap = (r) => (r < at ? r : r >= end ? r - count : null);
  const rect: RectMap = (r) => {
    if (r.r0 === 0 && r.r1 === MAX_ROWS - 1) return r;
    const r0 = r.r0 < at ? r.r0 : r.r0 >= end ? r.r0 - count : at;
    const r1 = r.r1 < at ? r.r1 : r.r1 >= end ? r.r1 - count : at - 1;
    return r1 < r0 ? null : { ...r, r0, r1 };
  };
  apply(wb, sheet, row, rect);
}

function apply(wb: WorkbookModel, sheet: SheetModel, row: RowMap, rect: RectMap): void {
  // Conditional formats are re-anchored on a surviving cell first, so their formula can follow.
  for (const cf of sheet.conditionalFormats) {
    const kept = cf.areas.map(rect).filter((a): a is Rect => a !== null);
    const first = cf.areas.find((a) => rect(a) !== null);
    if (!first || !kept.length) {
      cf.deleted = true;
      continue;
    }
    const top = firstKeptRow(first, row);
    if (cf.formula && (top !== cf.anchor.row || first.c0 !== cf.anchor.col)) cf.formula = rewriteFormula(cf.formula, (f) => shiftFormula(f, top - cf.anchor.row, first.c0 - cf.anchor.col));
    cf.anchor = { row: top, col: first.c0 };
    cf.areas = kept;
  }
  sheet.conditionalFormats = sheet.conditionalFormats.filter((cf) => !cf.deleted);

  // Every formula that points at this sheet now points where its cells went.
  const refs = (f: string, home: SheetModel | undefined) => rewriteFormula(f, (x) => moveRefs(x, sheet, home, rect));
  for (const s of wb.sheets) {
    for (const cell of s.cells.values()) if (cell.formula !== undefined) cell.formula = refs(cell.formula, s);
    for (const cf of s.conditionalFormats)
      if (cf.formula) {
        cf.formula = refs(cf.formula, s);
        delete cf.tree;
      }
  }
  for (const nm of wb.names) nm.formula = refs(nm.formula, undefined);
  for (const cf of sheet.conditionalFormats) cf.anchor = { ...cf.anchor, row: row(cf.anchor.row)! };

  sheet.moveRows(row);
  wb.comments = wb.comments.filter((c) => {
    if (c.sheet !== sheet) return true;
    const to = row(c.row);
    if (to === null) return false;
    c.row = to;
    return true;
  });
  sheet.merges = sheet.merges.map(rect).filter((m): m is Rect => m !== null && (m.r0 !== m.r1 || m.c0 !== m.c1));
  for (const t of wb.tables) {
    if (t.sheet !== sheet) continue;
    const moved = rect(t.rect);
    // A table needs its header row and one more row; Excel refuses to delete all of them.
    if (!moved) t.deleted = true;
    else t.rect = moved;
  }
  wb.tables = wb.tables.filter((t) => !t.deleted);
  for (const c of sheet.charts) c.source = rect(c.source) ?? c.source;
  if (sheet.autoFilter) {
    const moved = rect(sheet.autoFilter.rect);
    sheet.autoFilter = moved ? { ...sheet.autoFilter, rect: moved } : null;
  }
  remapValidations(sheet, rect);
}

/** The first row of `area` that survives, at its new index. */
function firstKeptRow(area: Rect, row: RowMap): number {
  for (let r = area.r0; r <= area.r1; r++) {
    const to = row(r);
    if (to !== null) return r; // re-anchored in old coordinates; moved with the rest below
  }
  return area.r0;
}

/** A formula's references to `sheet` (explicit, or implicit when it lives on `sheet`) moved. */
function moveRefs(formula: string, sheet: SheetModel, home: SheetModel | undefined, rect: RectMap): string {
  let changed = false;
  const name = sheet.name.toLowerCase();
  const tree = mapNodes(parseFormula(formula), (n) => {
    if (n.k !== 'ref' || n.kind === 'columns') return n;
    const onSheet = n.sheet !== undefined ? n.sheet.toLowerCase() === name : home === sheet;
    if (!onSheet) return n;
    const moved = rect({ r0: n.r0, c0: n.c0, r1: n.r1, c1: n.c1 });
    if (moved && moved.r0 === n.r0 && moved.r1 === n.r1) return n;
    changed = true;
    return moved ? { ...n, r0: moved.r0, r1: moved.r1 } : { k: 'err', v: '#REF!' };
  });
  return changed ? printFormula(tree) : formula;
}

/** New rows take the row above's height and formatting, cell by cell (values and formulas stay empty). */
function formatAsAbove(sheet: SheetModel, at: number, count: number): void {
  const above = sheet.rows.get(at - 1);
  const styled: [number, Cell][] = [];
  for (const [c, cell] of sheet.cellsInRow(at - 1)) if (cell.style) styled.push([c, cell]);
  for (let r = at; r < at + count; r++) {
    if (above && (above.size !== undefined || above.style)) {
      const line = sheet.line('rows', r);
      if (above.size !== undefined) line.size = above.size;
      if (above.style) line.style = cloneStyle(above.style);
    }
    for (const [c, cell] of styled) sheet.ensureCell(r, c).style = cloneStyle(cell.style!);
  }
}
