// Conditional formats: the rules on a sheet in priority order, the cells they apply to, and what
// each cell looks like once they are evaluated. Only `Custom` (formula) rules are evaluated;
// other types are stored and reported as a host gap when evaluation reaches them.
import { intersect, subtract, type Rect } from './address.js';
import { parseFormula, printFormula, mapNodes, type Node } from './formula-parser.js';
import { shiftRef } from './formula-shift.js';
import { evaluateFormula, toBool, type FormulaHost } from './formula-eval.js';
import { CellError } from './cell.js';
import type { SheetModel } from './sheet.js';

export interface ConditionalFormatStyle {
  fill?: string;
  font: { color?: string; bold?: boolean; italic?: boolean; underline?: string; strikethrough?: boolean };
  numberFormat?: string;
}

export interface ConditionalFormatModel {
  id: string;
  type: string;
  sheet: SheetModel;
  /** Cells the rule applies to (several after part of it is cleared). */
  areas: Rect[];
  /** The cell the formula's relative references are written for. */
  anchor: { row: number; col: number };
  /** The rule formula (with `=`), relative to `anchor`; '' until set. */
  formula: string;
  stopIfTrue: boolean;
  format: ConditionalFormatStyle;
  /** Parsed `formula`, cached. */
  tree?: Node;
  deleted?: boolean;
}

/** What conditional formats add to one cell, with the ids of the rules that matched. */
export interface ConditionalLook {
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  numberFormat?: string;
  rules: string[];
}

/** Adds a rule at the top of the sheet's priority list (priority 0), as Office.js does. */
export function addConditionalFormat(sheet: SheetModel, id: string, type: string, areas: Rect[]): ConditionalFormatModel {
  const first = areas[0] as Rect;
  const cf: ConditionalFormatModel = { id, type, sheet, areas, anchor: { row: first.r0, col: first.c0 }, formula: '', stopIfTrue: false, format: { font: {} } };
  sheet.conditionalFormats.unshift(cf);
  return cf;
}

/** The formula as Excel reports it: relative to the top-left cell of the rule's first area. */
export function ruleFormula(cf: ConditionalFormatModel): string {
  if (!cf.formula) return '';
  const first = cf.areas[0];
  if (!first) return cf.formula;
  const dr = first.r0 - cf.anchor.row;
  const dc = first.c0 - cf.anchor.col;
  if (!dr && !dc) return cf.formula;
  const moved = mapNodes(parseFormula(cf.formula), (n) => (n.k === 'ref' ? (shiftRef(n, dr, dc) ?? { k: 'err', v: '#REF!' }) : n));
  return printFormula(moved);
}

/** Sets the rule formula, written for the top-left cell of the rule's first area. */
export function setRuleFormula(cf: ConditionalFormatModel, formula: string): void {
  const tree = parseFormula(formula);
  const first = cf.areas[0] as Rect;
  cf.formula = formula.startsWith('=') ? formula : `=${formula}`;
  cf.tree = tree;
  cf.anchor = { row: first.r0, col: first.c0 };
}

/** The rules of a sheet that overlap a rectangle, in priority order. */
export function rulesOverlapping(sheet: SheetModel, rect: Rect): ConditionalFormatModel[] {
  return sheet.conditionalFormats.filter((cf) => cf.areas.some((a) => intersect(a, rect)));
}

/** Removes a rectangle from every rule of the sheet (Range.conditionalFormats.clearAll, clear()). */
export function clearConditionalFormats(sheet: SheetModel, rect: Rect): void {
  for (const cf of sheet.conditionalFormats) cf.areas = cf.areas.flatMap((a) => subtract(a, rect));
  for (const cf of sheet.conditionalFormats.filter((c) => c.areas.length === 0)) cf.deleted = true;
  sheet.conditionalFormats = sheet.conditionalFormats.filter((cf) => cf.areas.length > 0);
}

export function deleteConditionalFormat(cf: ConditionalFormatModel): void {
  cf.deleted = true;
  cf.sheet.conditionalFormats = cf.sheet.conditionalFormats.filter((c) => c !== cf);
}

/** Moves a rule to a new priority (negative counts from the end; out of range is clamped). */
export function setPriority(cf: ConditionalFormatModel, priority: number): void {
  const list = cf.sheet.conditionalFormats.filter((c) => c !== cf);
  let p = priority < 0 ? list.length + 1 + priority : priority;
  p = Math.max(0, Math.min(list.length, p));
  list.splice(p, 0, cf);
  cf.sheet.conditionalFormats = list;
}

/**
 * Evaluates the sheet's rules for one cell, highest priority first: each matching rule sets the
 * properties no higher rule set, and `stopIfTrue` ends the walk.
 * @example conditionalLook(host, sheet, 4, 2).fill // '#FFC7CE' when a rule highlights C5
 */
export function conditionalLook(host: FormulaHost, sheet: SheetModel, row: number, col: number): ConditionalLook {
  const look: ConditionalLook = { rules: [] };
  for (const cf of sheet.conditionalFormats) {
    if (!cf.areas.some((a) => row >= a.r0 && row <= a.r1 && col >= a.c0 && col <= a.c1)) continue;
    if (cf.type !== 'Custom') {
      host.gap(`conditional format type ${cf.type} (evaluation)`);
      continue;
    }
    if (!cf.formula) continue;
    cf.tree ??= parseFormula(cf.formula);
    const v = evaluateFormula(cf.tree, { host, sheet, row, col, dr: row - cf.anchor.row, dc: col - cf.anchor.col });
    const b = v instanceof CellError || typeof v === 'string' ? false : toBool(v);
    if (b !== true) continue;
    look.rules.push(cf.id);
    if (look.fill === undefined && cf.format.fill !== undefined) look.fill = cf.format.fill;
    if (look.fontColor === undefined && cf.format.font.color !== undefined) look.fontColor = cf.format.font.color;
    if (look.bold === undefined && cf.format.font.bold !== undefined) look.bold = cf.format.font.bold;
    if (look.italic === undefined && cf.format.font.italic !== undefined) look.italic = cf.format.font.italic;
    if (look.numberFormat === undefined && cf.format.numberFormat !== undefined) look.numberFormat = cf.format.numberFormat;
    if (cf.stopIfTrue) break;
  }
  return look;
}
