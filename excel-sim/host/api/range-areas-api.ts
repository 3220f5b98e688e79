// Excel.RangeAreas (several rectangles of one sheet, e.g. merged areas or getRanges("A1, C3"))
// and Excel.RangeCollection (its areas).
import { MAX_COLS, MAX_ROWS, formatAddress, isEntireColumns, isEntireRows, rectCols, rectRows, type Rect } from '../address.js';
import { ExcelError } from '../errors.js';
import { clearRange } from '../range-model.js';
import type { SheetModel } from '../sheet.js';
import { CF_COLLECTION } from './conditional-format-api.js';
import { RANGE_FORMAT } from './format-api.js';
import { rangeRef } from './range-api.js';
import { WORKSHEET } from './worksheet-api.js';
import { define, int, ref, type ApiClass, type ApiCtx, type ApiRef, type RangeTarget } from './types.js';

function cells(t: RangeTarget): number {
  return t.areas.reduce((n, a) => n + rectRows(a) * rectCols(a), 0);
}

export const RANGE_COLLECTION: ApiClass<RangeTarget> = define<RangeTarget>({
  name: 'RangeCollection',
  items: (t) => t.areas.map((a) => rangeRef(t.sheet, a)),
  methods: {
    GetCount: (t) => t.areas.length,
    GetItemAt: (t, [i]) => {
      const a = t.areas[int(i, 'index')];
      if (!a) throw new ExcelError('InvalidArgument', 'The index is out of range.');
      return rangeRef(t.sheet, a);
    },
  },
});

export const RANGE_AREAS: ApiClass<RangeTarget> = define<RangeTarget>({
  name: 'RangeAreas',
  alive: (t) => !t.sheet.deleted,
  props: {
    Address: { get: (t) => t.areas.map((a) => formatAddress(t.sheet.name, a)).join(', ') },
    AddressLocal: { get: (t) => t.areas.map((a) => formatAddress(t.sheet.name, a)).join(', ') },
    AreaCount: { get: (t) => t.areas.length },
    CellCount: { get: (t) => cells(t) },
    IsEntireColumn: { get: (t) => t.areas.every(isEntireColumns) },
    IsEntireRow: { get: (t) => t.areas.every(isEntireRows) },
  },
  navs: {
    Areas: (t) => ref(RANGE_COLLECTION, t),
    Format: (t) => ref(RANGE_FORMAT, t),
    ConditionalFormats: (t) => ref(CF_COLLECTION, t),
    Worksheet: (t) => ref(WORKSHEET, t.sheet),
  },
  methods: {
    Clear: (t, [applyTo], ctx) => t.areas.forEach((a) => clearRange(ctx.wb, t.sheet, a, applyTo)),
    GetEntireColumn: (t) => ref(RANGE_AREAS, { sheet: t.sheet, areas: t.areas.map((a) => ({ ...a, r0: 0, r1: MAX_ROWS - 1 })) }),
    GetEntireRow: (t) => ref(RANGE_AREAS, { sheet: t.sheet, areas: t.areas.map((a) => ({ ...a, c0: 0, c1: MAX_COLS - 1 })) }),
    Select: (t, _args, ctx) => {
      ctx.wb.activate(t.sheet);
      t.sheet.selection = t.areas[0] as Rect;
    },
    Calculate: () => undefined,
  },
});

/** RangeAreas for `worksheet.getRanges("A1:B2, D4")`. */
export function rangesOn(sheet: SheetModel, text: string, ctx: ApiCtx): ApiRef {
  const areas = text.split(/[,，]/).map((part) => {
    const r = ctx.wb.resolve(part.trim(), sheet);
    if (r.sheet !== sheet) throw new ExcelError('InvalidArgument', 'All areas must be on the same worksheet.');
    return r.rect;
  });
  return ref(RANGE_AREAS, { sheet, areas });
}
