// Evaluates formula syntax trees against the workbook: references (relative ones moved by the
// caller's offset, as a conditional format does for each cell it covers), names, operators with
// Excel's coercions and comparisons, and arrays element by element (dynamic-array semantics).
import { MAX_COLS, MAX_ROWS, intersect, type Rect } from './address.js';
import { CellError, type ErrorCode } from './cell.js';
import { parseFormula, type Node, type RefNode } from './formula-parser.js';
import { FUNCTIONS } from './formula-functions.js';

/** A scalar during evaluation; `null` is an empty cell. */
export type Scalar = number | string | boolean | CellError | null;
export interface RangeRef {
  kind: 'range';
  sheet: FormulaSheet;
  rect: Rect;
}
export interface ArrayValue {
  kind: 'array';
  rows: Scalar[][];
}
export type Value = Scalar | RangeRef | ArrayValue;

/** A sheet as the evaluator sees it. */
export interface FormulaSheet {
  readonly name: string;
}

/** What the evaluator needs from the workbook. */
export interface FormulaHost {
  sheetByName(name: string): FormulaSheet | undefined;
  /** The computed value of a cell (evaluating its formula if it has one). */
  cellValue(sheet: FormulaSheet, row: number, col: number): Scalar;
  /** Bottom-right extent of a sheet's stored cells, to bound whole-column references. */
  extent(sheet: FormulaSheet): { rows: number; cols: number };
  /** The formula text of a defined name visible from `sheet`, e.g. `=Sheet1!$A$1:$A$9`. */
  nameFormula(name: string, sheet: FormulaSheet): string | undefined;
  /** Today's date serial (Excel's TODAY()), in the workbook's date system. */
  today(): number;
  /** The workbook keeps dates in the 1904 system (DATE, YEAR, TEXT… count from 1904-01-01). */
  date1904?: boolean;
  /** Reports something the evaluator cannot do (an unknown function). */
  gap(what: string): void;
  /** Optional memo of a rectangle's values (hosts evaluating many cells at once provide it). */
  grid?(sheet: FormulaSheet, rect: Rect): Scalar[][] | undefined;
}

/** Where a formula is evaluated: the cell, and the offset applied to relative references. */
export interface EvalContext {
  host: FormulaHost;
  sheet: FormulaSheet;
  row: number;
  col: number;
  dr: number;
  dc: number;
}

export const err = (code: ErrorCode): CellError => new CellError(code);
export const isRange = (v: Value): v is RangeRef => typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'range';
export const isArray = (v: Value): v is ArrayValue => typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'array';

/** Evaluator of one formula in one context; function implementations receive it. */
export class Evaluator {
  constructor(readonly ctx: EvalContext) {}

  eval(node: Node): Value {
    switch (node.k) {
      case 'num':
      case 'str':
      case 'bool':
        return node.v;
      case 'err':
        return err(node.v as ErrorCode);
      case 'ref':
        return this.ref(node);
      case 'name':
        return this.name(node.name, node.sheet);
      case 'paren':
        return this.eval(node.x);
      case 'un':
        return this.map([this.eval(node.x)], ([x]) => {
          const n = toNumber(x ?? null);
          return typeof n === 'number' && node.op === '-' ? -n : n;
        });
      case 'pct':
        return this.map([this.eval(node.x)], ([x]) => {
          const n = toNumber(x ?? null);
          return typeof n === 'number' ? n / 100 : n;
        });
      case 'bin':
        return node.op === ':' ? this.union(node.a, node.b) : this.map([this.eval(node.a), this.eval(node.b)], ([a, b]) => binary(node.op, a ?? null, b ?? null));
      case 'arr':
        return { kind: 'array', rows: node.rows.map((r) => r.map((x) => this.scalar(this.eval(x)))) };
      case 'fn': {
        const fn = FUNCTIONS[node.name];
        if (!fn) {
          this.ctx.host.gap(`formula function ${node.name}`);
          return err('#NAME?');
        }
        return fn(node.args, this);
      }
    }
  }

