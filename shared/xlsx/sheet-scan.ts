import type { SheetReader } from './sheet.js';
import { XmlScanner } from './xml.js';
import { indexOfBytes } from './bytes.js';

/**
 * One pass over a worksheet part's bytes: the cells Excel and ExcelJS write (`<c r="B7" s="3"
 * t="s"><v>42</v></c>`, `<c r="B7" s="3"/>`) and rows (`<row r="7" …>`) are read where they
 * start, straight from the bytes, into numbers (column, style, shared-string index, integer);
 * merges, columns and tables go to SheetReader as tags; every other tag is stepped over; any cell
 * written another way (a formula, an inline or rich string, an entity, other attributes, a
 * namespace prefix) is decoded alone and read by the generic XmlScanner + SheetReader, so both
 * ways give one result (test/cli/sheet-scan.test.ts feeds the same XML through both).
 *
 * Why bytes: a CLI run reads one sheet once, cold, and most of its cells run in V8's baseline
 * tiers (TurboFan's code for these loops took 20–90 ms to compile in fresh runs here, about as
 * long as the whole sheet takes). So what counts is the work done per cell: the sheet is never
 * decoded into a string, and a common cell makes no string, match array or substring (the
 * pattern read before made a match array and a value substring for each of the 5,000-row
 * sheet's 70,000 cells). Measured in fresh processes by bench/cli.ts ("reader, sheet part
 * alone", against that pattern: bench/pattern-sheet-scan.ts).
 */

/** Tags outside cells that SheetReader reads; every other one (and every closing tag) it ignores. */
const OUTSIDE = new Set(['row', 'mergeCell', 'col', 'tablePart']);

/** The `t` values the common cell may have, in its bytes, and their codes. */
const TYPE_SHARED = 1;
const TYPE_NUMBER = 2;
const TYPE_OTHER = 3;
const OTHER_TYPES = new Set(['b', 'e', 'str', 'inlineStr', 'd']);

const utf8 = new TextDecoder('utf-8');

/** The bytes from `from` to `to` as text. */
const textOf = (d: Uint8Array, from: number, to: number) => utf8.decode(d.subarray(from, Math.min(to, d.length)));

const malformed = (d: Uint8Array, lt: number) => new Error(`malformed XML near "${textOf(d, lt, lt + 30)}"`);

/** Whether the ASCII `text` is at `at`. */
function startsAt(d: Uint8Array, at: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (d[at + k] !== text.charCodeAt(k)) return false;
  return true;
}

const isNameEnd = (c: number | undefined) => c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13 || c === undefined;

/** The '>' that ends the tag whose attributes start at `from`, stepping over quoted values; -1 when none. */
function tagEnd(d: Uint8Array, from: number): number {
  for (let i = from; i < d.length; i++) {
    const c = d[i]!;
    if (c === 62) return i;
    if (c === 34 || c === 39) {
      i = d.indexOf(c, i + 1);
      if (i < 0) return -1;
    }
  }
  return -1;
}

/** Where the cell opened at `lt` ends: after its closing tag (any prefix), or the end of the bytes. */
function cellEnd(d: Uint8Array, lt: number): number {
  for (let i = d.indexOf(60, lt + 1); i >= 0; i = d.indexOf(60, i + 1)) {
    if (d[i + 1] !== 47) continue;
    let j = i + 2;
    let nameStart = j;
    while (!isNameEnd(d[j])) if (d[j++] === 58) nameStart = j;
    if (j === nameStart + 1 && d[nameStart] === 99) {
      const gt = d.indexOf(62, j);
      return gt < 0 ? d.length : gt + 1;
    }
  }
  return d.length;
}

/**
 * The common cell at `lt` (its `<c r="` already seen), read into `reader`: returns the position
 * after it, or -1 when it is written another way. What it takes is what the pattern
 * `<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(s|n|b|e|str|inlineStr|d)")?(?:\/>|><\/c>|><v>([^<&\r]*)<\/v><\/c>)`
 * matches (the reading before this one).
 */
