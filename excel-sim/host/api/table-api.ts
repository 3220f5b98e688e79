// Excel.TableCollection and Excel.Table: creating a table from a range (Excel's header naming,
// no overlap with other tables or merged cells), its parts, deleting or converting it.
import { formatAddress, intersect, type Rect } from '../address.js';
import { ExcelError, NotModelledError, invalidArgument, itemNotFound } from '../errors.js';
import { clearRange, readValues, writeValues } from '../range-model.js';
import type { SheetModel } from '../sheet.js';
import { bodyRect, headerRect, isValidTableName, totalRect, uniqueHeaders, type TableModel } from '../tables.js';
import type { WorkbookModel } from '../workbook.js';
import { rangeArg, rangeRef } from './range-api.js';
import { TABLE_COLUMNS, TABLE_ROWS } from './table-parts-api.js';
import { WORKSHEET } from './worksheet-api.js';
import { bool, define, int, ref, type ApiCtx, type ApiClass } from './types.js';

interface Scope {
  sheet?: SheetModel;
}

function tablesIn(ctx: ApiCtx, scope: Scope): TableModel[] {
  return ctx.wb.tables.filter((t) => !scope.sheet || t.sheet === scope.sheet);
}

function findTable(ctx: ApiCtx, scope: Scope, key: unknown): TableModel | undefined {
  const k = String(key).toLowerCase();
  return tablesIn(ctx, scope).find((t) => t.name.toLowerCase() === k || String(t.id) === String(key));
}

function nameTaken(wb: WorkbookModel, name: string, except?: TableModel): boolean {
  const n = name.toLowerCase();
  return wb.tables.some((t) => t !== except && t.name.toLowerCase() === n) || wb.names.some((x) => x.name.toLowerCase() === n);
}

function addTable(ctx: ApiCtx, scope: Scope, address: unknown, hasHeaders: unknown): TableModel {
  const { sheet, rect } = rangeArg(address, ctx, scope.sheet);
  if (scope.sheet && sheet !== scope.sheet) throw new ExcelError('InvalidReference', 'The table range must be on this worksheet.');
  if (!bool(hasHeaders, 'hasHeaders')) throw new NotModelledError('TableCollection.add(address, false)', 'Excel inserts a header row; only hasHeaders = true is modelled');
  if (ctx.wb.tables.some((t) => t.sheet === sheet && intersect(t.rect, rect))) throw new ExcelError('InvalidOperation', 'A table cannot overlap another table.');
  if (sheet.mergesIn(rect).length) throw new ExcelError('InvalidOperation', 'A table cannot contain merged cells.');
  const wb = ctx.wb;
  const r: Rect = rect.r0 === rect.r1 ? { ...rect, r1: rect.r1 + 1 } : { ...rect };
  const header = { ...r, r1: r.r0 };
  const names = uniqueHeaders(readValues(wb, sheet, header)[0]?.map((v) => String(v)) ?? []);
  writeValues(wb, sheet, header, [names.map((n) => `'${n}`)], false);
  const id = wb.nextId('table');
  const prefix = wb.options.locale === 'zh-CN' ? '表' : 'Table';
  let i = id;
  while (nameTaken(wb, `${prefix}${i}`)) i++;
  const table: TableModel = { id, name: `${prefix}${i}`, sheet, rect: r, showHeaders: true, showTotals: false, style: 'TableStyleMedium2' };
  wb.tables.push(table);
  return table;
}

export const TABLE_COLLECTION: ApiClass<Scope> = define<Scope>({
  name: 'TableCollection',
  props: { Count: { get: (s, ctx) => tablesIn(ctx, s).length } },
  items: (s, ctx) => tablesIn(ctx, s).map((t) => ref(TABLE, t)),
  indexer: (s, [key], ctx) => {
    const t = findTable(ctx, s, key);
    if (!t) throw itemNotFound(`The table "${String(key)}" does not exist.`);
    return ref(TABLE, t);
  },
  methods: {
    Add: (s, [address, hasHeaders], ctx) => ref(TABLE, addTable(ctx, s, address, hasHeaders)),
    GetItem: (s, [key], ctx) => {
      const t = findTable(ctx, s, key);
      if (!t) throw itemNotFound(`The table "${String(key)}" does not exist.`);
      return ref(TABLE, t);
    },
    GetItemOrNullObject: (s, [key], ctx) => ref(TABLE, findTable(ctx, s, key) ?? null),
    GetItemAt: (s, [i], ctx) => {
      const t = tablesIn(ctx, s)[int(i, 'index')];
      if (!t) throw invalidArgument('The index is out of range.');
      return ref(TABLE, t);
    },
    GetCount: (s, _a, ctx) => tablesIn(ctx, s).length,
  },
});

function removeTable(wb: WorkbookModel, t: TableModel): void {
  t.deleted = true;
  wb.tables = wb.tables.filter((x) => x !== t);
}

export const TABLE: ApiClass<TableModel> = define<TableModel>({
  name: 'Table',
  key: (t) => t.name,
  alive: (t) => !t.deleted,
  props: {
    Id: { get: (t) => String(t.id) },
    LegacyId: { get: (t) => String(t.id) },
    Name: {
      get: (t) => t.name,
      set: (t, v, ctx) => {
        if (typeof v !== 'string' || !isValidTableName(v)) throw invalidArgument(`The table name "${String(v)}" is not valid.`);
        if (nameTaken(ctx.wb, v, t)) throw new ExcelError('ItemAlreadyExists', `The name "${v}" is already used.`);
        t.name = v;
      },
    },
    ShowHeaders: { get: (t) => t.showHeaders },
    ShowTotals: { get: (t) => t.showTotals },
    Style: {
      get: (t) => t.style,
      set: (t, v) => {
        t.style = String(v);
      },
    },
  },
  navs: {
    Rows: (t) => ref(TABLE_ROWS, t),
    Columns: (t) => ref(TABLE_COLUMNS, t),
    Worksheet: (t) => ref(WORKSHEET, t.sheet),
  },
  methods: {
    GetRange: (t) => rangeRef(t.sheet, t.rect),
    GetHeaderRowRange: (t) => rangeRef(t.sheet, headerRect(t) ?? t.rect),
    GetDataBodyRange: (t) => rangeRef(t.sheet, bodyRect(t)),
    GetTotalRowRange: (t) => {
      const r = totalRect(t);
      if (!r) throw itemNotFound('The table has no total row.');
      return rangeRef(t.sheet, r);
    },
    Delete: (t, _a, ctx) => {
      clearRange(ctx.wb, t.sheet, t.rect, 'All');
      removeTable(ctx.wb, t);
    },
    ConvertToRange: (t, _a, ctx) => {
      removeTable(ctx.wb, t);
      return rangeRef(t.sheet, t.rect);
    },
    ClearFilters: () => undefined,
    ReapplyFilters: () => undefined,
  },
});

/** The address of a table's range, for snapshots. */
export function tableAddress(t: TableModel): string {
  return formatAddress(t.sheet.name, t.rect);
}

