// Reading and writing a rectangle of cells the way Excel's Range does: values, formulas and
// number formats as 2-D arrays (or one value for every cell), text as displayed, value types,
// clearing, merging.
import { expandTables } from './tables.js';
import { rectCols, rectRows, type Rect } from './address.js';
import { CellError, type Cell } from './cell.js';
import { clearConditionalFormats } from './conditional-format.js';
import { ExcelError, invalidArgument } from './errors.js';
import { FormulaSyntaxError, parseFormula } from './formula-parser.js';
import { shiftFormula } from './formula-shift.js';
import { GENERAL, formatText, isValidNumberFormat, parseTypedInput } from './number-format.js';
import type { SheetModel } from './sheet.js';
import type { WorkbookModel } from './workbook.js';
import { cellKey } from './address.js';

/** A value as Office.js carries it: errors as their text, empty as ''. */
export type ApiScalar = number | string | boolean;

export function toApiValue(v: number | string | boolean | CellError | null): ApiScalar {
  if (v === null) return '';
  if (v instanceof CellError) return v.code;
  return v;
}

/** Builds the 2-D array of a rectangle. */
export function grid<T>(rect: Rect, f: (row: number, col: number) => T): T[][] {
  const out: T[][] = [];
  for (let r = rect.r0; r <= rect.r1; r++) {
    const row: T[] = new Array(rect.c1 - rect.c0 + 1);
    for (let c = rect.c0; c <= rect.c1; c++) row[c - rect.c0] = f(r, c);
    out.push(row);
  }
  return out;
}

export function readValues(wb: WorkbookModel, sheet: SheetModel, rect: Rect): ApiScalar[][] {
  const host = wb.formulaHost(true);
  return grid(rect, (r, c) => toApiValue(wb.value(sheet, r, c, host)));
}

export function readText(wb: WorkbookModel, sheet: SheetModel, rect: Rect): string[][] {
  const host = wb.formulaHost(true);
  return grid(rect, (r, c) => formatText(wb.value(sheet, r, c, host), sheet.style(r, c).numberFormat ?? GENERAL, wb.options.locale, wb.date1904));
}

export function readFormulas(wb: WorkbookModel, sheet: SheetModel, rect: Rect): ApiScalar[][] {
  return grid(rect, (r, c) => {
    const cell = sheet.cell(r, c);
    return cell?.formula ?? toApiValue(cell ? cell.value : null);
  });
}

export function readNumberFormats(sheet: SheetModel, rect: Rect): string[][] {
  return grid(rect, (r, c) => sheet.style(r, c).numberFormat ?? GENERAL);
}

export function readValueTypes(wb: WorkbookModel, sheet: SheetModel, rect: Rect): string[][] {
  const host = wb.formulaHost(true);
  return grid(rect, (r, c) => {
    const v = wb.value(sheet, r, c, host);
    if (v === null) return 'Empty';
    if (v instanceof CellError) return 'Error';
    return typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : 'String';
  });
}

/**
 * Checks an input against the range's shape: a 2-D array of exactly its rows and columns, or a
 * single value for every cell. Returns a per-cell accessor.
 */
export function shaped<T>(input: unknown, rect: Rect, what: string): (row: number, col: number) => T {
  if (!Array.isArray(input)) return () => input as T;
  const rows = rectRows(rect);
  const cols = rectCols(rect);
  if (input.length !== rows || !input.every((r) => Array.isArray(r) && r.length === cols))
    throw invalidArgument(`The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}).`);
  return (r, c) => (input[r - rect.r0] as T[])[c - rect.c0] as T;
}

/** Whether a cell is a covered (non-anchor) cell of a merged area: writes there are ignored. */
function covered(sheet: SheetModel, row: number, col: number): boolean {
  const m = sheet.mergeAt(row, col);
  return !!m && (m.r0 !== row || m.c0 !== col);
}

function checkFormula(f: string): string {
  try {
    parseFormula(f);
  } catch (e) {
    if (e instanceof FormulaSyntaxError) throw invalidArgument(`The formula "${f}" is not valid.`);
    throw e;
  }
  return f;
}

/** Writes one typed value the way Excel takes input (null leaves the cell unchanged). */
function writeOne(wb: WorkbookModel, sheet: SheetModel, row: number, col: number, v: unknown, asFormula: boolean): void {
  if (v === null || v === undefined) return;
  if (typeof v === 'number' && !Number.isFinite(v)) throw invalidArgument('The value is not a finite number.');
  if (typeof v === 'object') throw invalidArgument('Cell values must be numbers, strings or booleans.');
  if (covered(sheet, row, col)) return;
  const cell: Cell = sheet.ensureCell(row, col);
  delete cell.formula;
  if (typeof v === 'number' || typeof v === 'boolean') {
    cell.value = v;
  } else {
    const s = String(v);
    const fmt = cell.style?.numberFormat ?? GENERAL;
    const typed = asFormula && s.startsWith('=') ? { value: null, formula: s } : parseTypedInput(s, fmt, wb.options.locale, wb.date1904);
    cell.value = typed.value;
    if (typed.formula !== undefined) cell.formula = checkFormula(typed.formula);
    if ('numberFormat' in typed && typed.numberFormat) cell.style = { ...cell.style, numberFormat: typed.numberFormat };
  }
  sheet.prune(row, col);
}

/**
 * Range.values / Range.formulas setter. A single formula given for many cells is filled the way
 * Excel fills it (relative references move with each cell).
 */
