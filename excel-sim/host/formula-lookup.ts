// Counting and lookup functions: COUNTIF-style criteria (operators, wildcards, Excel's number
// and text matching), COUNTIF(S), SUMIF, SUMPRODUCT, MATCH, INDEX (which returns a reference),
// VLOOKUP and the reference information functions.
import { CellError } from './cell.js';
import type { Node } from './formula-parser.js';
import { compareScalars, err, isArray, isRange, toBool, toNumber, type Evaluator, type Scalar, type Value } from './formula-eval.js';

type Fn = (args: Node[], ev: Evaluator) => Value;

const isErr = (v: unknown): v is CellError => v instanceof CellError;

/** A `*`/`?` pattern (with `~` escapes) as a case-insensitive whole-text regular expression. */
export function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '~' && i + 1 < pattern.length) re += (pattern[++i] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

/** COUNTIF-style criteria (`">5"`, `"<>"`, `"abc*"`, 5, TRUE) as a predicate on cell values. */
export function criteria(c: Scalar): (v: Scalar) => boolean {
  if (typeof c === 'number') return (v) => (typeof v === 'number' ? v === c : typeof v === 'string' && v.trim() !== '' && Number(v) === c);
  if (typeof c === 'boolean') return (v) => v === c;
  if (isErr(c)) return (v) => isErr(v) && v.code === c.code;
  const s = c ?? '';
  const m = /^(>=|<=|<>|=|>|<)?([\s\S]*)$/.exec(s);
  const op = m?.[1] ?? '=';
  const operand = m?.[2] ?? '';
  if (operand === '') return op === '<>' ? (v) => v !== null && v !== '' : op === '=' ? (v) => v === null || v === '' : () => false;
  const n = toNumber(operand);
  if (!isErr(n) && operand.trim() !== '') {
    const test = (v: Scalar): boolean => {
      const x = typeof v === 'number' ? v : op === '=' && typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (Number.isNaN(x)) return op === '<>';
      return op === '=' ? x === n : op === '<>' ? x !== n : op === '>' ? x > n : op === '<' ? x < n : op === '>=' ? x >= n : x <= n;
    };
    return test;
  }
  const up = operand.toUpperCase();
  if (up === 'TRUE' || up === 'FALSE') return (v) => (op === '<>' ? v !== (up === 'TRUE') : v === (up === 'TRUE'));
  if (op === '=' || op === '<>') {
    const re = wildcard(operand);
    return op === '=' ? (v) => typeof v === 'string' && re.test(v) : (v) => !(typeof v === 'string' && re.test(v));
  }
  return (v) => {
    if (typeof v !== 'string') return false;
    const k = compareScalars(v, operand);
    return op === '>' ? k > 0 : op === '<' ? k < 0 : op === '>=' ? k >= 0 : k <= 0;
  };
}

/** COUNTIF over a range: cells beyond the sheet's extent are empty. */
function countMatches(ev: Evaluator, rangeNode: Node, critNode: Node): number | CellError {
  const range = ev.eval(rangeNode);
  const crit = ev.scalar(ev.eval(critNode));
  const test = criteria(crit);
  const grid = ev.grid(range);
  let n = 0;
  let seen = 0;
  for (const row of grid) for (const v of row) {
    seen++;
    if (test(v)) n++;
  }
  if (test(null)) n += ev.size(range) - seen;
  return n;
}

function match(lookup: Scalar, list: Scalar[], type: number): number | CellError {
  if (isErr(lookup)) return lookup;
  if (type === 0) {
    const re = typeof lookup === 'string' ? wildcard(lookup) : null;
    const i = list.findIndex((v) => (re ? typeof v === 'string' && re.test(v) : v !== null && typeof v === typeof lookup && compareScalars(v, lookup) === 0));
    return i < 0 ? err('#N/A') : i + 1;
  }
  let found = -1;
  for (let i = 0; i < list.length; i++) {
    const v = list[i] ?? null;
    if (v === null || isErr(v) || typeof v !== typeof lookup) continue;
    const k = compareScalars(v, lookup);
    if (type > 0 ? k <= 0 : k >= 0) found = i;
    else break;
  }
  return found < 0 ? err('#N/A') : found + 1;
}

export const LOOKUP_FUNCTIONS: Record<string, Fn> = {
  COUNTBLANK: (args, ev) => {
    const v = ev.eval(args[0] as Node);
    const grid = ev.grid(v);
    let filled = 0;
    for (const row of grid) for (const x of row) if (x !== null && x !== '') filled++;
    return ev.size(v) - filled;
  },
  COUNTIF: (args, ev) => (args.length === 2 ? countMatches(ev, args[0] as Node, args[1] as Node) : err('#VALUE!')),
  COUNTIFS: (args, ev) => {
    if (args.length < 2 || args.length % 2) return err('#VALUE!');
    const grids: Scalar[][][] = [];
    const tests: ((v: Scalar) => boolean)[] = [];
    for (let i = 0; i < args.length; i += 2) {
      grids.push(ev.grid(ev.eval(args[i] as Node)));
      tests.push(criteria(ev.scalar(ev.eval(args[i + 1] as Node))));
    }
    const rows = Math.max(...grids.map((g) => g.length));
    const cols = Math.max(...grids.map((g) => g[0]?.length ?? 0));
    let n = 0;
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) if (tests.every((t, k) => t(grids[k]?.[r]?.[c] ?? null))) n++;
    return n;
  },
  SUMIF: (args, ev) => {
    const range = ev.grid(ev.eval(args[0] as Node));
    const test = criteria(ev.scalar(ev.eval(args[1] as Node)));
    const sums = args[2] ? ev.grid(ev.eval(args[2])) : range;
    let total = 0;
    range.forEach((row, r) => row.forEach((v, c) => {
      const s = sums[r]?.[c];
      if (test(v) && typeof s === 'number') total += s;
    }));
    return total;
  },
  SUMPRODUCT: (args, ev) => {
    const grids = args.map((a) => ev.grid(ev.eval(a)));
    const first = grids[0];
    if (!first) return err('#VALUE!');
    let total = 0;
    for (let r = 0; r < first.length; r++)
      for (let c = 0; c < (first[0]?.length ?? 0); c++) {
        let p = 1;
        for (const g of grids) {
          const v = g[r]?.[c];
          if (v === undefined) return err('#VALUE!');
          if (isErr(v)) return v;
          p *= typeof v === 'number' ? v : 0;
        }
        total += p;
      }
    return total;
  },
  MATCH: (args, ev) => {
    if (args.length < 2) return err('#VALUE!');
    const list = ev.grid(ev.eval(args[1] as Node));
    const flat = list.length === 1 ? (list[0] ?? []) : list.every((r) => r.length === 1) ? list.map((r) => r[0] ?? null) : null;
    if (!flat) return err('#N/A');
    const t = args[2] ? toNumber(ev.scalar(ev.eval(args[2]))) : 1;
    if (isErr(t)) return t;
    return ev.map([ev.eval(args[0] as Node)], ([x]) => match(x ?? null, flat, t));
  },
  INDEX: (args, ev) => {
    const src = ev.eval(args[0] as Node);
    const a = args[1] ? toNumber(ev.scalar(ev.eval(args[1]))) : 0;
    const b = args[2] ? toNumber(ev.scalar(ev.eval(args[2]))) : undefined;
    if (isErr(a)) return a;
    if (isErr(b)) return b;
    const rows = isRange(src) ? src.rect.r1 - src.rect.r0 + 1 : isArray(src) ? src.rows.length : 1;
    const cols = isRange(src) ? src.rect.c1 - src.rect.c0 + 1 : isArray(src) ? (src.rows[0]?.length ?? 0) : 1;
    let r = a;
    let c = b ?? 0;
    if (b === undefined && rows === 1) [r, c] = [1, a];
    if (b === undefined && cols === 1) c = 1;
    if (r < 0 || c < 0 || r > rows || c > cols) return err('#REF!');
    if (isRange(src)) {
      const { rect } = src;
      return {
        kind: 'range',
        sheet: src.sheet,
        rect: {
          r0: r === 0 ? rect.r0 : rect.r0 + r - 1,
          r1: r === 0 ? rect.r1 : rect.r0 + r - 1,
          c0: c === 0 ? rect.c0 : rect.c0 + c - 1,
          c1: c === 0 ? rect.c1 : rect.c0 + c - 1,
        },
      };
    }
    if (isArray(src)) return src.rows[Math.max(r, 1) - 1]?.[Math.max(c, 1) - 1] ?? err('#REF!');
    return src;
  },
  VLOOKUP: (args, ev) => {
    const table = ev.grid(ev.eval(args[1] as Node));
    const col = toNumber(ev.scalar(ev.eval(args[2] as Node)));
    const approx = args[3] ? toBool(ev.scalar(ev.eval(args[3]))) : true;
    if (isErr(col)) return col;
    if (isErr(approx)) return approx;
    return ev.map([ev.eval(args[0] as Node)], ([x]) => {
      const i = match(x ?? null, table.map((r) => r[0] ?? null), approx ? 1 : 0);
      if (isErr(i)) return i;
      return col < 1 || col > (table[0]?.length ?? 0) ? err('#REF!') : (table[i - 1]?.[col - 1] ?? null);
    });
  },
  ROW: (args, ev) => {
    if (!args[0]) return ev.ctx.row + 1;
    const v = ev.eval(args[0]);
    return isRange(v) ? v.rect.r0 + 1 : err('#VALUE!');
  },
  COLUMN: (args, ev) => {
    if (!args[0]) return ev.ctx.col + 1;
    const v = ev.eval(args[0]);
    return isRange(v) ? v.rect.c0 + 1 : err('#VALUE!');
  },
  ROWS: (args, ev) => {
    const v = ev.eval(args[0] as Node);
    return isRange(v) ? v.rect.r1 - v.rect.r0 + 1 : isArray(v) ? v.rows.length : 1;
  },
  COLUMNS: (args, ev) => {
    const v = ev.eval(args[0] as Node);
    return isRange(v) ? v.rect.c1 - v.rect.c0 + 1 : isArray(v) ? (v.rows[0]?.length ?? 0) : 1;
  },
  CHOOSE: (args, ev) => {
    const i = toNumber(ev.scalar(ev.eval(args[0] as Node)));
    if (isErr(i)) return i;
    const pick = args[Math.trunc(i)];
    return i < 1 || !pick ? err('#VALUE!') : ev.eval(pick);
  },
};
