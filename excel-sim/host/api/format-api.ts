// Excel.RangeFormat, RangeFill, RangeFont, RangeBorderCollection and RangeBorder. Reads give one
// value when every cell agrees and null otherwise, as Office.js does.
import { USE_STANDARD_WIDTH } from './data-validation-api.js';
import type { CellStyle, FontStyle } from '../cell.js';
import { normalizeColor } from '../colors.js';
import { invalidArgument } from '../errors.js';
import { BORDER_INDEXES, editStyle, readBorder, uniform, writeBorder, type BorderIndex } from '../styles.js';
import { define, ref, type ApiCtx, type RangeTarget, type ApiClass } from './types.js';

/** One value over all areas, or null when they differ. */
function across<T>(t: RangeTarget, get: (s: CellStyle) => T): T | null {
  let v: T | null = null;
  let first = true;
  for (const a of t.areas) {
    const x = uniform(t.sheet, a, get);
    if (x === null) return null;
    if (first) {
      v = x;
      first = false;
    } else if (JSON.stringify(x) !== JSON.stringify(v)) return null;
  }
  return v;
}

function edit(t: RangeTarget, f: (s: CellStyle) => void): void {
  for (const a of t.areas) editStyle(t.sheet, a, f);
}

function font<K extends keyof FontStyle>(key: K, dflt: (ctx: ApiCtx) => FontStyle[K], check: (v: unknown) => FontStyle[K]) {
  return {
    get: (t: RangeTarget, ctx: ApiCtx) => across(t, (s) => s.font?.[key] ?? dflt(ctx)),
    set: (t: RangeTarget, v: unknown) => {
      const value = check(v);
      edit(t, (s) => {
        s.font = { ...s.font, [key]: value };
      });
    },
  };
}

const isBool = (name: string) => (v: unknown): boolean => {
  if (typeof v !== 'boolean') throw invalidArgument(`${name} must be a boolean.`);
  return v;
};

function lineSize(t: RangeTarget, kind: 'columns' | 'rows', dflt: number): number | null {
  let v: number | null = null;
  for (const a of t.areas) {
    const [lo, hi] = kind === 'columns' ? [a.c0, a.c1] : [a.r0, a.r1];
    const sizes = new Set<number>();
    let explicit = 0;
    for (const [i, p] of t.sheet[kind])
      if (i >= lo && i <= hi && p.size !== undefined) {
        sizes.add(p.size);
        explicit++;
      }
    if (explicit < hi - lo + 1) sizes.add(dflt);
    if (sizes.size !== 1) return null;
    const s = [...sizes][0] as number;
    if (v !== null && v !== s) return null;
    v = s;
  }
  return v;
}

function setLineSize(t: RangeTarget, kind: 'columns' | 'rows', v: unknown): void {
  if (typeof v !== 'number' || v < 0) throw invalidArgument(`${kind === 'columns' ? 'columnWidth' : 'rowHeight'} must be a non-negative number.`);
  for (const a of t.areas) {
    const [lo, hi] = kind === 'columns' ? [a.c0, a.c1] : [a.r0, a.r1];
    for (let i = lo; i <= hi; i++) t.sheet.line(kind, i).size = v;
  }
}

const styleProp = <K extends 'horizontalAlignment' | 'verticalAlignment' | 'wrapText' | 'indentLevel'>(key: K, dflt: CellStyle[K], valid: (v: unknown) => boolean) => ({
  get: (t: RangeTarget) => across(t, (s) => s[key] ?? dflt),
  set: (t: RangeTarget, v: unknown) => {
    if (!valid(v)) throw invalidArgument(`The value of ${key} is not valid.`);
    edit(t, (s) => {
      s[key] = v as CellStyle[K];
    });
  },
});

export const RANGE_FORMAT: ApiClass<RangeTarget> = define<RangeTarget>({
  name: 'RangeFormat',
  props: {
    ColumnWidth: { get: (t, ctx) => lineSize(t, 'columns', ctx.wb.options.defaultColumnWidth), set: (t, v) => setLineSize(t, 'columns', v) },
    UseStandardWidth: USE_STANDARD_WIDTH,
    RowHeight: { get: (t, ctx) => lineSize(t, 'rows', ctx.wb.options.defaultRowHeight), set: (t, v) => setLineSize(t, 'rows', v) },
    WrapText: styleProp('wrapText', false, (v) => typeof v === 'boolean'),
    HorizontalAlignment: styleProp('horizontalAlignment', 'General', (v) => ['General', 'Left', 'Center', 'Right', 'Fill', 'Justify', 'CenterAcrossSelection', 'Distributed'].includes(v as string)),
    VerticalAlignment: styleProp('verticalAlignment', 'Bottom', (v) => ['Top', 'Center', 'Bottom', 'Justify', 'Distributed'].includes(v as string)),
    IndentLevel: styleProp('indentLevel', 0, (v) => typeof v === 'number' && v >= 0 && v <= 250),
  },
  navs: {
    Fill: (t) => ref(RANGE_FILL, t),
    Font: (t) => ref(RANGE_FONT, t),
    Borders: (t) => ref(RANGE_BORDERS, t),
  },
  methods: {
    // Widths are not recomputed from content; the columns are marked as autofitted.
    AutofitColumns: (t) => {
      for (const a of t.areas) for (let c = a.c0; c <= Math.min(a.c1, a.c0 + 16_383); c++) t.sheet.line('columns', c).autofit = true;
    },
    AutofitRows: (t) => {
      for (const a of t.areas) for (let r = a.r0; r <= Math.min(a.r1, a.r0 + 100_000); r++) t.sheet.line('rows', r).autofit = true;
    },
  },
});

