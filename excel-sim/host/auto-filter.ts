// A worksheet's AutoFilter (Excel.AutoFilter, ExcelApi 1.9) as a clerk uses it on a ledger: one
// filter range per sheet (header row first), criteria per column, and rows that do not match
// hidden. Filtering hides rows and nothing else: values, formulas and formats stay, and the API
// still reads and writes hidden cells. Criteria modelled: `Values` (the cell's displayed text is
// one of the values; "" matches blanks) and `Custom` with `=`/`<>`/`>`/`<`/`>=`/`<=` and the
// wildcards * and ?, one or two criteria joined by `And`/`Or`. Others fail loudly.
// https://learn.microsoft.com/javascript/api/excel/excel.autofilter
// https://learn.microsoft.com/javascript/api/excel/excel.filtercriteria
import type { Rect } from './address.js';
import { NotModelledError, invalidArgument } from './errors.js';
import { readText, readValues } from './range-model.js';
import type { SheetModel } from './sheet.js';
import type { WorkbookModel } from './workbook.js';

export interface FilterCriteria {
  filterOn: string;
  values?: string[];
  criterion1?: string;
  criterion2?: string;
  operator?: string;
}

export interface AutoFilterModel {
  /** The filter range, its header row included. */
  rect: Rect;
  /** Criteria by column index within the range. */
  criteria: Map<number, FilterCriteria>;
}

/** Checks a criteria object from the client; returns it trimmed to the fields that mean something. */
export function toCriteria(raw: unknown): FilterCriteria {
  const c = (raw ?? {}) as Record<string, unknown>;
  const filterOn = c.filterOn;
  if (filterOn === 'Values') {
    if (!Array.isArray(c.values) || c.values.some((v) => typeof v !== 'string')) throw invalidArgument('Values criteria need a list of text values.');
    return { filterOn, values: c.values as string[] };
  }
  if (filterOn === 'Custom') {
    if (typeof c.criterion1 !== 'string') throw invalidArgument('Custom criteria need criterion1.');
    const out: FilterCriteria = { filterOn, criterion1: c.criterion1 };
    if (typeof c.criterion2 === 'string') {
      if (c.operator !== 'And' && c.operator !== 'Or') throw invalidArgument('Two custom criteria need an operator, And or Or.');
      out.criterion2 = c.criterion2;
      out.operator = c.operator;
    }
    return out;
  }
  throw new NotModelledError(`AutoFilter criteria filterOn "${String(filterOn)}"`);
}

/** Hides the rows of the filter range that fail a criterion, shows the others. */
export function applyFilter(wb: WorkbookModel, sheet: SheetModel): void {
  const f = sheet.autoFilter;
  if (!f) return;
  const body = { ...f.rect, r0: f.rect.r0 + 1 };
  if (body.r0 > body.r1) return;
  const text = readText(wb, sheet, body);
  const values = readValues(wb, sheet, body);
  for (let i = 0; i <= body.r1 - body.r0; i++) {
    let show = true;
    for (const [col, c] of f.criteria) if (!matches(c, text[i]![col]!, values[i]![col] as unknown)) show = false;
    sheet.line('rows', body.r0 + i).hidden = !show;
  }
}

/** Shows every row of the filter range again (ClearCriteria, Remove). */
export function showAll(sheet: SheetModel): void {
  const f = sheet.autoFilter;
  if (!f) return;
  for (let r = f.rect.r0 + 1; r <= f.rect.r1; r++) {
    const line = sheet.rows.get(r);
    if (line?.hidden) line.hidden = false;
  }
}

function matches(c: FilterCriteria, text: string, value: unknown): boolean {
  if (c.filterOn === 'Values') return c.values!.includes(text);
  const one = custom(c.criterion1!, text, value);
  if (c.criterion2 === undefined) return one;
  const two = custom(c.criterion2, text, value);
  return c.operator === 'And' ? one && two : one || two;
}

function custom(criterion: string, text: string, value: unknown): boolean {
  const m = /^(<>|>=|<=|=|>|<)?(.*)$/s.exec(criterion)!;
  const op = m[1] ?? '=';
  const operand = m[2]!;
  const n = Number(operand);
  if ((op === '>' || op === '<' || op === '>=' || op === '<=') && operand !== '' && Number.isFinite(n)) {
    if (typeof value !== 'number') return false;
    return op === '>' ? value > n : op === '<' ? value < n : op === '>=' ? value >= n : value <= n;
  }
  if (op !== '=' && op !== '<>') throw new NotModelledError(`AutoFilter custom criterion "${criterion}" on text`);
  const equal = operand === '' ? text === '' : wildcard(operand).test(text);
  return op === '=' ? equal : !equal;
}

/** Excel's filter wildcards: * any run, ? one character, ~ escapes; case-insensitive, whole text. */
function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '~' && i + 1 < pattern.length) re += escape(pattern[++i]!);
    else if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += escape(ch);
  }
  return new RegExp(`^${re}$`, 'isu');
}

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
