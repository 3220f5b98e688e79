// Defined names (workbook- or sheet-scoped): Excel's naming rules, and what `type` and `value`
// report for a name's formula.
import { columnIndex, parseAddress, quoteSheetName, splitSheet } from './address.js';
import { invalidArgument } from './errors.js';
import type { SheetModel } from './sheet.js';

export interface NamedItemModel {
  name: string;
  /** `=Sheet1!$A$1:$B$2`, `=0.5`, `="text"`. */
  formula: string;
  comment: string;
  visible: boolean;
  /** Set for a worksheet-scoped name. */
  sheet?: SheetModel;
  deleted?: boolean;
}

/**
 * Throws InvalidArgument unless `name` is a name Excel accepts: starts with a letter, `_` or `\`,
 * no spaces or reference-like text (`A1`, `R1C1`, `R`, `C`), at most 255 characters.
 */
export function validateName(name: string): void {
  const bad = (): never => {
    throw invalidArgument(`The name "${name}" is not valid.`);
  };
  if (typeof name !== 'string' || name.length === 0 || name.length > 255) bad();
  if (!/^[\p{L}_\\][\p{L}\p{N}_.\\?]*$/u.test(name)) bad();
  if (/^[A-Za-z]{1,3}\d+$/.test(name) && columnIndex(name.replace(/\d+$/, '')) >= 0) bad();
  if (/^[Rr]\d*$|^[Cc]\d*$|^[Rr]\d*[Cc]\d*$/.test(name)) bad();
}

/** A name's formula when its target is a reference: `Sheet1!$A$1:$B$2` (no `=`), else null. */
export function referenceOf(item: NamedItemModel): { sheet: string; ref: string } | null {
  const body = item.formula.replace(/^=/, '');
  const { sheet, ref } = splitSheet(body);
  if (sheet === undefined) return null;
  return parseAddress(body) ? { sheet, ref } : null;
}

/** Excel's `NamedItem.type` for a formula: Range, String, Double, Boolean, Error or Array. */
export function nameType(item: NamedItemModel): string {
  const body = item.formula.replace(/^=/, '').trim();
  if (referenceOf(item)) return 'Range';
  if (/^#/.test(body)) return 'Error';
  if (/^".*"$/s.test(body)) return 'String';
  if (/^(TRUE|FALSE)$/i.test(body)) return 'Boolean';
  if (/^\{.*\}$/s.test(body)) return 'Array';
  if (body !== '' && Number.isFinite(Number(body))) return 'Double';
  return 'String';
}

/** Excel's `NamedItem.value`: the address for a range, else the constant. */
export function nameValue(item: NamedItemModel): unknown {
  const body = item.formula.replace(/^=/, '').trim();
  const t = nameType(item);
  if (t === 'Range') return body;
  if (t === 'Double') return Number(body);
  if (t === 'Boolean') return body.toUpperCase() === 'TRUE';
  if (t === 'String' && /^".*"$/s.test(body)) return body.slice(1, -1).replace(/""/g, '"');
  return body;
}

/** `=Sheet1!$A$1:$B$2` for a sheet and an absolute reference. */
export function referenceFormula(sheetName: string, absoluteRef: string): string {
  return `=${quoteSheetName(sheetName)}!${absoluteRef}`;
}
