import type { RecordReader } from './biff-records.js';
import type { SheetReader } from '../xlsx/sheet.js';
import { f64 } from '../byte-fields.js';

// What every BIFF reader here reads alike (Excel 2.x–4.0's worksheets, Excel 5.0–2003's
// workbooks, and .xlsb's records where they share BIFF's encodings): error codes, RK numbers,
// little-endian fields, text in the workbook's code page.

/** Excel's error values by their BIFF codes (MS-XLS 2.5.10 BErr). */
export const ERRORS: Record<number, string> = { 0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA' };

/** How a record's text is read: BIFF8's Unicode strings, or BIFF5's bytes in the workbook's code page. */
export type TextReader = (r: RecordReader, shortCount?: boolean) => string;

export const unicodeText: TextReader = (r, shortCount) => r.string(shortCount);

/** The TextDecoder label for a Windows code page (CODEPAGE record); windows-1252 for one it has none for. */
function codePageLabel(cp: number): string {
  const named: Record<number, string> = { 936: 'gbk', 950: 'big5', 932: 'shift_jis', 949: 'euc-kr', 10000: 'macintosh', 1200: 'utf-16le', 65001: 'utf-8', 866: 'ibm866', 874: 'windows-874' };
  if (named[cp]) return named[cp]!;
  return cp >= 1250 && cp <= 1258 ? `windows-${cp}` : 'windows-1252';
}

// Windows-1252's 0x80–0x9F (the rest is Latin-1). Node 20's TextDecoder takes windows-1252 for
// Latin-1 and gives these bytes as control characters (… read as U+0085), so they are mapped here.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Bytes in Windows-1252 (Western), its 0x80–0x9F as Windows reads them. */
export function decode1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

// A file that names no code page (simple writers leave CODEPAGE out, old Chinese systems' exports
// among them): each text read as GBK where it is valid GBK and reads like Chinese, else as Western.
// Chinese text is nearly all GB2312 (both bytes 0xA1 or above); a Western accented letter before
// an ASCII letter ("Müller": FC 6C) pairs up as GBK too, but only into GBK's rare extension, whose
// second byte can be a letter. So a text with more such letter-ended pairs than GB2312 ones is
// Western: a Chinese text made only of extension characters ending so (镕 alone) reads as Western.
let gbkStrict: TextDecoder | undefined;

export const unnamedCodePage: TextReader = (r, shortCount) => r.byteString((b) => {
  if (readsAsGbk(b)) {
    try {
      return (gbkStrict ??= new TextDecoder('gbk', { fatal: true })).decode(b);
    } catch {
      // Not valid GBK after all (a lead byte at the end, a trail byte out of range).
    }
  }
  return decode1252(b);
}, shortCount);

/** Whether bytes read as GBK look Chinese: no more double-byte pairs ending in an ASCII letter than pairs within GB2312. */
function readsAsGbk(b: Uint8Array): boolean {
  let score = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i]! < 0x81 || b[i] === 0xff || i + 1 === b.length) continue;
    const t = b[++i]!;
    if (b[i - 1]! >= 0xa1 && t >= 0xa1) score++;
    else if ((t >= 0x41 && t <= 0x5a) || (t >= 0x61 && t <= 0x7a)) score--;
  }
  return score >= 0;
}

/**
 * Text in the code page a workbook names. Western (1252) is read as a file naming none is: writers
 * on Chinese Windows name 1252, their default, and write GBK (PHP's Spreadsheet_Excel_Writer
 * among them); a Western workbook's text still reads as Western (unnamedCodePage).
 */
export function bytesText(cp: number): TextReader {
  const label = codePageLabel(cp);
  if (label === 'windows-1252') return unnamedCodePage;
  const decoder = new TextDecoder(label);
  return (r, shortCount) => r.byteString((b) => decoder.decode(b), shortCount);
}

export const u16 = (s: Uint8Array, at: number) => s[at]! | (s[at + 1]! << 8);
export const u32 = (s: Uint8Array, at: number) => (u16(s, at) | (u16(s, at + 2) << 16)) >>> 0;
const scratch = new DataView(new ArrayBuffer(8));

/** An RK number (MS-XLS 2.5.218, and .xlsb's the same): a 30-bit integer or the high 30 bits of a double, perhaps ×100. */
export function rk(v: number): number {
  let n: number;
  if (v & 0x02) n = (v | 0) >> 2;
  else {
    scratch.setUint32(0, 0, true);
    scratch.setUint32(4, (v & 0xfffffffc) >>> 0, true);
    n = scratch.getFloat64(0, true);
  }
  return v & 0x01 ? n / 100 : n;
}

/** A BOOLERR record's value, at `at` in any BIFF version: a truth value, or an error when the byte after says so. */
export function boolErrCell(bytes: Uint8Array, at: number, reader: SheetReader, col: number, style: number): void {
  const v = bytes[at]!;
  if (bytes[at + 1]) reader.cell(col, 'e', style, ERRORS[v] ?? '#VALUE!');
  else reader.cell(col, 'b', style, v ? '1' : '0');
}

/**
 * A FORMULA record's cached result, 8 bytes at `at` in any BIFF version: a number, or (its last
 * two bytes 0xFFFF) a truth value, an error, or text. True when the result is text, which the
 * STRING record after it holds; an empty text gives no value, as an .xlsx formula's empty <v>.
 */
export function formulaResultCell(bytes: Uint8Array, at: number, reader: SheetReader, col: number, style: number): boolean {
  if (u16(bytes, at + 6) !== 0xffff) {
    reader.numberCell(col, style, f64(bytes, at));
    return false;
  }
  const kind = bytes[at]!;
  const v = bytes[at + 2]!;
  if (kind === 1) reader.cell(col, 'b', style, v ? '1' : '0');
  else if (kind === 2) reader.cell(col, 'e', style, ERRORS[v] ?? '#VALUE!');
  return kind === 0;
}
