// Excel formula text (en-US syntax, A1 references) as tokens: numbers, strings, errors,
// references with their sheet and `$` marks, names, function calls and operators.
import { MAX_COLS, MAX_ROWS, columnIndex } from './address.js';
import { ERROR_CODES } from './cell.js';
import type { RefNode } from './formula-parser.js';

/** A formula the parser cannot read. */
export class FormulaSyntaxError extends Error {
  override readonly name = 'FormulaSyntaxError';
}

export type Tok =
  | { t: 'num'; v: number; text: string }
  | { t: 'str'; v: string }
  | { t: 'err'; v: string }
  | { t: 'ref'; node: RefNode }
  | { t: 'id'; v: string; sheet?: string }
  | { t: 'fn'; v: string }
  | { t: 'op'; v: string };

const CELL = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})(?![\p{L}\p{N}_.(])/u;
const COLS = /^(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![\p{L}\p{N}_.(])/u;
const ROWS = /^(\$?)(\d{1,7}):(\$?)(\d{1,7})(?![\p{L}\p{N}_.(])/u;
const IDENT = /^[\p{L}_\\][\p{L}\p{N}_.]*/u;
const NUMBER = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;
const OPS = ['<>', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '^', '&', '%', '(', ')', ',', ';', '{', '}', ':', '@'];

function readRef(src: string, sheet: string | undefined): { node: RefNode; len: number } | null {
  const base = sheet === undefined ? {} : { sheet };
  let m = COLS.exec(src);
  if (m) {
    const c0 = columnIndex(m[2] ?? '');
    const c1 = columnIndex(m[4] ?? '');
    if (c0 >= 0 && c1 >= 0)
      return { len: m[0].length, node: { k: 'ref', ...base, r0: 0, r1: MAX_ROWS - 1, c0, c1, kind: 'columns', abs: { r0: true, r1: true, c0: m[1] === '$', c1: m[3] === '$' } } };
  }
  m = ROWS.exec(src);
  if (m) {
    return { len: m[0].length, node: { k: 'ref', ...base, r0: Number(m[2]) - 1, r1: Number(m[4]) - 1, c0: 0, c1: MAX_COLS - 1, kind: 'rows', abs: { r0: m[1] === '$', r1: m[3] === '$', c0: true, c1: true } } };
  }
  m = CELL.exec(src);
  if (!m) return null;
  const c0 = columnIndex(m[2] ?? '');
  if (c0 < 0) return null;
  const node: RefNode = { k: 'ref', ...base, r0: Number(m[4]) - 1, c0, r1: Number(m[4]) - 1, c1: c0, kind: 'cells', abs: { r0: m[3] === '$', c0: m[1] === '$', r1: m[3] === '$', c1: m[1] === '$' } };
  let len = m[0].length;
  if (src[len] === ':') {
    const m2 = CELL.exec(src.slice(len + 1));
    const c1 = m2 ? columnIndex(m2[2] ?? '') : -1;
    if (m2 && c1 >= 0) {
      node.r1 = Number(m2[4]) - 1;
      node.c1 = c1;
      node.abs.r1 = m2[3] === '$';
      node.abs.c1 = m2[1] === '$';
      len += 1 + m2[0].length;
    }
  }
  return { node, len };
}

export function tokenize(formula: string): Tok[] {
  const src = formula.startsWith('=') ? formula.slice(1) : formula;
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ch = src[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let v = '';
      for (;;) {
        if (j >= src.length) throw new FormulaSyntaxError(`Unterminated string in ${formula}`);
        if (src[j] === '"' && src[j + 1] === '"') {
          v += '"';
          j += 2;
        } else if (src[j] === '"') break;
        else v += src[j++];
      }
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    if (ch === '#') {
      const code = ERROR_CODES.find((c) => rest.toUpperCase().startsWith(c));
      if (!code) throw new FormulaSyntaxError(`Unknown error literal in ${formula}`);
      out.push({ t: 'err', v: code });
      i += code.length;
      continue;
    }
    // A sheet prefix: 'quoted name'! or bare-name!
    let sheet: string | undefined;
    let after = i;
    if (ch === "'") {
      let j = i + 1;
      let name = '';
      while (j < src.length && !(src[j] === "'" && src[j + 1] !== "'")) {
        name += src[j] === "'" ? "'" : src[j];
        j += src[j] === "'" ? 2 : 1;
      }
      if (src[j + 1] !== '!') throw new FormulaSyntaxError(`Bad sheet reference in ${formula}`);
      sheet = name;
      after = j + 2;
    } else {
      const id = IDENT.exec(rest);
      if (id && src[i + id[0].length] === '!') {
        sheet = id[0];
        after = i + id[0].length + 1;
      }
    }
    const refSrc = src.slice(after);
    const ref = readRef(refSrc, sheet);
    if (ref) {
      out.push({ t: 'ref', node: ref.node });
      i = after + ref.len;
      continue;
    }
    const num = sheet === undefined ? NUMBER.exec(rest) : null;
    if (num) {
      out.push({ t: 'num', v: Number(num[0]), text: num[0] });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(refSrc);
    if (id) {
      const end = after + id[0].length;
      if (sheet === undefined && src[end] === '(') {
        out.push({ t: 'fn', v: id[0].toUpperCase().replace(/^_XLFN\.|^_XLWS\./, '') });
        i = end + 1;
      } else {
        out.push(sheet === undefined ? { t: 'id', v: id[0] } : { t: 'id', v: id[0], sheet });
        i = end;
      }
      continue;
    }
    if (sheet !== undefined) throw new FormulaSyntaxError(`Bad reference after ${sheet}! in ${formula}`);
    const op = OPS.find((o) => rest.startsWith(o));
    if (!op) throw new FormulaSyntaxError(`Unexpected "${ch}" in ${formula}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

