// Excel.ConditionalFormatCollection and the `Custom` conditional format (rule formula, fill and
// font) bound to the model. Other rule types are not modelled and fail loudly when added.
import { formatAddress } from '../address.js';
import { normalizeColor } from '../colors.js';
import { addConditionalFormat, clearConditionalFormats, deleteConditionalFormat, ruleFormula, rulesOverlapping, setPriority, setRuleFormula, type ConditionalFormatModel } from '../conditional-format.js';
import { ExcelError, NotModelledError, invalidArgument, itemNotFound } from '../errors.js';
import { FormulaSyntaxError } from '../formula-parser.js';
import { isValidNumberFormat } from '../number-format.js';
import { RANGE, rangeRef } from './range-api.js';
import { RANGE_AREAS } from './range-areas-api.js';
import { define, int, ref, type ApiClass, type RangeTarget } from './types.js';

function rules(t: RangeTarget): ConditionalFormatModel[] {
  const seen = new Set<ConditionalFormatModel>();
  for (const a of t.areas) for (const cf of rulesOverlapping(t.sheet, a)) seen.add(cf);
  return t.sheet.conditionalFormats.filter((cf) => seen.has(cf));
}

function byId(t: RangeTarget, id: unknown): ConditionalFormatModel {
  const cf = rules(t).find((c) => c.id === id);
  if (!cf) throw itemNotFound(`The conditional format "${String(id)}" does not exist.`);
  return cf;
}

export const CF_COLLECTION: ApiClass<RangeTarget> = define<RangeTarget>({
  name: 'ConditionalFormatCollection',
  items: (t) => rules(t).map((cf) => ref(CONDITIONAL_FORMAT, cf)),
  indexer: (t, [id]) => ref(CONDITIONAL_FORMAT, byId(t, id)),
  methods: {
    Add: (t, [type], ctx) => {
      if (type !== 'Custom') throw new NotModelledError(`ConditionalFormatCollection.add("${String(type)}")`, 'only Custom (formula) rules are modelled');
      const cf = addConditionalFormat(t.sheet, `{CF-${ctx.wb.nextId('cf')}}`, 'Custom', t.areas.map((a) => ({ ...a })));
      return ref(CONDITIONAL_FORMAT, cf);
    },
    GetItem: (t, [id]) => ref(CONDITIONAL_FORMAT, byId(t, id)),
    GetItemAt: (t, [i]) => {
      const cf = rules(t)[int(i, 'index')];
      if (!cf) throw invalidArgument('The index is out of range.');
      return ref(CONDITIONAL_FORMAT, cf);
    },
    GetCount: (t) => rules(t).length,
    ClearAll: (t) => t.areas.forEach((a) => clearConditionalFormats(t.sheet, a)),
  },
});

const nullIfOther = (type: string, cls: () => ApiClass<ConditionalFormatModel>) => (cf: ConditionalFormatModel) => ref(cls(), cf.type === type ? cf : null);
const OTHER_TYPES = ['DataBar', 'CellValue', 'TextComparison', 'TopBottom', 'Preset', 'IconSet', 'ColorScale'];

export const CONDITIONAL_FORMAT: ApiClass<ConditionalFormatModel> = define<ConditionalFormatModel>({
  name: 'ConditionalFormat',
  key: (cf) => cf.id,
  alive: (cf) => !cf.deleted && !cf.sheet.deleted,
  props: {
    Id: { get: (cf) => cf.id },
    Type: { get: (cf) => cf.type },
    Priority: { get: (cf) => cf.sheet.conditionalFormats.indexOf(cf), set: (cf, v) => setPriority(cf, int(v, 'priority')) },
    StopIfTrue: {
      get: (cf) => cf.stopIfTrue,
      set: (cf, v) => {
        if (typeof v !== 'boolean') throw invalidArgument('stopIfTrue must be a boolean.');
        cf.stopIfTrue = v;
      },
    },
  },
  navs: {
    Custom: (cf) => {
      if (cf.type !== 'Custom') throw new ExcelError('InvalidOperation', 'This conditional format is not a custom one.');
      return ref(CUSTOM_CF, cf);
    },
    CustomOrNullObject: nullIfOther('Custom', () => CUSTOM_CF),
    ...Object.fromEntries(OTHER_TYPES.map((t) => [`${t}OrNullObject`, (cf: ConditionalFormatModel) => ref(CUSTOM_CF, cf.type === t ? cf : null)])),
  },
  methods: {
    Delete: (cf) => deleteConditionalFormat(cf),
    GetRange: (cf) => {
      if (cf.areas.length !== 1) throw new ExcelError('InvalidOperation', 'The conditional format applies to several areas; use getRanges().');
      return rangeRef(cf.sheet, cf.areas[0] as never);
    },
    GetRangeOrNullObject: (cf) => (cf.areas.length === 1 ? rangeRef(cf.sheet, cf.areas[0] as never) : ref(RANGE, null)),
    GetRanges: (cf) => ref(RANGE_AREAS, { sheet: cf.sheet, areas: cf.areas }),
  },
});

