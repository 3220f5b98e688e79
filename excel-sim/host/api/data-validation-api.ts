// Excel.DataValidation (ExcelApi 1.8) bound to the model, as far as the add-in uses it: list
// rules with a comma-separated source (a dropdown such as 会诊事项's 决定 column), their prompt
// and error alert, `clear()`, and `valid`. Anything else (other rule types, a Range source,
// `getInvalidCells`) fails loudly as not modelled. Also RangeFormat.useStandardWidth (1.7).
// Kept in one file: rules live beside the sheet model in a WeakMap, not in snapshots.
import { intersect, type Rect } from '../address.js';
import { invalidArgument, NotModelledError } from '../errors.js';
import type { SheetModel } from '../sheet.js';
import type { WorkbookModel } from '../workbook.js';
import { define, type ApiClass, type PropDef, type RangeTarget } from './types.js';

export interface ListRule {
  list: { inCellDropDown: boolean; source: string };
}
interface Validation {
  rect: Rect;
  rule: ListRule;
  ignoreBlanks: boolean;
  prompt: { showPrompt: boolean; title: string; message: string };
  errorAlert: { showAlert: boolean; style: string; title: string; message: string };
}

const RULES = new WeakMap<SheetModel, Validation[]>();
const cellsOf = (r: Rect) => (r.r1 - r.r0 + 1) * (r.c1 - r.c0 + 1);

/** The validation rules on a sheet (for tests and the harness): where, and the rule. */
export function validationsOf(sheet: SheetModel): readonly Validation[] {
  return RULES.get(sheet) ?? [];
}

/** Moves the rules with their rows (row-shift.ts); a rule whose rows are all deleted goes. */
export function remapValidations(sheet: SheetModel, rect: (r: Rect) => Rect | null): void {
  const rules = RULES.get(sheet);
  if (!rules) return;
  const out: Validation[] = [];
  for (const v of rules) {
    const moved = rect(v.rect);
    if (moved) out.push({ ...v, rect: moved });
  }
  RULES.set(sheet, out);
}

/** Removes the rules from these cells; a rule partly covered keeps its other cells (as Excel splits it). */
function clearIn(sheet: SheetModel, rect: Rect): void {
  const out: Validation[] = [];
  for (const v of RULES.get(sheet) ?? []) {
    const hit = intersect(v.rect, rect);
    if (!hit) {
      out.push(v);
      continue;
    }
    // Up to four pieces of the old rectangle around the cleared one.
    const { r0, c0, r1, c1 } = v.rect;
    if (hit.r0 > r0) out.push({ ...v, rect: { r0, c0, r1: hit.r0 - 1, c1 } });
    if (hit.r1 < r1) out.push({ ...v, rect: { r0: hit.r1 + 1, c0, r1, c1 } });
    if (hit.c0 > c0) out.push({ ...v, rect: { r0: hit.r0, c0, r1: hit.r1, c1: hit.c0 - 1 } });
    if (hit.c1 < c1) out.push({ ...v, rect: { r0: hit.r0, c0: hit.c1 + 1, r1: hit.r1, c1 } });
  }
  RULES.set(sheet, out);
}

/** The one validation covering every cell of the range, `null` when none does, `'mixed'` otherwise. */
function covering(t: RangeTarget): Validation | null | 'mixed' {
  const rect = single(t);
  const hits = (RULES.get(t.sheet) ?? []).filter((v) => intersect(v.rect, rect));
  if (!hits.length) return null;
  const first = hits[0]!;
  const same = hits.every((v) => JSON.stringify(v.rule) === JSON.stringify(first.rule));
  const covered = hits.reduce((n, v) => n + cellsOf(intersect(v.rect, rect)!), 0);
  return same && covered === cellsOf(rect) ? first : 'mixed';
}

function single(t: RangeTarget): Rect {
  if (t.areas.length !== 1) throw new NotModelledError('DataValidation on a multi-area range');
  return t.areas[0]!;
}

