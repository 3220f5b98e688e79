// Excel.TableRowCollection/TableRow and TableColumnCollection/TableColumn: a table's rows by
// position (adding rows moves the cells below, as Excel inserts them) and its columns by name.
import { cellKey, rectCols, type Rect } from '../address.js';
import { ExcelError, invalidArgument, itemNotFound } from '../errors.js';
import { readValues, shaped, writeValues } from '../range-model.js';
import type { SheetModel } from '../sheet.js';
import { bodyRect, headerRect, totalRect, type TableModel } from '../tables.js';
import type { WorkbookModel } from '../workbook.js';
import { rangeRef } from './range-api.js';
import { define, int, ref, type ApiClass, type ApiCtx } from './types.js';

export function headerNames(wb: WorkbookModel, t: TableModel): string[] {
  const h = headerRect(t);
  if (!h) return Array.from({ length: rectCols(t.rect) }, (_, i) => `Column${i + 1}`);
  return readValues(wb, t.sheet, h)[0]?.map(String) ?? [];
}

/** Moves the cells of columns c0..c1 from `row` down by `n` rows (Excel's insert, shift down). */
function shiftDown(wb: WorkbookModel, sheet: SheetModel, row: number, c0: number, c1: number, n: number): void {
  for (const m of sheet.merges)
    if (m.r1 >= row && m.c0 <= c1 && m.c1 >= c0 && (m.c0 < c0 || m.c1 > c1 || m.r0 < row))
      throw new ExcelError('InsertDeleteConflict', 'The insert would move part of a merged area.');
  const moving = [...sheet.cells].filter(([k]) => Math.floor(k / 16_384) >= row && k % 16_384 >= c0 && k % 16_384 <= c1);
  for (const [k] of moving) sheet.cells.delete(k);
  for (const [k, cell] of moving) {
    const r = Math.floor(k / 16_384);
    const c = k % 16_384;
    sheet.ensureCell(r + n, c);
    sheet.cells.set(cellKey(r + n, c), cell);
  }
  for (const m of sheet.merges) if (m.r0 >= row && m.c0 >= c0 && m.c1 <= c1) Object.assign(m, { r0: m.r0 + n, r1: m.r1 + n });
  for (const t of wb.tables) if (t.sheet === sheet && t.rect.r0 >= row && t.rect.c0 >= c0 && t.rect.c1 <= c1) t.rect = { ...t.rect, r0: t.rect.r0 + n, r1: t.rect.r1 + n };
  for (const note of [...sheet.notes.values()])
    if (note.row >= row && note.col >= c0 && note.col <= c1) {
      sheet.notes.delete(cellKey(note.row, note.col));
      note.row += n;
      sheet.notes.set(cellKey(note.row, note.col), note);
    }
}

interface RowTarget {
  t: TableModel;
  index: number;
}

function rowRect(r: RowTarget): Rect {
  const body = bodyRect(r.t);
  return { ...body, r0: body.r0 + r.index, r1: body.r0 + r.index };
}

export const TABLE_ROWS: ApiClass<TableModel> = define<TableModel>({
  name: 'TableRowCollection',
  props: { Count: { get: (t) => bodyRect(t).r1 - bodyRect(t).r0 + 1 } },
  items: (t) => Array.from({ length: bodyRect(t).r1 - bodyRect(t).r0 + 1 }, (_, index) => ref(TABLE_ROW, { t, index })),
  methods: {
    GetCount: (t) => bodyRect(t).r1 - bodyRect(t).r0 + 1,
    GetItemAt: (t, [i]) => {
      const index = int(i, 'index');
      if (index < 0 || index > bodyRect(t).r1 - bodyRect(t).r0) throw invalidArgument('The index is out of range.');
      return ref(TABLE_ROW, { t, index });
    },
    Add: (t, [index, values], ctx) => {
      const body = bodyRect(t);
      const count = Array.isArray(values) ? values.length : 1;
      const at = index === null || index === undefined ? body.r1 + 1 - body.r0 : int(index, 'index');
      if (at < 0 || at > body.r1 - body.r0 + 1) throw invalidArgument('The index is out of range.');
      const row = body.r0 + at;
      shiftDown(ctx.wb, t.sheet, row, t.rect.c0, t.rect.c1, count);
      t.rect = { ...t.rect, r1: t.rect.r1 + count };
      const target = { r0: row, c0: t.rect.c0, r1: row + count - 1, c1: t.rect.c1 };
      if (values !== null && values !== undefined) {
        shaped(values, target, 'table rows');
        writeValues(ctx.wb, t.sheet, target, values, false);
      }
      return ref(TABLE_ROW, { t, index: at });
    },
  },
});

