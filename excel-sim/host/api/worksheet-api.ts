// Excel.WorksheetCollection, Excel.Worksheet, FreezePanes and WorksheetProtection.
import { MAX_COLS, MAX_ROWS, type Rect } from '../address.js';
import { ExcelError, invalidArgument, itemNotFound } from '../errors.js';
import type { SheetModel } from '../sheet.js';
import { copySheet } from '../sheet-copy.js';
import { refuseOnProtectedStructure } from '../protection.js';
import { AUTO_FILTER } from './auto-filter-api.js';
import { CHART_COLLECTION } from './chart-api.js';
import { COMMENT_COLLECTION } from './comment-api.js';
import { NAME_COLLECTION } from './names-api.js';
import { NOTE_COLLECTION } from './note-api.js';
import { RANGE, rangeArg, rangeRef } from './range-api.js';
import { rangesOn } from './range-areas-api.js';
import { TABLE_COLLECTION } from './table-api.js';
import { ApiRef, bool, define, int, ref, str, type ApiCtx, type ApiClass } from './types.js';

function sheetKey(ctx: ApiCtx, key: unknown): SheetModel | undefined {
  return typeof key === 'string' ? ctx.wb.sheet(key) : undefined;
}

function getSheet(ctx: ApiCtx, key: unknown): SheetModel {
  const s = sheetKey(ctx, key);
  if (!s) throw itemNotFound(`The worksheet "${String(key)}" does not exist.`);
  return s;
}

function neighbour(ctx: ApiCtx, s: SheetModel, step: 1 | -1, visibleOnly: unknown): SheetModel | undefined {
  const list = visibleOnly === true ? ctx.wb.visibleSheets() : ctx.wb.sheets;
  return list[list.indexOf(s) + step];
}

function used(s: SheetModel, valuesOnly: unknown): Rect | null {
  return s.usedRect(valuesOnly === true);
}

export const WORKSHEET: ApiClass<SheetModel> = define<SheetModel>({
  name: 'Worksheet',
  key: (s) => s.id,
  alive: (s) => !s.deleted,
  props: {
    Name: { get: (s) => s.name, set: (s, v, ctx) => (refuseOnProtectedStructure(ctx.wb), ctx.wb.renameSheet(s, v)) },
    Id: { get: (s) => s.id },
    Position: { get: (s, ctx) => ctx.wb.sheets.indexOf(s), set: (s, v, ctx) => (refuseOnProtectedStructure(ctx.wb), ctx.wb.setPosition(s, v)) },
    Visibility: { get: (s) => s.visibility, set: (s, v, ctx) => (refuseOnProtectedStructure(ctx.wb), ctx.wb.setVisibility(s, v)) },
    TabColor: {
      get: (s) => s.tabColor,
      set: (s, v) => {
        s.tabColor = typeof v === 'string' ? v : '';
      },
    },
    ShowGridlines: {
      get: (s) => s.showGridlines,
      set: (s, v) => {
        s.showGridlines = bool(v, 'showGridlines');
      },
    },
    StandardWidth: { get: () => 8.43 },
    StandardHeight: { get: (_s, ctx) => ctx.wb.options.defaultRowHeight },
  },
  navs: {
    Tables: (s) => ref(TABLE_COLLECTION, { sheet: s }),
    Charts: (s) => ref(CHART_COLLECTION, s),
    Names: (s) => ref(NAME_COLLECTION, { sheet: s }),
    Comments: (s) => ref(COMMENT_COLLECTION, { sheet: s }),
    Notes: (s) => ref(NOTE_COLLECTION, { sheet: s }),
    FreezePanes: (s) => ref(FREEZE_PANES, s),
    Protection: (s) => ref(PROTECTION, s),
    AutoFilter: (s) => ref(AUTO_FILTER, s),
  },
  methods: {
    GetRange: (s, [address], ctx) => {
      if (address === null || address === undefined || address === '') return rangeRef(s, { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 });
      const r = ctx.wb.resolve(str(address, 'address'), s);
      if (r.sheet !== s) throw new ExcelError('InvalidReference', `The address "${String(address)}" is on another worksheet.`);
      return rangeRef(s, r.rect);
    },
    GetRanges: (s, [address], ctx) => rangesOn(s, str(address, 'address'), ctx),
    GetRangeByIndexes: (s, [r, c, rows, cols]) => {
      const rect = { r0: int(r, 'startRow'), c0: int(c, 'startColumn'), r1: int(r, 'startRow') + int(rows, 'rowCount') - 1, c1: int(c, 'startColumn') + int(cols, 'columnCount') - 1 };
      if (rect.r0 < 0 || rect.c0 < 0 || rect.r1 < rect.r0 || rect.c1 < rect.c0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS) throw invalidArgument('The range is outside the worksheet.');
      return rangeRef(s, rect);
    },
    GetCell: (s, [r, c]) => {
      const row = int(r, 'row');
      const col = int(c, 'column');
      if (row < 0 || col < 0 || row >= MAX_ROWS || col >= MAX_COLS) throw invalidArgument('The cell is outside the worksheet.');
      return rangeRef(s, { r0: row, c0: col, r1: row, c1: col });
    },
    // Excel answers an empty sheet's used range with A1.
    GetUsedRange: (s, [valuesOnly]) => rangeRef(s, used(s, valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 }),
    GetUsedRangeOrNullObject: (s, [valuesOnly]) => {
      const u = used(s, valuesOnly);
      return u ? rangeRef(s, u) : ref(RANGE, null);
    },
    Activate: (s, _args, ctx) => ctx.wb.activate(s),
    Delete: (s, _args, ctx) => (refuseOnProtectedStructure(ctx.wb), ctx.wb.deleteSheet(s)),
    Copy: (s, [positionType, relativeTo], ctx) => (refuseOnProtectedStructure(ctx.wb), ref(WORKSHEET, copySheet(ctx.wb, s, positionType, relativeTo instanceof ApiRef ? ((relativeTo as ApiRef).target as SheetModel) : null))),
    GetNext: (s, [visibleOnly], ctx) => {
      const n = neighbour(ctx, s, 1, visibleOnly);
      if (!n) throw itemNotFound('There is no next worksheet.');
      return ref(WORKSHEET, n);
    },
    GetNextOrNullObject: (s, [visibleOnly], ctx) => ref(WORKSHEET, neighbour(ctx, s, 1, visibleOnly) ?? null),
    GetPrevious: (s, [visibleOnly], ctx) => {
      const n = neighbour(ctx, s, -1, visibleOnly);
      if (!n) throw itemNotFound('There is no previous worksheet.');
      return ref(WORKSHEET, n);
    },
    GetPreviousOrNullObject: (s, [visibleOnly], ctx) => ref(WORKSHEET, neighbour(ctx, s, -1, visibleOnly) ?? null),
    Calculate: () => undefined,
  },
});

