import { compactText } from './text.js';

const SEED_A = 0x811c9dc5;
const SEED_B = 0x050c5d1f;
const PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, two seeds in one pass (a 64-bit-strong key), continuing from a and b. */
function fnv1a2(text: string, a: number, b: number, out: Uint32Array): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, PRIME) >>> 0;
    b = Math.imul(b ^ c, PRIME) >>> 0;
  }
  out[0] = a;
  out[1] = b;
}

/** The hash state after `unit` and its NUL separator, per unit: every item of a unit starts there. */
const UNIT_STATE = new Map<string, Uint32Array>();
const state = new Uint32Array(2);
const codes: number[] = [90, 71, 45]; // ZG-

/**
 * An item's stable key: derived from its unit and 序号 when it has one, else from its unit and
 * normalised description, so re-submitting an edited ledger keeps each item's history together.
 * The add-in writes the key into the sheet (检查·事项编号) and a key found there wins.
 * @example itemKey('儒林镇', '3', '…') === itemKey('儒林镇', ' 3 ', 'another text')
 */
export function itemKey(unit: string, seq: string, description: string): string {
  const s = seq.trim();
  return s ? keyOf(unit, s, '') : keyOf(unit, '', compactText(description));
}

/**
 * itemKey for a trimmed 序号, or (without one) a description already through compactText.
 * The basis hashed is `unit NUL # seq` or `unit NUL compact`, as it always was.
 */
export function keyOf(unit: string, trimmedSeq: string, compactDescription: string): string {
  let start = UNIT_STATE.get(unit);
  if (!start) {
    start = new Uint32Array(2);
    fnv1a2(unit + '\u0000', SEED_A, SEED_B, start);
    if (UNIT_STATE.size >= 10_000) UNIT_STATE.clear();
    UNIT_STATE.set(unit, start);
  }
  if (trimmedSeq) {
    // '#' (0x23) then the 序号.
    const a = Math.imul(start[0]! ^ 0x23, PRIME) >>> 0;
    const b = Math.imul(start[1]! ^ 0x23, PRIME) >>> 0;
    fnv1a2(trimmedSeq, a, b, state);
  } else fnv1a2(compactDescription, start[0]!, start[1]!, state);
  base36(state[0]!, 3);
  base36(state[1]!, 10);
  return String.fromCharCode.apply(null, codes);
}

/** Seven upper-case base-36 digits of a 32-bit number (toString(36), zero-padded), into codes[at…]. */
function base36(n: number, at: number): void {
  for (let i = at + 6; i >= at; i--) {
    const d = n % 36;
    codes[i] = d < 10 ? 48 + d : 55 + d;
    n = (n - d) / 36;
  }
}