export const TABLE_ROW: ApiClass<RowTarget> = define<RowTarget>({
  name: 'TableRow',
  alive: (r) => !r.t.deleted,
  props: {
    Index: { get: (r) => r.index },
    Values: { get: (r, ctx) => readValues(ctx.wb, r.t.sheet, rowRect(r)), set: (r, v, ctx) => writeValues(ctx.wb, r.t.sheet, rowRect(r), v, false) },
  },
  methods: {
    GetRange: (r) => rangeRef(r.t.sheet, rowRect(r)),
  },
});

interface ColumnTarget {
  t: TableModel;
  index: number;
}

function columnByKey(ctx: ApiCtx, t: TableModel, key: unknown): ColumnTarget | null {
  const names = headerNames(ctx.wb, t);
  const byName = names.findIndex((n) => n.toLowerCase() === String(key).toLowerCase());
  const index = byName >= 0 ? byName : typeof key === 'number' || /^\d+$/.test(String(key)) ? Number(key) - 1 : -1;
  return index >= 0 && index < names.length ? { t, index } : null;
}

function colRect(c: ColumnTarget, part: 'all' | 'header' | 'body' | 'total'): Rect {
  const col = c.t.rect.c0 + c.index;
  const base = part === 'all' ? c.t.rect : part === 'header' ? headerRect(c.t) : part === 'body' ? bodyRect(c.t) : totalRect(c.t);
  if (!base) throw itemNotFound(`The table has no ${part} row.`);
  return { ...base, c0: col, c1: col };
}

export const TABLE_COLUMNS: ApiClass<TableModel> = define<TableModel>({
  name: 'TableColumnCollection',
  props: { Count: { get: (t) => rectCols(t.rect) } },
  items: (t) => Array.from({ length: rectCols(t.rect) }, (_, index) => ref(TABLE_COLUMN, { t, index })),
  indexer: (t, [key], ctx) => {
    const c = columnByKey(ctx, t, key);
    if (!c) throw itemNotFound(`The column "${String(key)}" does not exist.`);
    return ref(TABLE_COLUMN, c);
  },
  methods: {
    GetItem: (t, [key], ctx) => {
      const c = columnByKey(ctx, t, key);
      if (!c) throw itemNotFound(`The column "${String(key)}" does not exist.`);
      return ref(TABLE_COLUMN, c);
    },
    GetItemOrNullObject: (t, [key], ctx) => ref(TABLE_COLUMN, columnByKey(ctx, t, key)),
    GetItemAt: (t, [i]) => {
      const index = int(i, 'index');
      if (index < 0 || index >= rectCols(t.rect)) throw invalidArgument('The index is out of range.');
      return ref(TABLE_COLUMN, { t, index });
    },
    GetCount: (t) => rectCols(t.rect),
  },
});

export const TABLE_COLUMN: ApiClass<ColumnTarget> = define<ColumnTarget>({
  name: 'TableColumn',
  key: (c) => c.index + 1,
  alive: (c) => !c.t.deleted,
  props: {
    Id: { get: (c) => c.index + 1 },
    Index: { get: (c) => c.index },
    Name: {
      get: (c, ctx) => headerNames(ctx.wb, c.t)[c.index] ?? '',
      set: (c, v, ctx) => writeValues(ctx.wb, c.t.sheet, colRect(c, 'header'), [[`'${String(v)}`]], false),
    },
    Values: { get: (c, ctx) => readValues(ctx.wb, c.t.sheet, colRect(c, 'all')), set: (c, v, ctx) => writeValues(ctx.wb, c.t.sheet, colRect(c, 'all'), v, false) },
  },
  methods: {
    GetRange: (c) => rangeRef(c.t.sheet, colRect(c, 'all')),
    GetHeaderRowRange: (c) => rangeRef(c.t.sheet, colRect(c, 'header')),
    GetDataBodyRange: (c) => rangeRef(c.t.sheet, colRect(c, 'body')),
    GetTotalRowRange: (c) => rangeRef(c.t.sheet, colRect(c, 'total')),
  },
});

