/** Text normalisation shared by header matching, status words and vagueness. */

import { DROPPED_BMP_RUNS } from './dropped-chars-data.js';

const FULLWIDTH_DIGITS = /[０-９]/g;
const SPACES = /[\s\u3000\u00a0\u200b\ufeff]+/g;
/** Bracketed asides: （具体表现）, (单位), 【必填】, [注], 〔2023〕 in a header. */
const BRACKETED = /（[^（）]*）|\([^()]*\)|【[^【】]*】|\[[^[\]]*\]|〔[^〔〕]*〕/g;
const TRAILING_PUNCT = /[\p{P}\p{S}]+$/u;
const LEADING_MARKS = /^[*＊※★☆·•\p{P}]+/u;
/** What compactText removes: whitespace, punctuation, symbols (scripts/dropped-chars-data.ts derives its table from this). */
export const PUNCT_AND_SYMBOLS = /[\s\u3000\p{P}\p{S}]+/gu;

/** Full-width digits to ASCII, so 2０23 and 2023 read alike. */
export function asciiDigits(text: string): string {
  return text.replace(FULLWIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** Removes whitespace of every kind (line breaks in 整改\n时限, full-width spaces). */
export function stripSpaces(text: string): string {
  return text.replace(SPACES, '');
}

/**
 * A header label as matched against the alias table (SPEC section 3): no whitespace, no
 * bracketed asides, no leading required-marks, no trailing punctuation.
 * @example normaliseHeader('问题描述（具体表现）：') === '问题描述'
 */
export function normaliseHeader(label: string): string {
  let s = stripSpaces(label);
  // Nested or repeated brackets: strip until stable (bounded, brackets only shrink the text).
  for (let i = 0; i < 4; i++) {
    const next = s.replace(BRACKETED, '');
    if (next === s) break;
    s = next;
  }
  return withoutTrailingPunct(s.replace(LEADING_MARKS, ''));
}

/**
 * TRAILING_PUNCT removed through compactText's table (the texts here hold no whitespace, the one
 * thing the table drops and TRAILING_PUNCT keeps), so the Unicode regex is compiled only for a
 * label ending in a character beyond the BMP: about 1 ms of every CLI run.
 */
function withoutTrailingPunct(s: string): string {
  const drop = (DROPPED ??= droppedTable());
  let end = s.length;
  while (end > 0) {
    const c = s.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdfff) return s.slice(0, end).replace(TRAILING_PUNCT, '');
    if (!drop[c]) break;
    end--;
  }
  return end === s.length ? s : s.slice(0, end);
}

/**
 * Text without whitespace, punctuation or symbols: the form lengths and equality are measured
 * on for vagueness and duplicates.
 * @example compactText('加强 学习。') === '加强学习'
 */
export function compactText(text: string): string {
  const drop = (DROPPED ??= droppedTable());
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair may be punctuation outside the BMP: the regex decides those texts.
    if (c >= 0xd800 && c <= 0xdfff) return text.replace(PUNCT_AND_SYMBOLS, '');
    if (drop[c]) {
      if (i > from) out += text.slice(from, i);
      from = i + 1;
    }
  }
  return from === 0 ? text : from >= text.length ? out : out + text.slice(from);
}

/**
 * compactText(a) === compactText(b) without building either: both walked side by side, dropped
 * characters skipped in place (a sheet's repeated descriptions are confirmed this way, 10,000
 * times at 100,000 rows, where two compact texts a time were garbage). Surrogates: the regex.
 * @example sameCompact('加强 学习。', '加强学习') === true
 */
export function sameCompact(a: string, b: string): boolean {
  if (a === b) return true;
  const drop = (DROPPED ??= droppedTable());
  for (let i = 0, j = 0; ; i++, j++) {
    i = nextKept(a, i, drop);
    j = nextKept(b, j, drop);
    if (i < 0 || j < 0) return compactText(a) === compactText(b);
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  }
}

/** The index of the first character at or after i that compactText keeps (s.length: none); -1 at a surrogate (the regex decides those texts). */
function nextKept(s: string, i: number, drop: Uint8Array): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return -1;
    if (!drop[c]) return i;
  }
  return i;
}

/**
 * charLength(compactText(text)) without building the compact text: the characters that stay.
 * @example compactLength('加强 学习。') === 4
 */
export function compactLength(text: string): number {
  const drop = (DROPPED ??= droppedTable());
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return charLength(compactText(text));
    if (!drop[c]) n++;
  }
  return n;
}

/**
 * Math.min(compactLength(text), cap), reading no further than the cap-th character kept: a test
 * of shortness (vague measures) need not count a long text to its end.
 * @example compactLengthUpTo('开展专项整治，每周巡查', 8) === 8
 */
export function compactLengthUpTo(text: string, cap: number): number {
  const drop = (DROPPED ??= droppedTable());
  let n = 0;
  for (let i = 0; i < text.length && n < cap; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return Math.min(charLength(compactText(text)), cap);
    if (!drop[c]) n++;
  }
  return n;
}

/**
 * Which BMP characters compactText removes (1), from the regex itself, built on first use: for
 * readers that skip them in place instead of building the compact text.
 */
export function droppedChars(): Uint8Array {
  return (DROPPED ??= droppedTable());
}

const DROPPED_ASTRAL = new Map<number, boolean>();

/** Whether compactText removes a code point beyond the BMP (an emoji, a symbol). */
export function isDroppedAstral(cp: number): boolean {
  let d = DROPPED_ASTRAL.get(cp);
  if (d === undefined) DROPPED_ASTRAL.set(cp, (d = new RegExp(`^${PUNCT_AND_SYMBOLS.source}$`, 'u').test(String.fromCodePoint(cp))));
  return d;
}

/**
 * Which BMP characters compactText removes, built on first use from the runs
 * scripts/dropped-chars-data.ts derives from the regex (test/shared/compact-text.test.ts holds
 * them to it): about 0.1 ms, where running the regex over every BMP character took 7 ms of
 * wall (11 ms of CPU) of every CLI run.
 */
let DROPPED: Uint8Array | undefined;
function droppedTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (const run of DROPPED_BMP_RUNS.split(' ')) {
    const dot = run.indexOf('.');
    const start = Number.parseInt(run.slice(0, dot), 36);
    table.fill(1, start, start + Number.parseInt(run.slice(dot + 1), 36));
  }
  return table;
}

/** Length in characters (code points), so a rare CJK character outside the BMP counts once. */
export function charLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}