function commonCell(d: Uint8Array, lt: number, reader: SheetReader): number {
  let i = lt + 6;
  let col = 0;
  for (let c = d[i]!; c >= 65 && c <= 90; c = d[++i]!) col = col * 26 + c - 64;
  if (i === lt + 6 || i > lt + 9) return -1;
  const rowDigits = i;
  while (d[i]! >= 48 && d[i]! <= 57) i++;
  if (i === rowDigits || d[i] !== 34) return -1;
  i++;
  let style = 0;
  if (d[i] === 32 && d[i + 1] === 115 && d[i + 2] === 61 && d[i + 3] === 34) {
    const from = (i += 4);
    for (let c = d[i]!; c >= 48 && c <= 57; c = d[++i]!) style = style * 10 + c - 48;
    if (i === from || i > from + 9 || d[i] !== 34) return -1;
    i++;
  }
  let type = TYPE_NUMBER;
  let typeAt = 0;
  if (d[i] === 32 && d[i + 1] === 116 && d[i + 2] === 61 && d[i + 3] === 34) {
    typeAt = i += 4;
    while ((d[i]! >= 97 && d[i]! <= 122) || (d[i]! >= 65 && d[i]! <= 90)) i++;
    if (i === typeAt + 1 && d[typeAt] === 115) type = TYPE_SHARED;
    else if (i === typeAt + 1 && d[typeAt] === 110) type = TYPE_NUMBER;
    else if (i - typeAt <= 9 && OTHER_TYPES.has(textOf(d, typeAt, i))) type = TYPE_OTHER;
    else return -1;
    if (d[i] !== 34) return -1;
    i++;
  }
  // `/>` or `></c>`: no value (ExcelJS keeps none), only the column for a next cell without r.
  const empty = d[i] === 47 && d[i + 1] === 62 ? i + 2 : d[i] === 62 && d[i + 1] === 60 && d[i + 2] === 47 && d[i + 3] === 99 && d[i + 4] === 62 ? i + 5 : -1;
  if (empty >= 0) {
    reader.emptyCell(col);
    return empty;
  }
  if (d[i] !== 62 || d[i + 1] !== 60 || d[i + 2] !== 118 || d[i + 3] !== 62) return -1;
  const from = (i += 4);
  // The value: digits read as they come; anything else in it is read as text below.
  let n = 0;
  let digitsOnly = true;
  for (let c = d[i]!; c !== 60; c = d[++i]!) {
    if (c === 38 || c === 13 || c === undefined) return -1;
    if (c >= 48 && c <= 57) n = n * 10 + c - 48;
    else digitsOnly = false;
  }
  if (d[i + 1] !== 47 || d[i + 2] !== 118 || d[i + 3] !== 62 || d[i + 4] !== 60 || d[i + 5] !== 47 || d[i + 6] !== 99 || d[i + 7] !== 62) return -1;
  const end = i + 8;
  if (i === from) reader.emptyCell(col); // `<v></v>`: no value
  else if (digitsOnly && i - from <= 15 && type === TYPE_SHARED) reader.sharedCell(col, style, n);
  else if (digitsOnly && i - from <= 15 && type === TYPE_NUMBER) reader.numberCell(col, style, n);
  else reader.cell(col, typeAt ? textOf(d, typeAt, d.indexOf(34, typeAt)) : undefined, style, textOf(d, from, i));
  return end;
}

/** A `<row r="7" …>` at `lt` (its `<row r="` already seen): the position after it, or -1 when written another way. */
function commonRow(d: Uint8Array, lt: number, reader: SheetReader): number {
  let i = lt + 8;
  let row = 0;
  for (let c = d[i]!; c >= 48 && c <= 57; c = d[++i]!) row = row * 10 + c - 48;
  if (i === lt + 8 || i > lt + 17 || d[i] !== 34) return -1;
  const gt = tagEnd(d, i + 1);
  if (gt < 0) return -1;
  reader.startRow(row);
  return gt + 1;
}

const CDATA_END = new TextEncoder().encode(']]>');
const COMMENT_END = new TextEncoder().encode('-->');

/** Any tag at `lt` but a common cell or row, read as the generic reading would: the position after it. */
function otherTag(d: Uint8Array, lt: number, reader: SheetReader): number {
  const first = d[lt + 1];
  if (first === 47 /* / */) {
    // Closing tags outside cells: SheetReader ignores them.
    const gt = d.indexOf(62, lt);
    if (gt < 0) throw malformed(d, lt);
    return gt + 1;
  }
  if (first === 33 /* ! */ || first === 63 /* ? */) {
    // Comments, CDATA and declarations outside cells carry nothing SheetReader reads.
    const close = startsAt(d, lt, '<![CDATA[') ? indexOfBytes(d, CDATA_END, lt) : startsAt(d, lt, '<!--') ? indexOfBytes(d, COMMENT_END, lt) : d.indexOf(62, lt);
    if (close < 0) throw new Error('unterminated XML declaration or comment');
    return d.indexOf(62, close) + 1;
  }
  let i = lt + 1;
  let nameStart = i;
  while (!isNameEnd(d[i])) if (d[i++] === 58) nameStart = i;
  if (i === nameStart) throw malformed(d, lt);
  if (i === nameStart + 1 && d[nameStart] === 99) {
    // A cell written another way: the generic reading, for this one cell.
    const end = cellEnd(d, lt);
    new XmlScanner(reader).push(textOf(d, lt, end), true);
    return end;
  }
  const gt = tagEnd(d, i);
  if (gt < 0) throw malformed(d, lt);
  const name = textOf(d, nameStart, i);
  if (OUTSIDE.has(name)) {
    const selfClosing = d[gt - 1] === 47;
    reader.open(name, textOf(d, i, selfClosing ? gt - 1 : gt), selfClosing);
  }
  return gt + 1;
}

/**
 * Reads a worksheet part's inflated bytes into `reader`.
 * @example scanSheet(inflated, new SheetReader(shared, isDate, false))
 */
export function scanSheet(bytes: Uint8Array, reader: SheetReader): void {
  // A plain Uint8Array: its indexOf is V8's own, where a Buffer's goes through Node's binding.
  const d = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = d.length;
  let pos = 0;
  for (;;) {
    // Tags usually follow one another; text between them (whitespace) is searched over. (Reading
    // past the end would throw the loop's optimised code away: V8 compiles it for reads inside.)
    const lt = pos < n && d[pos] === 60 ? pos : d.indexOf(60, pos);
    if (lt < 0) return;
    let next = -1;
    // `<c r="` and `<row r="`, tested here rather than in a function: a call a tag counts, cold.
    const first = d[lt + 1];
    if (first === 99) {
      if (d[lt + 2] === 32 && d[lt + 3] === 114 && d[lt + 4] === 61 && d[lt + 5] === 34) next = commonCell(d, lt, reader);
    } else if (first === 114 && d[lt + 2] === 111 && d[lt + 3] === 119 && d[lt + 4] === 32 && d[lt + 5] === 114 && d[lt + 6] === 61 && d[lt + 7] === 34) {
      next = commonRow(d, lt, reader);
    }
    pos = next >= 0 ? next : otherTag(d, lt, reader);
  }
}
