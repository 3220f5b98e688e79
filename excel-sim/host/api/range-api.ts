// Excel.Range, Excel.RangeAreas and Excel.RangeCollection bound to the model.
import { MAX_COLS, MAX_ROWS, boundingRect, formatAddress, intersect, isEntireColumns, isEntireRows, rectCols, rectRows, type Rect } from '../address.js';
import { getCellProperties, getColumnProperties, getRowProperties, setCellProperties, setLineProperties } from '../cell-properties.js';
import type { Hyperlink } from '../cell.js';
import { ExcelError, NotModelledError, invalidArgument, itemNotFound } from '../errors.js';
import { clearRange, mergeRange, readFormulas, readNumberFormats, readText, readValueTypes, readValues, reportedMerges, unmergeRange, writeNumberFormats, writeValues } from '../range-model.js';
import type { SheetModel } from '../sheet.js';
import { formatText, GENERAL } from '../number-format.js';
import { CF_COLLECTION } from './conditional-format-api.js';
import { DATA_VALIDATION } from './data-validation-api.js';
import { RANGE_FORMAT } from './format-api.js';
import { RANGE_AREAS } from './range-areas-api.js';
import { WORKSHEET } from './worksheet-api.js';
import { sortRows } from '../sort.js';
import { deleteRows, insertRows } from '../row-shift.js';
import { ApiRef, bool, define, int, ref, single, str, type ApiCtx, type RangeTarget, type ApiClass } from './types.js';

export function rangeRef(sheet: SheetModel, rect: Rect): ApiRef {
  return ref(RANGE, { sheet, areas: [rect] });
}

/** A Range argument: a Range object or an address (on `context`, else the active sheet). */
export function rangeArg(arg: unknown, ctx: ApiCtx, context?: SheetModel): { sheet: SheetModel; rect: Rect } {
  if (arg instanceof ApiRef) {
    const t = arg.target as RangeTarget | null;
    if (!t || !t.areas) throw new ExcelError('InvalidReference', 'The argument is not a range.');
    return { sheet: t.sheet, rect: single(t, 'This argument') };
  }
  if (typeof arg !== 'string') throw invalidArgument('The argument is invalid or missing or has an incorrect format.');
  return ctx.wb.resolve(arg, context);
}

function rect1(t: RangeTarget): Rect {
  return single(t, 'This operation');
}

function cells(t: RangeTarget): number {
  return t.areas.reduce((n, a) => n + rectRows(a) * rectCols(a), 0);
}

/** Reads a 2-D property after checking the answer could fit the response limit. */
function read<T>(f: (t: RangeTarget, r: Rect, ctx: ApiCtx) => T) {
  return (t: RangeTarget, ctx: ApiCtx): T => {
    ctx.budgetCells(cells(t));
    return f(t, rect1(t), ctx);
  };
}

function lineHidden(t: RangeTarget, kind: 'columns' | 'rows'): boolean | null {
  const r = rect1(t);
  const [a, b] = kind === 'columns' ? [r.c0, r.c1] : [r.r0, r.r1];
  let hidden = 0;
  for (const [i, p] of t.sheet[kind]) if (i >= a && i <= b && p.hidden) hidden++;
  return hidden === 0 ? false : hidden === b - a + 1 ? true : null;
}

function setLineHidden(t: RangeTarget, kind: 'columns' | 'rows', v: unknown): void {
  if (typeof v !== 'boolean') throw invalidArgument(`${kind === 'columns' ? 'columnHidden' : 'rowHidden'} must be a boolean.`);
  const r = rect1(t);
  const [a, b] = kind === 'columns' ? [r.c0, r.c1] : [r.r0, r.r1];
  for (let i = a; i <= b; i++) t.sheet.line(kind, i).hidden = v;
}

/** The range's rows, when it is whole rows shifted the one way whole rows can go. */
function wholeRows(t: RangeTarget, shift: unknown, way: 'Down' | 'Up'): Rect {
  const r = rect1(t);
  if (!isEntireRows(r)) throw new NotModelledError(`Range.${way === 'Down' ? 'insert' : 'delete'} on part of a row (only whole rows are modelled)`);
  if (shift !== way) throw invalidArgument(`Whole rows can only be shifted ${way}.`);
  return r;
}

