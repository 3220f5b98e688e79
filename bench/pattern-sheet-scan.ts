// The sheet reading before shared/xlsx/sheet-scan.ts read bytes: one sticky pattern per cell over the
// sheet's text decoded once (shared/xlsx/sheet-scan.ts as of 0c78b24, unchanged but for its name
// and imports). Kept only as bench/cli.ts's baseline for "reader, sheet part alone"; the CLI never loads it.
import type { SheetReader } from '../shared/xlsx/sheet.js';
import { XmlScanner } from '../shared/xlsx/xml.js';

/**
 * One pass over a worksheet part: the cells Excel and ExcelJS write (`<c r="B7" s="3" t="s">
 * <v>42</v></c>`, `<c r="B7" s="3"/>`) are read by one sticky pattern where they start; rows,
 * merges, columns and tables go to SheetReader as tags; every other tag is stepped over; any cell
 * written another way (a formula, an inline or rich string, an entity, other attributes, a
 * namespace prefix) is decoded alone by the generic XmlScanner + SheetReader, so both ways give one
 * result (test/cli/sheet-scan.test.ts feeds the same XML through both).
 *
 * Why a pattern and native indexOf rather than a loop over bytes: a CLI run reads one sheet once,
 * cold. A JavaScript byte loop spends most of that run in the interpreter before the optimiser
 * catches up (measured 70–100 ms of CPU for the 5,000-row sheet's 2.7 MB); the pattern runs as
 * native code from its first cell (about 25 ms, the same warm or cold).
 */

/** The common cell: r (column letters, row digits), then s, then t, then nothing, or one `<v>` of plain text. */
const CELL = /<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="(s|n|b|e|str|inlineStr|d)")?(?:\/>|><\/c>|><v>([^<&\r]*)<\/v><\/c>)/y;

/** Tags outside cells that SheetReader reads; every other one (and every closing tag) it ignores. */
const OUTSIDE = new Set(['row', 'mergeCell', 'col', 'tablePart']);

/** Text is decoded in slices of about this many bytes, cut after a `</row>`, so a sheet is never one huge string. */
const SLICE = 16 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8');

const isNameEnd = (c: number) => c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13 || c !== c; // NaN: past the end

/** Column number of uppercase letters ("AB" → 28). */
function columnOf(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/** The '>' that ends the tag whose attributes start at `from`, stepping over quoted values; -1 when none. */
function tagEnd(s: string, from: number): number {
  let gt = s.indexOf('>', from);
  for (let i = from; gt >= 0 && i < gt; i++) {
    const c = s.charCodeAt(i);
    if (c !== 34 && c !== 39) continue;
    i = s.indexOf(c === 34 ? '"' : "'", i + 1);
    if (i < 0) return -1;
    if (i > gt) gt = s.indexOf('>', i);
  }
  return gt;
}

/** Where the cell opened at `lt` ends: after its closing tag (any prefix), or the end of the text. */
function cellEnd(s: string, lt: number): number {
  for (let i = s.indexOf('</', lt); i >= 0; i = s.indexOf('</', i + 2)) {
    let j = i + 2;
    let nameStart = j;
    while (!isNameEnd(s.charCodeAt(j))) if (s.charCodeAt(j++) === 58) nameStart = j;
    if (j === nameStart + 1 && s.charCodeAt(nameStart) === 99) {
      const gt = s.indexOf('>', j);
      return gt < 0 ? s.length : gt + 1;
    }
  }
  return s.length;
}

/** Reads one slice of sheet text (it starts and ends between tags). */
function scanText(s: string, reader: SheetReader): void {
  let pos = 0;
  for (;;) {
    const lt = s.indexOf('<', pos);
    if (lt < 0) return;
    const first = s.charCodeAt(lt + 1);
    if (first === 99 /* c */ && s.charCodeAt(lt + 2) === 32) {
      CELL.lastIndex = lt;
      const m = CELL.exec(s);
      if (m) {
        reader.cell(columnOf(m[1]!), m[3], m[2] ? Number.parseInt(m[2], 10) : 0, m[4] || undefined);
        pos = CELL.lastIndex;
        continue;
      }
    }
    if (first === 47 /* / */) {
      // Closing tags outside cells: SheetReader ignores them.
      const gt = s.indexOf('>', lt);
      if (gt < 0) throw new Error(`malformed XML near "${s.slice(lt, lt + 30)}"`);
      pos = gt + 1;
      continue;
    }
    if (first === 33 /* ! */ || first === 63 /* ? */) {
      // Comments, CDATA and declarations outside cells carry nothing SheetReader reads.
      const close = s.startsWith('<![CDATA[', lt) ? s.indexOf(']]>', lt) : s.startsWith('<!--', lt) ? s.indexOf('-->', lt) : s.indexOf('>', lt);
      if (close < 0) throw new Error('unterminated XML declaration or comment');
      pos = s.indexOf('>', close) + 1;
      continue;
    }
    let i = lt + 1;
    let nameStart = i;
    while (!isNameEnd(s.charCodeAt(i))) if (s.charCodeAt(i++) === 58) nameStart = i;
    if (i === nameStart) throw new Error(`malformed XML near "${s.slice(lt, lt + 30)}"`);
    if (i === nameStart + 1 && s.charCodeAt(nameStart) === 99) {
      // A cell written another way: the generic reading, for this one cell.
      const end = cellEnd(s, lt);
      new XmlScanner(reader).push(s.slice(lt, end), true);
      pos = end;
      continue;
    }
    const gt = tagEnd(s, i);
    if (gt < 0) throw new Error(`malformed XML near "${s.slice(lt, lt + 30)}"`);
    pos = gt + 1;
    const name = s.slice(nameStart, i);
    if (!OUTSIDE.has(name)) continue;
    const selfClosing = s.charCodeAt(gt - 1) === 47;
    reader.open(name, s.slice(i, selfClosing ? gt - 1 : gt), selfClosing);
  }
}

/** The end of the slice starting at `from`: just after the last `</row>` (any prefix) before `from + SLICE`, or the end. */
function sliceEnd(d: Buffer, from: number): number {
  if (d.length - from <= SLICE) return d.length;
  // After `</row>`, `</x:row>` or `<row>`: a complete tag, never inside a cell.
  for (let cut = d.lastIndexOf('row>', from + SLICE, 'latin1'); cut > from; cut = d.lastIndexOf('row>', cut - 1, 'latin1')) {
    const before = d[cut - 1];
    if (before === 0x2f || before === 0x3a || before === 0x3c) return cut + 4;
  }
  return d.length;
}

/**
 * Reads a worksheet part's inflated bytes into `reader`.
 * @example scanSheetByPattern(inflated, new SheetReader(shared, isDate, false))
 */
export function scanSheetByPattern(bytes: Uint8Array, reader: SheetReader): void {
  const d = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let from = 0; from < d.length; ) {
    const to = sliceEnd(d, from);
    // '<' and '>' are never inside a UTF-8 sequence, so a slice cut after '>' decodes whole.
    scanText(utf8.decode(d.subarray(from, to)), reader);
    from = to;
  }
}
