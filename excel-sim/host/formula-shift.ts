// Moving a formula's relative references as Excel does when a formula is filled or a rule is
// anchored elsewhere, and following a renamed or deleted sheet.
import { MAX_COLS, MAX_ROWS } from './address.js';
import { FormulaSyntaxError, mapNodes, parseFormula, printFormula, type RefNode } from './formula-parser.js';

/** Moves the relative parts of a reference by (dr, dc); null when it falls off the sheet. */
export function shiftRef(n: RefNode, dr: number, dc: number): RefNode | null {
  const m: RefNode = { ...n, abs: { ...n.abs } };
  if (n.kind !== 'columns') {
    if (!n.abs.r0) m.r0 += dr;
    if (!n.abs.r1) m.r1 += dr;
  }
  if (n.kind !== 'rows') {
    if (!n.abs.c0) m.c0 += dc;
    if (!n.abs.c1) m.c1 += dc;
  }
  if (m.r0 < 0 || m.c0 < 0 || m.r1 >= MAX_ROWS || m.c1 >= MAX_COLS || m.r1 < 0 || m.c1 < 0) return null;
  return m;
}

/**
 * The formula as Excel writes it in a cell (dr, dc) away: `=B1` filled down one row is `=B2`.
 * @example shiftFormula('=A1*$B$1', 1, 0) // '=A2*$B$1'
 */
export function shiftFormula(formula: string, dr: number, dc: number): string {
  if (dr === 0 && dc === 0) return formula;
  const moved = mapNodes(parseFormula(formula), (n) => (n.k === 'ref' ? (shiftRef(n, dr, dc) ?? { k: 'err', v: '#REF!' }) : n));
  return printFormula(moved);
}

/** The formula with references to sheet `from` renamed to `to` (Excel does this on rename). */
export function renameSheetInFormula(formula: string, from: string, to: string): string {
  let changed = false;
  const tree = mapNodes(parseFormula(formula), (n) => {
    if ((n.k === 'ref' || n.k === 'name') && n.sheet !== undefined && n.sheet.toLowerCase() === from.toLowerCase()) {
      changed = true;
      return { ...n, sheet: to };
    }
    return n;
  });
  return changed ? printFormula(tree) : formula;
}

/** `f(formula)`, or the formula unchanged when it cannot be parsed (it is kept as written). */
export function rewriteFormula(formula: string, f: (x: string) => string): string {
  try {
    return f(formula);
  } catch (e) {
    if (e instanceof FormulaSyntaxError) return formula;
    throw e;
  }
}

/** The formula with references to a deleted sheet replaced by `#REF!`, as Excel does. */
export function dropSheetFromFormula(formula: string, sheet: string): string {
  let changed = false;
  const tree = mapNodes(parseFormula(formula), (n) => {
    if ((n.k === 'ref' || n.k === 'name') && n.sheet !== undefined && n.sheet.toLowerCase() === sheet.toLowerCase()) {
      changed = true;
      return { k: 'err', v: '#REF!' };
    }
    return n;
  });
  return changed ? printFormula(tree) : formula;
}