function offset(t: RangeTarget, dr: number, dc: number, rows: number, cols: number): ApiRef {
  const r = rect1(t);
  const out = { r0: r.r0 + dr, c0: r.c0 + dc, r1: r.r0 + dr + rows - 1, c1: r.c0 + dc + cols - 1 };
  if (rows < 1 || cols < 1 || out.r0 < 0 || out.c0 < 0 || out.r1 >= MAX_ROWS || out.c1 >= MAX_COLS)
    throw invalidArgument('The argument is invalid or missing or has an incorrect format (the range would fall outside the sheet).');
  return rangeRef(t.sheet, out);
}

function usedIn(t: RangeTarget, valuesOnly: unknown): Rect | null {
  const used = t.sheet.usedRect(valuesOnly === true);
  return used ? intersect(used, rect1(t)) : null;
}

function find(t: RangeTarget, args: unknown[], ctx: ApiCtx): Rect | null {
  const text = str(args[0], 'text');
  const opts = (args[1] ?? {}) as { completeMatch?: boolean; matchCase?: boolean; searchDirection?: string };
  const r = rect1(t);
  const used = intersect(r, t.sheet.usedRect(true) ?? r) ?? r;
  const norm = (s: string): string => (opts.matchCase ? s : s.toLowerCase());
  const want = norm(text);
  const hits: Rect[] = [];
  for (let row = used.r0; row <= used.r1; row++)
    for (let col = used.c0; col <= used.c1; col++) {
      const v = ctx.wb.value(t.sheet, row, col);
      if (v === null) continue;
      const shown = norm(formatText(v, t.sheet.style(row, col).numberFormat ?? GENERAL, ctx.wb.options.locale, ctx.wb.date1904));
      if (opts.completeMatch ? shown === want : shown.includes(want)) hits.push({ r0: row, c0: col, r1: row, c1: col });
    }
  return (opts.searchDirection === 'Backwards' ? hits.at(-1) : hits[0]) ?? null;
}

const setHyperlink = (t: RangeTarget, v: unknown): void => {
  const r = rect1(t);
  for (let row = r.r0; row <= r.r1; row++)
    for (let col = r.c0; col <= r.c1; col++) {
      const cell = t.sheet.ensureCell(row, col);
      if (v === null || v === undefined) delete cell.hyperlink;
      else {
        const link = v as Hyperlink;
        cell.hyperlink = { ...link };
        if (typeof link.textToDisplay === 'string') {
          cell.value = link.textToDisplay;
          delete cell.formula;
        }
      }
      t.sheet.prune(row, col);
    }
};