  private ref(n: RefNode): Value {
    const sheet = n.sheet === undefined ? this.ctx.sheet : this.ctx.host.sheetByName(n.sheet);
    if (!sheet) return err('#REF!');
    const { dr, dc } = this.ctx;
    const rect = {
      r0: n.kind === 'columns' || n.abs.r0 ? n.r0 : n.r0 + dr,
      r1: n.kind === 'columns' || n.abs.r1 ? n.r1 : n.r1 + dr,
      c0: n.kind === 'rows' || n.abs.c0 ? n.c0 : n.c0 + dc,
      c1: n.kind === 'rows' || n.abs.c1 ? n.c1 : n.c1 + dc,
    };
    if (rect.r0 < 0 || rect.c0 < 0 || rect.r1 >= MAX_ROWS || rect.c1 >= MAX_COLS) return err('#REF!');
    return { kind: 'range', sheet, rect };
  }

  private name(name: string, sheetName?: string): Value {
    const sheet = sheetName === undefined ? this.ctx.sheet : this.ctx.host.sheetByName(sheetName);
    const formula = sheet ? this.ctx.host.nameFormula(name, sheet) : undefined;
    if (formula === undefined) return err('#NAME?');
    // Names are written with absolute references; evaluate without the caller's offset.
    return new Evaluator({ ...this.ctx, dr: 0, dc: 0 }).eval(parseFormula(formula));
  }

  private union(a: Node, b: Node): Value {
    const x = this.eval(a);
    const y = this.eval(b);
    if (!isRange(x) || !isRange(y) || x.sheet !== y.sheet) return err('#VALUE!');
    const r = { r0: Math.min(x.rect.r0, y.rect.r0), c0: Math.min(x.rect.c0, y.rect.c0), r1: Math.max(x.rect.r1, y.rect.r1), c1: Math.max(x.rect.c1, y.rect.c1) };
    return { kind: 'range', sheet: x.sheet, rect: r };
  }

  /** The cells of a range or array as rows of scalars (whole columns cut at the sheet's extent). */
  grid(v: Value): Scalar[][] {
    if (isArray(v)) return v.rows;
    if (!isRange(v)) return [[v]];
    const { rows, cols } = this.ctx.host.extent(v.sheet);
    const clip = intersect(v.rect, { r0: 0, c0: 0, r1: Math.max(rows - 1, v.rect.r0), c1: Math.max(cols - 1, v.rect.c0) }) ?? v.rect;
    const memo = this.ctx.host.grid?.(v.sheet, clip);
    if (memo) return memo;
    const out: Scalar[][] = [];
    for (let r = clip.r0; r <= clip.r1; r++) {
      const row: Scalar[] = [];
      for (let c = clip.c0; c <= clip.c1; c++) row.push(this.ctx.host.cellValue(v.sheet, r, c));
      out.push(row);
    }
    return out;
  }

  /** Number of cells a value covers (whole columns count every row). */
  size(v: Value): number {
    if (isRange(v)) return (v.rect.r1 - v.rect.r0 + 1) * (v.rect.c1 - v.rect.c0 + 1);
    if (isArray(v)) return v.rows.length * (v.rows[0]?.length ?? 0);
    return 1;
  }

  /** A single value: a one-cell range's value, or implicit intersection with the current cell. */
  scalar(v: Value): Scalar {
    if (isArray(v)) return v.rows[0]?.[0] ?? null;
    if (!isRange(v)) return v;
    const { rect, sheet } = v;
    if (rect.r0 === rect.r1 && rect.c0 === rect.c1) return this.ctx.host.cellValue(sheet, rect.r0, rect.c0);
    const row = this.ctx.row;
    const col = this.ctx.col;
    if (rect.c0 === rect.c1 && row >= rect.r0 && row <= rect.r1) return this.ctx.host.cellValue(sheet, row, rect.c0);
    if (rect.r0 === rect.r1 && col >= rect.c0 && col <= rect.c1) return this.ctx.host.cellValue(sheet, rect.r0, col);
    return err('#VALUE!');
  }