export const RANGE_FILL: ApiClass<RangeTarget> = define<RangeTarget>({
  name: 'RangeFill',
  props: {
    // Excel reports a cell without fill as white.
    Color: {
      get: (t) => across(t, (s) => s.fill ?? '#FFFFFF'),
      set: (t, v) => {
        const c = normalizeColor(v);
        edit(t, (s) => {
          s.fill = c;
        });
      },
    },
    Pattern: { get: (t) => across(t, (s) => (s.fill ? 'Solid' : 'None')) },
  },
  methods: {
    Clear: (t) =>
      edit(t, (s) => {
        delete s.fill;
      }),
  },
});

export const RANGE_FONT: ApiClass<RangeTarget> = define<RangeTarget>({
  name: 'RangeFont',
  props: {
    Bold: font('bold', () => false, isBool('bold')),
    Italic: font('italic', () => false, isBool('italic')),
    Strikethrough: font('strikethrough', () => false, isBool('strikethrough')),
    Color: font('color', (ctx) => ctx.wb.options.defaultFont.color, (v) => normalizeColor(v)),
    Name: font('name', (ctx) => ctx.wb.options.defaultFont.name, (v) => {
      if (typeof v !== 'string' || !v) throw invalidArgument('The font name is not valid.');
      return v;
    }),
    Size: font('size', (ctx) => ctx.wb.options.defaultFont.size, (v) => {
      if (typeof v !== 'number' || v < 1 || v > 409) throw invalidArgument('The font size is not valid.');
      return v;
    }),
    Underline: font('underline', () => 'None', (v) => {
      if (!['None', 'Single', 'Double', 'SingleAccountant', 'DoubleAccountant'].includes(v as string)) throw invalidArgument('The underline style is not valid.');
      return v as string;
    }),
  },
});

interface BorderTarget {
  t: RangeTarget;
  index: BorderIndex;
}

function borderIndex(v: unknown): BorderIndex {
  if (!BORDER_INDEXES.includes(v as BorderIndex)) throw invalidArgument(`The border index "${String(v)}" is not valid.`);
  return v as BorderIndex;
}

const borderProp = (prop: 'style' | 'weight' | 'color') => ({
  get: (b: BorderTarget) => {
    let v: string | null = null;
    for (const [i, a] of b.t.areas.entries()) {
      const x = readBorder(b.t.sheet, a, b.index, prop);
      if (x === null || (i > 0 && x !== v)) return null;
      v = x;
    }
    return v;
  },
  set: (b: BorderTarget, v: unknown) => {
    const value = prop === 'color' ? normalizeColor(v) : String(v);
    for (const a of b.t.areas) writeBorder(b.t.sheet, a, b.index, prop, value);
  },
});

export const RANGE_BORDER: ApiClass<BorderTarget> = define<BorderTarget>({
  name: 'RangeBorder',
  key: (b) => b.index,
  props: {
    SideIndex: { get: (b) => b.index },
    Style: borderProp('style'),
    Weight: borderProp('weight'),
    Color: borderProp('color'),
  },
});

export const RANGE_BORDERS: ApiClass<RangeTarget> = define<RangeTarget>({
  name: 'RangeBorderCollection',
  props: { Count: { get: () => BORDER_INDEXES.length } },
  items: (t) => BORDER_INDEXES.map((index) => ref(RANGE_BORDER, { t, index })),
  indexer: (t, [index]) => ref(RANGE_BORDER, { t, index: borderIndex(index) }),
  methods: {
    GetItem: (t, [index]) => ref(RANGE_BORDER, { t, index: borderIndex(index) }),
    GetItemAt: (t, [i]) => {
      const index = BORDER_INDEXES[i as number];
      if (!index) throw invalidArgument('The index is out of range.');
      return ref(RANGE_BORDER, { t, index });
    },
  },
});