export const WORKSHEET_COLLECTION: ApiClass<object> = define<object>({
  name: 'WorksheetCollection',
  items: (_t, ctx) => ctx.wb.sheets.map((s) => ref(WORKSHEET, s)),
  indexer: (_t, [key], ctx) => ref(WORKSHEET, getSheet(ctx, key)),
  methods: {
    Add: (_t, [name], ctx) => (refuseOnProtectedStructure(ctx.wb), ref(WORKSHEET, ctx.wb.addSheet(name === null ? undefined : str(name, 'name')))),
    GetItem: (_t, [key], ctx) => ref(WORKSHEET, getSheet(ctx, key)),
    GetItemOrNullObject: (_t, [key], ctx) => ref(WORKSHEET, sheetKey(ctx, key) ?? null),
    GetActiveWorksheet: (_t, _a, ctx) => ref(WORKSHEET, ctx.wb.active),
    GetCount: (_t, [visibleOnly], ctx) => (visibleOnly === true ? ctx.wb.visibleSheets() : ctx.wb.sheets).length,
    GetFirst: (_t, [visibleOnly], ctx) => ref(WORKSHEET, (visibleOnly === true ? ctx.wb.visibleSheets() : ctx.wb.sheets)[0] ?? null),
    GetLast: (_t, [visibleOnly], ctx) => ref(WORKSHEET, (visibleOnly === true ? ctx.wb.visibleSheets() : ctx.wb.sheets).at(-1) ?? null),
  },
});

export const FREEZE_PANES: ApiClass<SheetModel> = define<SheetModel>({
  name: 'WorksheetFreezePanes',
  methods: {
    FreezeRows: (s, [n]) => {
      s.freeze = { rows: int(n, 'count', 1), cols: 0 };
    },
    FreezeColumns: (s, [n]) => {
      s.freeze = { rows: 0, cols: int(n, 'count', 1) };
    },
    FreezeAt: (s, [at], ctx) => {
      const r = rangeArg(at, ctx, s);
      s.freeze = { rows: r.rect.r1 + 1, cols: r.rect.c1 + 1 };
    },
    Unfreeze: (s) => {
      s.freeze = { rows: 0, cols: 0 };
    },
    GetLocationOrNullObject: (s) =>
      s.freeze.rows || s.freeze.cols ? rangeRef(s, { r0: 0, c0: 0, r1: Math.max(s.freeze.rows, 1) - 1, c1: Math.max(s.freeze.cols, 1) - 1 }) : ref(RANGE, null),
  },
});

export const PROTECTION: ApiClass<SheetModel> = define<SheetModel>({
  name: 'WorksheetProtection',
  props: { Protected: { get: (s) => s.protected } },
  methods: {
    Protect: (s) => {
      if (s.protected) throw new ExcelError('InvalidOperation', 'The worksheet is already protected.');
      s.protected = true;
    },
    Unprotect: (s) => {
      s.protected = false;
    },
  },
});