export function writeValues(wb: WorkbookModel, sheet: SheetModel, rect: Rect, input: unknown, asFormula: boolean): void {
  const at = shaped<unknown>(input, rect, asFormula ? 'formulas' : 'values');
  const single = !Array.isArray(input) && typeof input === 'string' && input.startsWith('=') && input.length > 1;
  if (single) checkFormula(input as string);
  for (let r = rect.r0; r <= rect.r1; r++)
    for (let c = rect.c0; c <= rect.c1; c++) {
      const v = single ? shiftFormula(input as string, r - rect.r0, c - rect.c0) : at(r, c);
      writeOne(wb, sheet, r, c, v, asFormula);
    }
  expandTables(wb.tables, sheet, rect, (r, c) => {
    const v = sheet.cell(r, c)?.value;
    return v !== null && v !== undefined && v !== '';
  });
}

export function writeNumberFormats(sheet: SheetModel, rect: Rect, input: unknown): void {
  const at = shaped<unknown>(input, rect, 'numberFormat');
  for (let r = rect.r0; r <= rect.r1; r++)
    for (let c = rect.c0; c <= rect.c1; c++) {
      const f = at(r, c);
      if (f === null || f === undefined) continue;
      if (typeof f !== 'string' || !isValidNumberFormat(f)) throw invalidArgument(`The number format "${String(f)}" is not valid.`);
    }
  for (let r = rect.r0; r <= rect.r1; r++)
    for (let c = rect.c0; c <= rect.c1; c++) {
      const f = at(r, c);
      if (typeof f !== 'string') continue;
      const cell = sheet.ensureCell(r, c);
      cell.style = { ...cell.style, numberFormat: f };
      if (f === GENERAL) delete cell.style.numberFormat;
      sheet.prune(r, c);
    }
}

/** Range.clear(applyTo): `All`, `Formats`, `Contents`, `Hyperlinks`, `RemoveHyperlinks`. */
export function clearRange(wb: WorkbookModel, sheet: SheetModel, rect: Rect, applyTo: unknown): void {
  const mode = applyTo ?? 'All';
  if (!['All', 'Formats', 'Contents', 'Hyperlinks', 'RemoveHyperlinks'].includes(mode as string)) throw invalidArgument(`Unknown clear mode "${String(mode)}".`);
  const contents = mode === 'All' || mode === 'Contents';
  const formats = mode === 'All' || mode === 'Formats' || mode === 'RemoveHyperlinks';
  const links = mode === 'All' || mode === 'Hyperlinks' || mode === 'RemoveHyperlinks';
  for (const [r, c, cell] of [...sheet.cellsIn(rect)]) {
    if (contents) {
      cell.value = null;
      delete cell.formula;
    }
    if (formats) delete cell.style;
    if (links) delete cell.hyperlink;
    sheet.prune(r, c);
  }
  if (formats) {
    for (const kind of ['rows', 'columns'] as const) {
      const whole = kind === 'rows' ? rect.c0 === 0 && rect.c1 === 16_383 : rect.r0 === 0 && rect.r1 === 1_048_575;
      if (!whole) continue;
      const [a, b] = kind === 'rows' ? [rect.r0, rect.r1] : [rect.c0, rect.c1];
      for (const [i, p] of sheet[kind]) if (i >= a && i <= b) delete p.style;
    }
    clearConditionalFormats(sheet, rect);
  }
  if (mode === 'All') {
    for (const key of [...sheet.notes.keys()]) {
      const n = sheet.notes.get(key);
      if (n && n.row >= rect.r0 && n.row <= rect.r1 && n.col >= rect.c0 && n.col <= rect.c1) {
        n.deleted = true;
        sheet.notes.delete(key);
      }
    }
    wb.comments = wb.comments.filter((cm) => {
      const hit = cm.sheet === sheet && cm.row >= rect.r0 && cm.row <= rect.r1 && cm.col >= rect.c0 && cm.col <= rect.c1;
      if (hit) cm.deleted = true;
      return !hit;
    });
  }
}

/** Range.merge(across): keeps each area's top-left value and clears the rest, as Excel does. */
export function mergeRange(sheet: SheetModel, rect: Rect, across: boolean): void {
  const areas = across ? Array.from({ length: rectRows(rect) }, (_, i) => ({ ...rect, r0: rect.r0 + i, r1: rect.r0 + i })) : [rect];
  for (const m of sheet.mergesIn(rect))
    if (m.r0 < rect.r0 || m.c0 < rect.c0 || m.r1 > rect.r1 || m.c1 > rect.c1)
      throw new ExcelError('InvalidOperation', 'Cannot merge a range that partly overlaps a merged area.');
  sheet.merges = sheet.merges.filter((m) => !sheet.mergesIn(rect).includes(m));
  for (const a of areas) {
    if (a.r0 === a.r1 && a.c0 === a.c1) continue;
    for (const [r, c, cell] of [...sheet.cellsIn(a)]) {
      if (r === a.r0 && c === a.c0) continue;
      cell.value = null;
      delete cell.formula;
      sheet.prune(r, c);
    }
    sheet.merges.push(a);
  }
}

/** Range.unmerge(): removes every merged area the range touches. */
export function unmergeRange(sheet: SheetModel, rect: Rect): void {
  const hit = sheet.mergesIn(rect);
  sheet.merges = sheet.merges.filter((m) => !hit.includes(m));
}

/**
 * Merged areas reported by `getMergedAreasOrNullObject`: Excel reports only those whose top-left
 * cell lies inside the range (office-js issue #3611), and so does this host.
 */
export function reportedMerges(sheet: SheetModel, rect: Rect): Rect[] {
  return sheet.merges.filter((m) => m.r0 >= rect.r0 && m.r0 <= rect.r1 && m.c0 >= rect.c0 && m.c0 <= rect.c1);
}

/** The note on a cell, if any (notes are keyed by cell). */
export function noteAt(sheet: SheetModel, row: number, col: number) {
  return sheet.notes.get(cellKey(row, col));
}
