import { compactText } from './text.js';

const SEED_A = 0x811c9dc5;
const SEED_B = 0x050c5d1f;
const PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, two seeds in one pass (a 64-bit-strong key), continuing from a and b. */
function fnv1a2(text: string, a: number, b: number, out: Uint32Array): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, PRIME);
    b = Math.imul(b ^ c, PRIME);
  }
  out[0] = a;
  out[1] = b;
}

/** The hash state after `unit` and its NUL separator, per unit: every item of a unit starts there. */
const UNIT_STATE = new Map<string, Uint32Array>();
const state = new Uint32Array(2);
/** The key's fourteen base-36 digits as character codes. */
const d = new Int32Array(14);

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
 * The basis hashed is `unit NUL # seq` or `unit NUL compact`, as it always was; the key is
 * written in one go (no digit strings to pad and join for each of 100,000 items).
 */
export function keyOf(unit: string, trimmedSeq: string, compactDescription: string): string {
  const h = keyHash(unit, trimmedSeq, compactDescription);
  return keyOfState(h[0]!, h[1]!);
}

/** The final hash state of keyOf (the key before it is written), valid until the next call. */
export function keyHash(unit: string, trimmedSeq: string, compactDescription: string): Uint32Array {
  return keyHashFrom(unitKeyState(unit), trimmedSeq, compactDescription);
}

/** keyHash from the unit's state as unitKeyState gives it (a caller that has it looks the unit up once). */
export function keyHashFrom(start: Uint32Array, trimmedSeq: string, compactDescription: string): Uint32Array {
  if (trimmedSeq) {
    // '#' (0x23) then the 序号.
    const a = Math.imul(start[0]! ^ 0x23, PRIME) >>> 0;
    const b = Math.imul(start[1]! ^ 0x23, PRIME) >>> 0;
    fnv1a2(trimmedSeq, a, b, state);
  } else fnv1a2(compactDescription, start[0]!, start[1]!, state);
  return state;
}

/** The hash state after `unit` and its NUL separator: where an item key's hash goes on from. */
export function unitKeyState(unit: string): Uint32Array {
  let start = UNIT_STATE.get(unit);
  if (!start) {
    start = new Uint32Array(2);
    fnv1a2(unit + '\u0000', SEED_A, SEED_B, start);
    if (UNIT_STATE.size >= 10_000) UNIT_STATE.clear();
    UNIT_STATE.set(unit, start);
  }
  return start;
}

/**
 * One FNV-1a step (what the key's hash does per code unit), kept as a signed 32-bit integer: the
 * same bits as the unsigned hash, and no conversion in the loop (a Uint32Array stores it unsigned).
 */
export function fnvStep(h: number, c: number): number {
  return Math.imul(h ^ c, PRIME);
}

/** The key written from a final hash state: ZG- and fourteen base-36 digits. */
export function keyOfState(a: number, b: number): string {
  base36(a, 0);
  base36(b, 7);
  return String.fromCharCode(90, 71, 45, d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, d[11]!, d[12]!, d[13]!);
}

/** The character code of each base-36 digit, upper case. */
const DIGIT = Int32Array.from({ length: 36 }, (_, i) => (i < 10 ? 48 + i : 55 + i));
/** Per number below 36², its two digits' codes (high, low): one division gives two digits. */
const PAIR = Int32Array.from({ length: 2 * 1296 }, (_, i) => DIGIT[i & 1 ? (i >> 1) % 36 : Math.floor((i >> 1) / 36)]!);

/**
 * Seven upper-case base-36 digits of a 32-bit number (its toString(36), zero-padded), as
 * character codes into d[at…]: a 32-bit number and its quotients are exact in a double, so each
 * division is exact; three by 36² give six digits, the quotient left is the seventh (below 36).
 */
function base36(n: number, at: number): void {
  let v = n >>> 0;
  for (let i = at + 5; i > at; i -= 2) {
    const q = Math.floor(v / 1296);
    const r = 2 * (v - q * 1296);
    v = q;
    d[i] = PAIR[r]!;
    d[i + 1] = PAIR[r + 1]!;
  }
  d[at] = DIGIT[v]!;
}
