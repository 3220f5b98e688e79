// The worksheet functions the simulated host evaluates: those an add-in writes into highlight
// rules and helper cells (logic, information, text, arithmetic, dates; counting and lookup are
// in formula-lookup.ts). Any other function is reported as a host gap and evaluates to #NAME?.
import { CellError } from './cell.js';
import { dateSerial, DAYS_1904, formatText } from './number-format.js';
import type { Node } from './formula-parser.js';
import { LOOKUP_FUNCTIONS, wildcard } from './formula-lookup.js';
import { err, isArray, isRange, toBool, toNumber, toText, type Evaluator, type Scalar, type Value } from './formula-eval.js';

type Fn = (args: Node[], ev: Evaluator) => Value;

const isErr = (v: unknown): v is CellError => v instanceof CellError;

/** A function of scalars, applied element by element over ranges and arrays. */
const lift =
  (f: (...xs: Scalar[]) => Scalar, arity?: [number, number]): Fn =>
  (args, ev) => {
    if (arity && (args.length < arity[0] || args.length > arity[1])) return err('#VALUE!');
    return ev.map(
      args.map((a) => ev.eval(a)),
      (xs) => f(...xs),
    );
  };

/** Every scalar of the arguments; ranges skip text/empty/logicals when `fromRangesNumbersOnly`. */
function flatten(args: Node[], ev: Evaluator): { v: Scalar; fromRange: boolean }[] {
  const out: { v: Scalar; fromRange: boolean }[] = [];
  for (const a of args) {
    const v = ev.eval(a);
    if (isRange(v) || isArray(v)) for (const row of ev.grid(v)) for (const x of row) out.push({ v: x, fromRange: true });
    else out.push({ v, fromRange: false });
  }
  return out;
}

function numbersOf(args: Node[], ev: Evaluator): number[] | CellError {
  const out: number[] = [];
  for (const { v, fromRange } of flatten(args, ev)) {
    if (isErr(v)) return v;
    if (fromRange) {
      if (typeof v === 'number') out.push(v);
    } else {
      const n = toNumber(v);
      if (isErr(n)) return n;
      out.push(n);
    }
  }
  return out;
}

function logical(args: Node[], ev: Evaluator, combine: (bs: boolean[]) => boolean): Value {
  const bs: boolean[] = [];
  for (const { v, fromRange } of flatten(args, ev)) {
    if (isErr(v)) return v;
    if (fromRange && (typeof v === 'string' || v === null)) continue;
    const b = toBool(v);
    if (isErr(b)) return b;
    bs.push(b);
  }
  return bs.length ? combine(bs) : err('#VALUE!');
}