  /** Applies `f` element by element when any argument is a range or array (else once). */
  map(values: Value[], f: (xs: Scalar[]) => Scalar): Value {
    if (!values.some((v) => isRange(v) || isArray(v))) return f(values as Scalar[]);
    const grids = values.map((v) => (isRange(v) || isArray(v) ? this.grid(v) : [[v as Scalar]]));
    const rows = Math.max(...grids.map((g) => g.length));
    const cols = Math.max(...grids.map((g) => g[0]?.length ?? 0));
    const pick = (g: Scalar[][], r: number, c: number): Scalar => {
      const rr = g.length === 1 ? 0 : r;
      const cc = (g[0]?.length ?? 0) === 1 ? 0 : c;
      return rr < g.length && cc < (g[0]?.length ?? 0) ? (g[rr]?.[cc] ?? null) : err('#N/A');
    };
    const out: Scalar[][] = [];
    for (let r = 0; r < rows; r++) {
      const row: Scalar[] = [];
      for (let c = 0; c < cols; c++) row.push(f(grids.map((g) => pick(g, r, c))));
      out.push(row);
    }
    return { kind: 'array', rows: out };
  }
}

/** Number from a scalar with Excel's coercion; an error when it is not one. */
export function toNumber(v: Scalar): number | CellError {
  if (v instanceof CellError) return v;
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const t = v.trim();
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  const pct = /^([+-]?\d+(\.\d+)?)%$/.exec(t);
  if (pct) return Number(pct[1]) / 100;
  return err('#VALUE!');
}

/** Text from a scalar as Excel converts numbers in formulas (up to 15 significant digits). */
export function toText(v: Scalar): string | CellError {
  if (v instanceof CellError) return v;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') {
    const n = Number(v.toPrecision(15));
    return Math.abs(n) >= 1e21 || (n !== 0 && Math.abs(n) < 1e-9) ? n.toExponential().replace('e', 'E') : String(n);
  }
  return v;
}

export function toBool(v: Scalar): boolean | CellError {
  if (v instanceof CellError) return v;
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const u = v.toUpperCase();
  if (u === 'TRUE' || u === 'FALSE') return u === 'TRUE';
  return err('#VALUE!');
}

/** Excel's ordering across types: numbers < text < logicals; text case-insensitive. */
export function compareScalars(a: Scalar, b: Scalar): number {
  const rank = (x: Scalar): number => (typeof x === 'number' ? 0 : typeof x === 'string' ? 1 : 2);
  let x = a;
  let y = b;
  if (x === null) x = typeof y === 'string' ? '' : typeof y === 'boolean' ? false : 0;
  if (y === null) y = typeof x === 'string' ? '' : typeof x === 'boolean' ? false : 0;
  if (rank(x) !== rank(y)) return rank(x) - rank(y);
  if (typeof x === 'string' && typeof y === 'string') {
    const p = x.toLowerCase();
    const q = y.toLowerCase();
    return p < q ? -1 : p > q ? 1 : 0;
  }
  const p = Number(x);
  const q = Number(y);
  return p < q ? -1 : p > q ? 1 : 0;
}

function binary(op: string, a: Scalar, b: Scalar): Scalar {
  if (a instanceof CellError) return a;
  if (b instanceof CellError) return b;
  switch (op) {
    case '&': {
      const x = toText(a);
      const y = toText(b);
      return x instanceof CellError ? x : y instanceof CellError ? y : x + y;
    }
    case '=':
      return compareScalars(a, b) === 0;
    case '<>':
      return compareScalars(a, b) !== 0;
    case '<':
      return compareScalars(a, b) < 0;
    case '>':
      return compareScalars(a, b) > 0;
    case '<=':
      return compareScalars(a, b) <= 0;
    case '>=':
      return compareScalars(a, b) >= 0;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x instanceof CellError) return x;
  if (y instanceof CellError) return y;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? err('#DIV/0!') : x / y;
    case '^': {
      const r = Math.pow(x, y);
      return Number.isFinite(r) ? r : err('#NUM!');
    }
  }
  return err('#VALUE!');
}

/**
 * Evaluates a formula at a cell; an array result gives its top-left value.
 * @example evaluateFormula('=A1*2', { host, sheet, row: 0, col: 1, dr: 0, dc: 0 })
 */
export function evaluateFormula(formula: string | Node, ctx: EvalContext): Scalar {
  const ev = new Evaluator(ctx);
  const tree = typeof formula === 'string' ? parseFormula(formula) : formula;
  return ev.scalar(ev.eval(tree));
}