export const RANGE: ApiClass<RangeTarget> = define<RangeTarget>({
  name: 'Range',
  alive: (t) => !t.sheet.deleted,
  props: {
    Address: { get: (t) => formatAddress(t.sheet.name, rect1(t)) },
    AddressLocal: { get: (t) => formatAddress(t.sheet.name, rect1(t)) },
    RowIndex: { get: (t) => rect1(t).r0 },
    ColumnIndex: { get: (t) => rect1(t).c0 },
    RowCount: { get: (t) => rectRows(rect1(t)) },
    ColumnCount: { get: (t) => rectCols(rect1(t)) },
    CellCount: { get: (t) => cells(t) },
    Values: { get: read((t, r, ctx) => readValues(ctx.wb, t.sheet, r)), set: (t, v, ctx) => writeValues(ctx.wb, t.sheet, rect1(t), v, false) },
    Text: { get: read((t, r, ctx) => readText(ctx.wb, t.sheet, r)) },
    Formulas: { get: read((t, r, ctx) => readFormulas(ctx.wb, t.sheet, r)), set: (t, v, ctx) => writeValues(ctx.wb, t.sheet, rect1(t), v, true) },
    FormulasLocal: { get: read((t, r, ctx) => readFormulas(ctx.wb, t.sheet, r)), set: (t, v, ctx) => writeValues(ctx.wb, t.sheet, rect1(t), v, true) },
    NumberFormat: { get: read((t, r) => readNumberFormats(t.sheet, r)), set: (t, v) => writeNumberFormats(t.sheet, rect1(t), v) },
    NumberFormatLocal: {
      // zh-CN Excel shows General as G/通用格式 in its local format strings.
      get: read((t, r, ctx) => readNumberFormats(t.sheet, r).map((row) => row.map((f) => (f === GENERAL && ctx.wb.options.locale === 'zh-CN' ? 'G/通用格式' : f)))),
      set: (t, v) => writeNumberFormats(t.sheet, rect1(t), Array.isArray(v) ? v.map((row: unknown[]) => row.map((f) => (f === 'G/通用格式' ? GENERAL : f))) : v === 'G/通用格式' ? GENERAL : v),
    },
    ValueTypes: { get: read((t, r, ctx) => readValueTypes(ctx.wb, t.sheet, r)) },
    Hidden: { get: (t) => lineHidden(t, 'columns') === true || lineHidden(t, 'rows') === true },
    ColumnHidden: { get: (t) => lineHidden(t, 'columns'), set: (t, v) => setLineHidden(t, 'columns', v) },
    RowHidden: { get: (t) => lineHidden(t, 'rows'), set: (t, v) => setLineHidden(t, 'rows', v) },
    IsEntireColumn: { get: (t) => isEntireColumns(rect1(t)) },
    IsEntireRow: { get: (t) => isEntireRows(rect1(t)) },
    Hyperlink: { get: (t) => t.sheet.cell(rect1(t).r0, rect1(t).c0)?.hyperlink ?? null, set: setHyperlink },
  },
  navs: {
    Format: (t) => ref(RANGE_FORMAT, t),
    ConditionalFormats: (t) => ref(CF_COLLECTION, t),
    DataValidation: (t) => ref(DATA_VALIDATION, t),
    Worksheet: (t) => ref(WORKSHEET, t.sheet),
    Sort: (t) => ref(RANGE_SORT, t),
  },
  methods: {
    // office.js checks a big values/formats array against the range before it splits the write
    // into 1,500-cell pieces; Excel answers InvalidArgument when the shapes differ.
    _ValidateArraySize: (t, [rows, cols]) => {
      const r = rect1(t);
      if (int(rows, 'rows') !== rectRows(r) || int(cols, 'columns') !== rectCols(r)) {
        throw invalidArgument('The number of rows or columns in the input array doesn\'t match the size or dimensions of the range.');
      }
      return null;
    },
    GetCell: (t, [r, c]) => offset(t, int(r, 'row'), int(c, 'column'), 1, 1),
    GetRow: (t, [i]) => {
      const r = rect1(t);
      const k = int(i, 'row');
      if (k < 0 || k >= rectRows(r)) throw invalidArgument('The row index is outside the range.');
      return offset(t, k, 0, 1, rectCols(r));
    },
    GetColumn: (t, [i]) => {
      const r = rect1(t);
      const k = int(i, 'column');
      if (k < 0 || k >= rectCols(r)) throw invalidArgument('The column index is outside the range.');
      return offset(t, 0, k, rectRows(r), 1);
    },
    GetOffsetRange: (t, [dr, dc]) => offset(t, int(dr, 'rowOffset'), int(dc, 'columnOffset'), rectRows(rect1(t)), rectCols(rect1(t))),
    GetResizedRange: (t, [dr, dc]) => offset(t, 0, 0, rectRows(rect1(t)) + int(dr, 'deltaRows'), rectCols(rect1(t)) + int(dc, 'deltaColumns')),
    GetAbsoluteResizedRange: (t, [rows, cols]) => offset(t, 0, 0, int(rows, 'numRows'), int(cols, 'numColumns')),
    GetEntireColumn: (t) => rangeRef(t.sheet, { ...rect1(t), r0: 0, r1: MAX_ROWS - 1 }),
    GetEntireRow: (t) => rangeRef(t.sheet, { ...rect1(t), c0: 0, c1: MAX_COLS - 1 }),
    GetLastCell: (t) => rangeRef(t.sheet, { ...rect1(t), r0: rect1(t).r1, c0: rect1(t).c1 }),
    GetLastRow: (t) => rangeRef(t.sheet, { ...rect1(t), r0: rect1(t).r1 }),
    GetLastColumn: (t) => rangeRef(t.sheet, { ...rect1(t), c0: rect1(t).c1 }),
    GetRowsAbove: (t, [n]) => offset(t, -int(n, 'count', 1), 0, int(n, 'count', 1), rectCols(rect1(t))),
    GetRowsBelow: (t, [n]) => offset(t, rectRows(rect1(t)), 0, int(n, 'count', 1), rectCols(rect1(t))),
    GetColumnsBefore: (t, [n]) => offset(t, 0, -int(n, 'count', 1), rectRows(rect1(t)), int(n, 'count', 1)),
    GetColumnsAfter: (t, [n]) => offset(t, 0, rectCols(rect1(t)), rectRows(rect1(t)), int(n, 'count', 1)),
    GetBoundingRect: (t, [other], ctx) => {
      const o = rangeArg(other, ctx, t.sheet);
      if (o.sheet !== t.sheet) throw new ExcelError('InvalidReference', 'The ranges are on different worksheets.');
      return rangeRef(t.sheet, boundingRect(rect1(t), o.rect));
    },
    GetIntersection: (t, [other], ctx) => {
      const o = rangeArg(other, ctx, t.sheet);
      const i = o.sheet === t.sheet ? intersect(rect1(t), o.rect) : null;
      if (!i) throw itemNotFound('The ranges do not intersect.');
      return rangeRef(t.sheet, i);
    },
    GetIntersectionOrNullObject: (t, [other], ctx) => {
      const o = rangeArg(other, ctx, t.sheet);
      const i = o.sheet === t.sheet ? intersect(rect1(t), o.rect) : null;
      return i ? rangeRef(t.sheet, i) : ref(RANGE, null);
    },
    GetUsedRange: (t, [valuesOnly]) => {
      const u = usedIn(t, valuesOnly);
      if (!u) throw itemNotFound('The range has no used cells.');
      return rangeRef(t.sheet, u);
    },
    GetUsedRangeOrNullObject: (t, [valuesOnly]) => {
      const u = usedIn(t, valuesOnly);
      return u ? rangeRef(t.sheet, u) : ref(RANGE, null);
    },
    GetMergedAreasOrNullObject: (t) => {
      const merges = reportedMerges(t.sheet, rect1(t));
      return merges.length ? ref(RANGE_AREAS, { sheet: t.sheet, areas: merges }) : ref(RANGE_AREAS, null);
    },
    Find: (t, args, ctx) => {
      const hit = find(t, args, ctx);
      if (!hit) throw itemNotFound(`"${String(args[0])}" was not found.`);
      return rangeRef(t.sheet, hit);
    },
    FindOrNullObject: (t, args, ctx) => {
      const hit = find(t, args, ctx);
      return hit ? rangeRef(t.sheet, hit) : ref(RANGE, null);
    },
    Clear: (t, [applyTo], ctx) => clearRange(ctx.wb, t.sheet, rect1(t), applyTo),
    // Whole rows only (what a clerk does from the row header); see row-shift.ts.
    Insert: (t, [shift], ctx) => {
      const r = wholeRows(t, shift, 'Down');
      insertRows(ctx.wb, t.sheet, r.r0, rectRows(r));
      return rangeRef(t.sheet, r);
    },
    Delete: (t, [shift], ctx) => {
      const r = wholeRows(t, shift, 'Up');
      deleteRows(ctx.wb, t.sheet, r.r0, rectRows(r));
    },
    Merge: (t, [across]) => mergeRange(t.sheet, rect1(t), bool(across, 'across', false)),
    Unmerge: (t) => unmergeRange(t.sheet, rect1(t)),
    Select: (t, _args, ctx) => {
      ctx.wb.activate(t.sheet);
      t.sheet.selection = rect1(t);
    },
    Calculate: () => undefined,
    GetCellProperties: (t, [opts], ctx) => {
      ctx.budgetCells(cells(t));
      return getCellProperties(ctx.wb, t.sheet, rect1(t), opts);
    },
    GetColumnProperties: (t, [opts], ctx) => getColumnProperties(ctx.wb, t.sheet, rect1(t), opts),
    GetRowProperties: (t, [opts], ctx) => {
      ctx.budgetCells(rectRows(rect1(t)));
      return getRowProperties(ctx.wb, t.sheet, rect1(t), opts);
    },
    SetCellProperties: (t, [values], ctx) => setCellProperties(ctx.wb, t.sheet, rect1(t), values),
    SetColumnProperties: (t, [values], ctx) => setLineProperties(ctx.wb, t.sheet, rect1(t), values, 'columns'),
    SetRowProperties: (t, [values], ctx) => setLineProperties(ctx.wb, t.sheet, rect1(t), values, 'rows'),
  },
});

/** Range.sort (ExcelApi 1.2): by rows only; see sort.ts. */
export const RANGE_SORT: ApiClass<RangeTarget> = define<RangeTarget>({
  name: 'RangeSort',
  methods: {
    Apply: (t, [fields, _matchCase, hasHeaders, orientation], ctx) => {
      if (orientation !== undefined && orientation !== null && orientation !== 'Rows') throw new ExcelError('NotImplemented', '[simulated Excel] sorting by columns is not modelled');
      sortRows(ctx.wb, t.sheet, rect1(t), fields, hasHeaders);
    },
  },
});