function parseRule(v: unknown): ListRule {
  if (!v || typeof v !== 'object') throw invalidArgument('The argument is invalid or missing or has an incorrect format.');
  const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined && (v as Record<string, unknown>)[k] !== null);
  if (keys.length !== 1) throw invalidArgument('A data validation rule must have exactly one criteria type.');
  if (keys[0] !== 'list') throw new NotModelledError(`DataValidation.rule.${keys[0]}`, 'only list rules are modelled');
  const list = (v as { list: { inCellDropDown?: unknown; source?: unknown } }).list;
  if (typeof list.source !== 'string') throw new NotModelledError('DataValidation.rule.list.source', 'only a comma-separated string source is modelled');
  if (!list.source.trim()) throw invalidArgument('The list source of a data validation rule cannot be empty.');
  return { list: { inCellDropDown: list.inCellDropDown !== false, source: list.source } };
}

/** Updates a setting of the rule every cell of the range has; Excel needs a rule there first. */
function setting<K extends 'ignoreBlanks' | 'prompt' | 'errorAlert'>(key: K, check: (v: unknown) => Validation[K]): PropDef<RangeTarget> {
  return {
    get: (t) => {
      const v = covering(t);
      return v && v !== 'mixed' ? v[key] : null;
    },
    set: (t, value) => {
      const v = covering(t);
      if (!v || v === 'mixed') throw new NotModelledError(`DataValidation.${key} without one rule on the whole range`);
      const next = check(value);
      v[key] = (typeof next === 'object' ? { ...(v[key] as object), ...next } : next) as Validation[K];
    },
  };
}

function listValid(wb: WorkbookModel, t: RangeTarget, v: Validation): boolean {
  const allowed = v.rule.list.source.split(',').map((s) => s.trim());
  const r = single(t);
  for (let row = r.r0; row <= r.r1; row++)
    for (let col = r.c0; col <= r.c1; col++) {
      const value = wb.value(t.sheet, row, col);
      if (value === null || value === '') {
        if (!v.ignoreBlanks) return false;
        continue;
      }
      if (!allowed.includes(String(value))) return false;
    }
  return true;
}

export const DATA_VALIDATION: ApiClass<RangeTarget> = define<RangeTarget>({
  name: 'DataValidation',
  props: {
    Type: {
      get: (t) => {
        const v = covering(t);
        return v === null ? 'None' : v === 'mixed' ? 'Inconsistent' : 'List';
      },
    },
    Rule: {
      get: (t) => {
        const v = covering(t);
        return v && v !== 'mixed' ? v.rule : null;
      },
      set: (t, value) => {
        const rule = parseRule(value);
        const rect = single(t);
        clearIn(t.sheet, rect);
        RULES.get(t.sheet)!.push({
          rect,
          rule,
          ignoreBlanks: true,
          prompt: { showPrompt: false, title: '', message: '' },
          errorAlert: { showAlert: true, style: 'Stop', title: '', message: '' },
        });
      },
    },
    IgnoreBlanks: setting('ignoreBlanks', (v) => {
      if (typeof v !== 'boolean') throw invalidArgument('ignoreBlanks must be a boolean.');
      return v;
    }),
    Prompt: setting('prompt', (v) => v as Validation['prompt']),
    ErrorAlert: setting('errorAlert', (v) => {
      const style = (v as { style?: unknown }).style;
      if (style !== undefined && !['Stop', 'Warning', 'Information'].includes(String(style))) throw invalidArgument('The error alert style is not valid.');
      return v as Validation['errorAlert'];
    }),
    Valid: {
      get: (t, ctx) => {
        const v = covering(t);
        if (v === 'mixed') throw new NotModelledError('DataValidation.valid over mixed rules');
        return v === null ? true : listValid(ctx.wb, t, v);
      },
    },
  },
  methods: {
    Clear: (t) => clearIn(t.sheet, single(t)),
  },
});

/** RangeFormat.useStandardWidth: reads true where no width was set; setting true drops the set widths. */
export const USE_STANDARD_WIDTH: PropDef<RangeTarget> = {
  get: (t) => t.areas.every((a) => {
    for (let c = a.c0; c <= a.c1; c++) if (t.sheet.columns.get(c)?.size !== undefined) return false;
    return true;
  }),
  set: (t, v) => {
    if (typeof v !== 'boolean') throw invalidArgument('useStandardWidth must be a boolean.');
    if (!v) return; // Excel: "only intended to be set to true; setting it to false has no effect".
    for (const a of t.areas)
      for (let c = a.c0; c <= Math.min(a.c1, a.c0 + 16_383); c++) {
        const line = t.sheet.columns.get(c);
        if (!line) continue;
        delete line.size;
        if (!Object.keys(line).length) t.sheet.columns.delete(c);
      }
  },
};