export const CUSTOM_CF: ApiClass<ConditionalFormatModel> = define<ConditionalFormatModel>({
  name: 'CustomConditionalFormat',
  navs: {
    Rule: (cf) => ref(CF_RULE, cf),
    Format: (cf) => ref(CF_RANGE_FORMAT, cf),
  },
});

const setFormula = (cf: ConditionalFormatModel, v: unknown): void => {
  if (typeof v !== 'string' || v.trim() === '') throw invalidArgument('The rule formula is not valid.');
  try {
    setRuleFormula(cf, v);
  } catch (e) {
    if (e instanceof FormulaSyntaxError) throw invalidArgument(`The rule formula "${v}" is not valid.`);
    throw e;
  }
};

export const CF_RULE: ApiClass<ConditionalFormatModel> = define<ConditionalFormatModel>({
  name: 'ConditionalFormatRule',
  props: {
    Formula: { get: (cf) => ruleFormula(cf), set: setFormula },
    FormulaLocal: { get: (cf) => ruleFormula(cf), set: setFormula },
  },
});

export const CF_RANGE_FORMAT: ApiClass<ConditionalFormatModel> = define<ConditionalFormatModel>({
  name: 'ConditionalRangeFormat',
  props: {
    NumberFormat: {
      get: (cf) => cf.format.numberFormat ?? null,
      set: (cf, v) => {
        if (typeof v !== 'string' || !isValidNumberFormat(v)) throw invalidArgument('The number format is not valid.');
        cf.format.numberFormat = v;
      },
    },
  },
  navs: {
    Fill: (cf) => ref(CF_FILL, cf),
    Font: (cf) => ref(CF_FONT, cf),
  },
});

export const CF_FILL: ApiClass<ConditionalFormatModel> = define<ConditionalFormatModel>({
  name: 'ConditionalRangeFill',
  props: {
    Color: {
      get: (cf) => cf.format.fill ?? null,
      set: (cf, v) => {
        cf.format.fill = normalizeColor(v);
      },
    },
  },
  methods: {
    Clear: (cf) => {
      delete cf.format.fill;
    },
  },
});

const fontFlag = (key: 'bold' | 'italic' | 'strikethrough') => ({
  get: (cf: ConditionalFormatModel) => cf.format.font[key] ?? null,
  set: (cf: ConditionalFormatModel, v: unknown) => {
    if (typeof v !== 'boolean') throw invalidArgument(`${key} must be a boolean.`);
    cf.format.font[key] = v;
  },
});

export const CF_FONT: ApiClass<ConditionalFormatModel> = define<ConditionalFormatModel>({
  name: 'ConditionalRangeFont',
  props: {
    Color: {
      get: (cf) => cf.format.font.color ?? null,
      set: (cf, v) => {
        cf.format.font.color = normalizeColor(v);
      },
    },
    Bold: fontFlag('bold'),
    Italic: fontFlag('italic'),
    Strikethrough: fontFlag('strikethrough'),
    Underline: {
      get: (cf) => cf.format.font.underline ?? null,
      set: (cf, v) => {
        cf.format.font.underline = String(v);
      },
    },
  },
  methods: {
    Clear: (cf) => {
      cf.format.font = {};
    },
  },
});

/** Address of a rule's cells, for messages and snapshots. */
export function ruleAddress(cf: ConditionalFormatModel): string {
  return cf.areas.map((a) => formatAddress(cf.sheet.name, a)).join(', ');
}