function dateParts(serial: number): { y: number; m: number; d: number } {
  if (serial < 60) {
    const d = new Date(Date.UTC(1899, 11, 31) + Math.floor(serial) * 86_400_000);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
  }
  if (Math.floor(serial) === 60) return { y: 1900, m: 2, d: 29 };
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

/** Like lift, for functions of dates: they get the days to add for the 1900 system (0, or 1,462). */
const liftDated =
  (f: (shift: number, ...xs: Scalar[]) => Scalar, arity: [number, number]): Fn =>
  (args, ev) =>
    lift((...xs) => f(ev.ctx.host.date1904 ? DAYS_1904 : 0, ...xs), arity)(args, ev);

function textFn(f: (s: string, ...rest: Scalar[]) => Scalar): (...xs: Scalar[]) => Scalar {
  return (first, ...rest) => {
    const s = toText(first ?? null);
    if (isErr(s)) return s;
    for (const r of rest) if (isErr(r)) return r;
    return f(s, ...rest);
  };
}

function num(v: Scalar | undefined, fallback?: number): number | CellError {
  if (v === undefined) return fallback ?? err('#VALUE!');
  return toNumber(v);
}

function search(caseSensitive: boolean): (...xs: Scalar[]) => Scalar {
  return (find, within, start) => {
    const f = toText(find ?? null);
    const w = toText(within ?? null);
    const s = num(start, 1);
    if (isErr(f)) return f;
    if (isErr(w)) return w;
    if (isErr(s)) return s;
    if (s < 1 || s > w.length + 1) return err('#VALUE!');
    if (caseSensitive) {
      const i = w.indexOf(f, s - 1);
      return i < 0 ? err('#VALUE!') : i + 1;
    }
    if (!/[*?~]/.test(f)) {
      const i = w.toLowerCase().indexOf(f.toLowerCase(), s - 1);
      return i < 0 ? err('#VALUE!') : i + 1;
    }
    const re = wildcard(f);
    for (let i = s - 1; i <= w.length; i++) for (let j = i; j <= w.length; j++) if (re.test(w.slice(i, j))) return i + 1;
    return err('#VALUE!');
  };
}

export const FUNCTIONS: Record<string, Fn> = {
  ...LOOKUP_FUNCTIONS,
  IF: (args, ev) => {
    if (args.length < 2 || args.length > 3) return err('#VALUE!');
    const cond = ev.eval(args[0] as Node);
    const pick = (b: boolean): Value => (b ? ev.eval(args[1] as Node) : args[2] ? ev.eval(args[2]) : false);
    if (!isRange(cond) && !isArray(cond)) {
      const b = toBool(cond);
      return isErr(b) ? b : pick(b);
    }
    const yes = ev.eval(args[1] as Node);
    const no = args[2] ? ev.eval(args[2]) : false;
    return ev.map([cond, yes, no], ([c, y, n]) => {
      const b = toBool(c ?? null);
      return isErr(b) ? b : b ? (y ?? null) : (n ?? null);
    });
  },
  IFERROR: lift((v, alt) => (isErr(v) ? (alt ?? null) : (v ?? null))),
  IFNA: lift((v, alt) => (isErr(v) && v.code === '#N/A' ? (alt ?? null) : (v ?? null))),
  AND: (args, ev) => logical(args, ev, (bs) => bs.every(Boolean)),
  OR: (args, ev) => logical(args, ev, (bs) => bs.some(Boolean)),
  XOR: (args, ev) => logical(args, ev, (bs) => bs.filter(Boolean).length % 2 === 1),
  NOT: lift((v) => {
    const b = toBool(v ?? null);
    return isErr(b) ? b : !b;
  }, [1, 1]),
  TRUE: () => true,
  FALSE: () => false,
  ISNUMBER: lift((v) => typeof v === 'number', [1, 1]),
  ISTEXT: lift((v) => typeof v === 'string', [1, 1]),
  ISNONTEXT: lift((v) => typeof v !== 'string', [1, 1]),
  ISLOGICAL: lift((v) => typeof v === 'boolean', [1, 1]),
  ISBLANK: lift((v) => v === null, [1, 1]),
  ISERROR: lift((v) => isErr(v), [1, 1]),
  ISERR: lift((v) => isErr(v) && v.code !== '#N/A', [1, 1]),
  ISNA: lift((v) => isErr(v) && v.code === '#N/A', [1, 1]),
  NA: () => err('#N/A'),
  N: lift((v) => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : isErr(v) ? v : 0)),
  T: lift((v) => (typeof v === 'string' ? v : isErr(v) ? v : '')),
  LEN: lift(textFn((s) => s.length), [1, 1]),
  TRIM: lift(textFn((s) => s.replace(/ +/g, ' ').trim()), [1, 1]),
  UPPER: lift(textFn((s) => s.toUpperCase()), [1, 1]),
  LOWER: lift(textFn((s) => s.toLowerCase()), [1, 1]),
  LEFT: lift(textFn((s, n) => {
    const k = num(n, 1);
    return isErr(k) ? k : k < 0 ? err('#VALUE!') : s.slice(0, k);
  })),
  RIGHT: lift(textFn((s, n) => {
    const k = num(n, 1);
    return isErr(k) ? k : k < 0 ? err('#VALUE!') : k === 0 ? '' : s.slice(-k);
  })),
  MID: lift(textFn((s, start, n) => {
    const a = num(start);
    const k = num(n);
    if (isErr(a)) return a;
    if (isErr(k)) return k;
    return a < 1 || k < 0 ? err('#VALUE!') : s.slice(a - 1, a - 1 + k);
  })),
  SUBSTITUTE: lift(textFn((s, from, to, nth) => {
    const f = toText(from ?? null);
    const t = toText(to ?? null);
    if (isErr(f)) return f;
    if (isErr(t)) return t;
    if (f === '') return s;
    if (nth === undefined) return s.split(f).join(t);
    const k = num(nth);
    if (isErr(k)) return k;
    let idx = -1;
    for (let i = 0; i < k; i++) {
      idx = s.indexOf(f, idx + 1);
      if (idx < 0) return s;
    }
    return s.slice(0, idx) + t + s.slice(idx + f.length);
  })),
  REPT: lift(textFn((s, n) => {
    const k = num(n);
    return isErr(k) ? k : s.repeat(Math.max(0, Math.floor(k)));
  })),
  EXACT: lift((a, b) => {
    const x = toText(a ?? null);
    const y = toText(b ?? null);
    return isErr(x) ? x : isErr(y) ? y : x === y;
  }, [2, 2]),
  SEARCH: lift(search(false), [2, 3]),
  FIND: lift(search(true), [2, 3]),
  VALUE: lift((v) => (typeof v === 'number' ? v : toNumber(v ?? null)), [1, 1]),
  TEXT: liftDated((shift, v, f) => {
    const fmt = toText(f ?? null);
    if (isErr(fmt)) return fmt;
    if (isErr(v)) return v;
    const n = typeof v === 'string' ? toNumber(v) : v;
    return formatText(isErr(n) ? (v ?? null) : (n ?? null), fmt, undefined, shift > 0);
  }, [2, 2]),
  CONCATENATE: lift((...xs) => {
    let out = '';
    for (const x of xs) {
      const t = toText(x);
      if (isErr(t)) return t;
      out += t;
    }
    return out;
  }),
  // A cell shows HYPERLINK's friendly name (or the link); following links is not modelled.
  HYPERLINK: lift((link, name) => (name === undefined ? (link ?? null) : name), [1, 2]),
  CONCAT: (args, ev) => {
    let out = '';
    for (const { v } of flatten(args, ev)) {
      const t = toText(v);
      if (isErr(t)) return t;
      out += t;
    }
    return out;
  },
  COUNT: (args, ev) => flatten(args, ev).filter(({ v, fromRange }) => typeof v === 'number' || (!fromRange && !isErr(toNumber(v)) && v !== null)).length,
  COUNTA: (args, ev) => flatten(args, ev).filter(({ v, fromRange }) => !(fromRange && v === null)).length,
  SUM: (args, ev) => {
    const ns = numbersOf(args, ev);
    return isErr(ns) ? ns : ns.reduce((a, b) => a + b, 0);
  },
  MIN: (args, ev) => {
    const ns = numbersOf(args, ev);
    return isErr(ns) ? ns : ns.length ? Math.min(...ns) : 0;
  },
  MAX: (args, ev) => {
    const ns = numbersOf(args, ev);
    return isErr(ns) ? ns : ns.length ? Math.max(...ns) : 0;
  },
  AVERAGE: (args, ev) => {
    const ns = numbersOf(args, ev);
    return isErr(ns) ? ns : ns.length ? ns.reduce((a, b) => a + b, 0) / ns.length : err('#DIV/0!');
  },
  ABS: lift((v) => {
    const n = toNumber(v ?? null);
    return isErr(n) ? n : Math.abs(n);
  }, [1, 1]),
  INT: lift((v) => {
    const n = toNumber(v ?? null);
    return isErr(n) ? n : Math.floor(n);
  }, [1, 1]),
  ROUND: lift((v, d) => {
    const n = toNumber(v ?? null);
    const k = num(d, 0);
    if (isErr(n)) return n;
    if (isErr(k)) return k;
    const f = Math.pow(10, Math.trunc(k));
    return (Math.sign(n) * Math.round(Math.abs(n) * f + 1e-9)) / f;
  }),
  MOD: lift((a, b) => {
    const x = toNumber(a ?? null);
    const y = toNumber(b ?? null);
    if (isErr(x)) return x;
    if (isErr(y)) return y;
    return y === 0 ? err('#DIV/0!') : x - y * Math.floor(x / y);
  }, [2, 2]),
  TODAY: (_args, ev) => ev.ctx.host.today(),
  DATE: liftDated((shift, y, m, d) => {
    const [a, b, c] = [toNumber(y ?? null), toNumber(m ?? null), toNumber(d ?? null)];
    if (isErr(a)) return a;
    if (isErr(b)) return b;
    if (isErr(c)) return c;
    const year = a < 1900 ? a + 1900 : a;
    const base = new Date(Date.UTC(year, b - 1, c));
    return dateSerial(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate()) - shift;
  }, [3, 3]),
  YEAR: liftDated((shift, v) => {
    const n = toNumber(v ?? null);
    return isErr(n) ? n : dateParts(n + shift).y;
  }, [1, 1]),
  MONTH: liftDated((shift, v) => {
    const n = toNumber(v ?? null);
    return isErr(n) ? n : dateParts(n + shift).m;
  }, [1, 1]),
  DAY: liftDated((shift, v) => {
    const n = toNumber(v ?? null);
    return isErr(n) ? n : dateParts(n + shift).d;
  }, [1, 1]),
};
