// Excel.NamedItemCollection (workbook- or worksheet-scoped) and Excel.NamedItem.
import { formatRect } from '../address.js';
import { ExcelError, invalidArgument, itemNotFound } from '../errors.js';
import { FormulaSyntaxError, parseFormula } from '../formula-parser.js';
import { nameType, nameValue, referenceFormula, validateName, type NamedItemModel } from '../names.js';
import type { SheetModel } from '../sheet.js';
import { RANGE, rangeRef } from './range-api.js';
import { WORKSHEET } from './worksheet-api.js';
import { ApiRef, define, int, ref, str, type ApiCtx, type RangeTarget, type ApiClass } from './types.js';

interface Scope {
  sheet?: SheetModel;
}

function namesIn(ctx: ApiCtx, scope: Scope): NamedItemModel[] {
  return ctx.wb.names.filter((n) => n.sheet === scope.sheet);
}

function find(ctx: ApiCtx, scope: Scope, name: unknown): NamedItemModel | undefined {
  const k = String(name).toLowerCase();
  return namesIn(ctx, scope).find((n) => n.name.toLowerCase() === k);
}

function formulaOf(reference: unknown): string {
  if (reference instanceof ApiRef) {
    const t = reference.target as RangeTarget | null;
    const area = t?.areas?.[0];
    if (!t || !area || t.areas.length !== 1) throw invalidArgument('The reference must be a single range.');
    return referenceFormula(t.sheet.name, formatRect(area, true));
  }
  const text = str(reference, 'reference');
  const formula = text.startsWith('=') ? text : `=${text}`;
  try {
    parseFormula(formula);
  } catch (e) {
    if (e instanceof FormulaSyntaxError) throw invalidArgument(`The reference "${text}" is not valid.`);
    throw e;
  }
  return formula;
}

function add(ctx: ApiCtx, scope: Scope, name: unknown, reference: unknown, comment: unknown): NamedItemModel {
  const n = str(name, 'name');
  validateName(n);
  if (find(ctx, scope, n) || ctx.wb.tables.some((t) => t.name.toLowerCase() === n.toLowerCase()))
    throw new ExcelError('ItemAlreadyExists', `The name "${n}" already exists.`);
  const item: NamedItemModel = { name: n, formula: formulaOf(reference), comment: typeof comment === 'string' ? comment : '', visible: true };
  if (scope.sheet) item.sheet = scope.sheet;
  ctx.wb.names.push(item);
  return item;
}

function target(ctx: ApiCtx, item: NamedItemModel): ApiRef | null {
  if (nameType(item) !== 'Range') return null;
  try {
    const r = ctx.wb.resolve(item.formula.replace(/^=/, ''));
    return rangeRef(r.sheet, r.rect);
  } catch {
    return null;
  }
}

export const NAME_COLLECTION: ApiClass<Scope> = define<Scope>({
  name: 'NamedItemCollection',
  items: (s, ctx) => namesIn(ctx, s).map((n) => ref(NAMED_ITEM, n)),
  indexer: (s, [name], ctx) => {
    const n = find(ctx, s, name);
    if (!n) throw itemNotFound(`The name "${String(name)}" does not exist.`);
    return ref(NAMED_ITEM, n);
  },
  methods: {
    Add: (s, [name, reference, comment], ctx) => ref(NAMED_ITEM, add(ctx, s, name, reference, comment)),
    AddFormulaLocal: (s, [name, formula, comment], ctx) => ref(NAMED_ITEM, add(ctx, s, name, formula, comment)),
    GetItem: (s, [name], ctx) => {
      const n = find(ctx, s, name);
      if (!n) throw itemNotFound(`The name "${String(name)}" does not exist.`);
      return ref(NAMED_ITEM, n);
    },
    GetItemOrNullObject: (s, [name], ctx) => ref(NAMED_ITEM, find(ctx, s, name) ?? null),
    GetCount: (s, _a, ctx) => namesIn(ctx, s).length,
    GetItemAt: (s, [i], ctx) => {
      const n = namesIn(ctx, s)[int(i, 'index')];
      if (!n) throw invalidArgument('The index is out of range.');
      return ref(NAMED_ITEM, n);
    },
  },
});

export const NAMED_ITEM: ApiClass<NamedItemModel> = define<NamedItemModel>({
  name: 'NamedItem',
  key: (n) => n.name,
  alive: (n) => !n.deleted,
  props: {
    Name: { get: (n) => n.name },
    Type: { get: (n) => nameType(n) },
    Value: { get: (n) => nameValue(n) },
    Formula: {
      get: (n) => n.formula,
      set: (n, v) => {
        n.formula = formulaOf(v);
      },
    },
    Comment: {
      get: (n) => n.comment,
      set: (n, v) => {
        n.comment = str(v, 'comment');
      },
    },
    Visible: {
      get: (n) => n.visible,
      set: (n, v) => {
        n.visible = v === true;
      },
    },
    Scope: { get: (n) => (n.sheet ? 'Worksheet' : 'Workbook') },
  },
  navs: {
    Worksheet: (n) => {
      if (!n.sheet) throw itemNotFound('The name is scoped to the workbook.');
      return ref(WORKSHEET, n.sheet);
    },
    WorksheetOrNullObject: (n) => ref(WORKSHEET, n.sheet ?? null),
  },
  methods: {
    Delete: (n, _a, ctx) => {
      n.deleted = true;
      ctx.wb.names = ctx.wb.names.filter((x) => x !== n);
    },
    GetRange: (n, _a, ctx) => {
      const r = target(ctx, n);
      if (!r) throw invalidArgument(`The name "${n.name}" does not refer to a range.`);
      return r;
    },
    GetRangeOrNullObject: (n, _a, ctx) => target(ctx, n) ?? ref(RANGE, null),
  },
});
