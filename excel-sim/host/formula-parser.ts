// Excel formulas to a syntax tree and back (the tree keeps parentheses, so printing gives the
// formula as written, spaces aside).
import { columnLetters, quoteSheetName } from './address.js';
import { FormulaSyntaxError, tokenize, type Tok } from './formula-tokens.js';

export { FormulaSyntaxError } from './formula-tokens.js';

export interface RefNode {
  k: 'ref';
  sheet?: string;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  abs: { r0: boolean; c0: boolean; r1: boolean; c1: boolean };
  kind: 'cells' | 'columns' | 'rows';
}

export type Node =
  | { k: 'num'; v: number; text: string }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'err'; v: string }
  | RefNode
  | { k: 'name'; name: string; sheet?: string }
  | { k: 'fn'; name: string; args: Node[] }
  | { k: 'un'; op: '-' | '+'; x: Node }
  | { k: 'pct'; x: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'paren'; x: Node }
  | { k: 'arr'; rows: Node[][] };

/**
 * Parses a formula (with or without its leading `=`).
 * @example parseFormula('=AND($A2<>"",COUNTIF(B:B,B2)>1)')
 */
export function parseFormula(formula: string): Node {
  const toks = tokenize(formula);
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const isOp = (v: string): boolean => {
    const t = toks[p];
    return t?.t === 'op' && t.v === v;
  };
  const expect = (v: string): void => {
    if (!isOp(v)) throw new FormulaSyntaxError(`Expected "${v}" in ${formula}`);
    p++;
  };
  const binary = (next: () => Node, ops: string[]): Node => {
    let a = next();
    for (;;) {
      const t = peek();
      if (t?.t !== 'op' || !ops.includes(t.v)) return a;
      p++;
      a = { k: 'bin', op: t.v, a, b: next() };
    }
  };
  const compare = (): Node => binary(concat, ['=', '<>', '<', '>', '<=', '>=']);
  const concat = (): Node => binary(additive, ['&']);
  const additive = (): Node => binary(multiplicative, ['+', '-']);
  const multiplicative = (): Node => binary(power, ['*', '/']);
  const power = (): Node => binary(percent, ['^']);
  const percent = (): Node => {
    let x = unary();
    while (isOp('%')) {
      p++;
      x = { k: 'pct', x };
    }
    return x;
  };
  const unary = (): Node => {
    if (isOp('-') || isOp('+')) {
      const op = (toks[p++] as { v: '-' | '+' }).v;
      return { k: 'un', op, x: unary() };
    }
    if (isOp('@')) {
      p++;
      return unary();
    }
    return range();
  };
  const range = (): Node => {
    let a = primary();
    while (isOp(':')) {
      p++;
      a = { k: 'bin', op: ':', a, b: primary() };
    }
    return a;
  };
  const primary = (): Node => {
    const t = toks[p++];
    if (!t) throw new FormulaSyntaxError(`Unexpected end of ${formula}`);
    switch (t.t) {
      case 'num':
        return { k: 'num', v: t.v, text: t.text };
      case 'str':
        return { k: 'str', v: t.v };
      case 'err':
        return { k: 'err', v: t.v };
      case 'ref':
        return t.node;
      case 'id': {
        const up = t.v.toUpperCase();
        if (t.sheet === undefined && (up === 'TRUE' || up === 'FALSE')) return { k: 'bool', v: up === 'TRUE' };
        return t.sheet === undefined ? { k: 'name', name: t.v } : { k: 'name', name: t.v, sheet: t.sheet };
      }
      case 'fn': {
        const args: Node[] = [];
        if (isOp(')')) {
          p++;
          return { k: 'fn', name: t.v, args };
        }
        for (;;) {
          args.push(isOp(',') || isOp(')') ? { k: 'str', v: '' } : compare());
          if (isOp(',')) {
            p++;
            continue;
          }
          expect(')');
          return { k: 'fn', name: t.v, args };
        }
      }
      case 'op':
        if (t.v === '(') {
          const x = compare();
          expect(')');
          return { k: 'paren', x };
        }
        if (t.v === '{') {
          const rows: Node[][] = [[]];
          for (;;) {
            (rows[rows.length - 1] as Node[]).push(unary());
            if (isOp(',')) p++;
            else if (isOp(';')) {
              p++;
              rows.push([]);
            } else {
              expect('}');
              return { k: 'arr', rows };
            }
          }
        }
    }
    throw new FormulaSyntaxError(`Unexpected token in ${formula}`);
  };
  const node = compare();
  if (p < toks.length) throw new FormulaSyntaxError(`Unexpected input at the end of ${formula}`);
  return node;
}

function refText(n: RefNode): string {
  const prefix = n.sheet === undefined ? '' : `${quoteSheetName(n.sheet)}!`;
  const d = (b: boolean): string => (b ? '$' : '');
  if (n.kind === 'columns') return `${prefix}${d(n.abs.c0)}${columnLetters(n.c0)}:${d(n.abs.c1)}${columnLetters(n.c1)}`;
  if (n.kind === 'rows') return `${prefix}${d(n.abs.r0)}${n.r0 + 1}:${d(n.abs.r1)}${n.r1 + 1}`;
  const a = `${d(n.abs.c0)}${columnLetters(n.c0)}${d(n.abs.r0)}${n.r0 + 1}`;
  if (n.r0 === n.r1 && n.c0 === n.c1 && n.abs.r0 === n.abs.r1 && n.abs.c0 === n.abs.c1) return prefix + a;
  return `${prefix}${a}:${d(n.abs.c1)}${columnLetters(n.c1)}${d(n.abs.r1)}${n.r1 + 1}`;
}

/** Writes a syntax tree back as a formula, with its leading `=`. */
export function printFormula(node: Node): string {
  const p = (n: Node): string => {
    switch (n.k) {
      case 'num':
        return n.text;
      case 'str':
        return `"${n.v.replace(/"/g, '""')}"`;
      case 'bool':
        return n.v ? 'TRUE' : 'FALSE';
      case 'err':
        return n.v;
      case 'ref':
        return refText(n);
      case 'name':
        return n.sheet === undefined ? n.name : `${quoteSheetName(n.sheet)}!${n.name}`;
      case 'fn':
        return `${n.name}(${n.args.map(p).join(',')})`;
      case 'un':
        return n.op + p(n.x);
      case 'pct':
        return `${p(n.x)}%`;
      case 'bin':
        return `${p(n.a)}${n.op}${p(n.b)}`;
      case 'paren':
        return `(${p(n.x)})`;
      case 'arr':
        return `{${n.rows.map((r) => r.map(p).join(',')).join(';')}}`;
    }
  };
  return `=${p(node)}`;
}

/** Maps every node bottom-up (used to move and rename references). */
export function mapNodes(node: Node, f: (n: Node) => Node): Node {
  switch (node.k) {
    case 'fn':
      return f({ ...node, args: node.args.map((a) => mapNodes(a, f)) });
    case 'un':
    case 'pct':
    case 'paren':
      return f({ ...node, x: mapNodes(node.x, f) });
    case 'bin':
      return f({ ...node, a: mapNodes(node.a, f), b: mapNodes(node.b, f) });
    case 'arr':
      return f({ ...node, rows: node.rows.map((r) => r.map((x) => mapNodes(x, f))) });
    default:
      return f(node);
  }
}

