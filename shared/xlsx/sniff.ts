import { indexOfBytes } from './bytes.js';

/**
 * What kind of file the bytes hold, decided from the content and never from the extension:
 * users rename files (.csv → .xlsx) and Excel keeps encrypted .xlsx files in the same
 * OLE2 compound container as old .xls files. Read by the CLI and by the Worker's uploads, so both
 * say the same about an .xls or a password-protected file.
 */
export type FileKind = 'zip' | 'encrypted-ooxml' | 'legacy-xls' | 'web-page' | 'xml-spreadsheet' | 'csv' | 'empty' | 'other';

const ZIP_MAGIC = [0x50, 0x4b]; // "PK", then 03 04 (entries) or 05 06 (an empty archive)
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** An ASCII name as UTF-16LE bytes, as OLE2 directory entries hold names. */
const utf16le = (name: string) => Uint8Array.from([...name].flatMap((c) => [c.charCodeAt(0), 0]));
// An encrypted OOXML package is an OLE2 file with these streams (MS-OFFCRYPTO).
const ENCRYPTED_STREAM = utf16le('EncryptedPackage');
const ENCRYPTION_INFO_STREAM = utf16le('EncryptionInfo');

/**
 * Whether the bytes are a bare BIFF2–4 stream, as Excel 2.x–4.0 wrote it: a BOF record of those
 * versions (0x0009, 0x0209, 0x0409) first.
 */
export function isOldBiff(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x09 && (bytes[1] === 0x00 || bytes[1] === 0x02 || bytes[1] === 0x04);
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}


/**
 * The first few KB as text, for markup markers (ASCII, so any ASCII-compatible encoding reads
 * them; UTF-16 by its byte-order mark).
 */
function head(bytes: Uint8Array): string {
  const part = bytes.subarray(0, 4096);
  const utf16 = (part[0] === 0xff && part[1] === 0xfe) || (part[0] === 0xfe && part[1] === 0xff);
  let text = '';
  if (utf16) for (let i = 2; i + 1 < part.length; i += 2) text += String.fromCharCode(part[0] === 0xff ? part[i]! | (part[i + 1]! << 8) : (part[i]! << 8) | part[i + 1]!);
  else for (const b of part) text += String.fromCharCode(b);
  return text;
}

/**
 * @example sniffFileKind(readFileSync('a.xlsx')) === 'zip'
 */
export function sniffFileKind(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, ZIP_MAGIC) && (bytes[2] === 0x03 || bytes[2] === 0x05)) return 'zip';
  if (startsWith(bytes, OLE2_MAGIC)) {
    const encrypted = indexOfBytes(bytes, ENCRYPTED_STREAM) >= 0 || indexOfBytes(bytes, ENCRYPTION_INFO_STREAM) >= 0;
    return encrypted ? 'encrypted-ooxml' : 'legacy-xls';
  }
  // Excel 2.x–4.0 wrote a bare BIFF stream, no container (read by shared/xls/old-biff.ts, through the .xls reader).
  if (isOldBiff(bytes)) return 'legacy-xls';
  // Many a government system's "导出Excel" writes a web page or an Excel 2003 XML file named .xls:
  // Excel opens it (with a warning), and the person is told to save it as .xlsx.
  const text = head(bytes).replace(/^[\s\ufeff\u00ef\u00bb\u00bf]+/, '');
  if (text.startsWith('<')) {
    if (/<Workbook[\s>]/.test(text) && text.includes('urn:schemas-microsoft-com:office:spreadsheet')) return 'xml-spreadsheet';
    if (/<(?:!doctype\s+html|html|head|body|meta|table|style)[\s>]/i.test(text)) return 'web-page';
  }
  // Text (no NUL, hardly another control byte but tab and line ends) whose first line holds a
  // comma, tab or semicolon: a CSV, as Excel's 另存为 CSV or a system writes it.
  const firstLine = text.split(/[\r\n]/, 1)[0]!;
  if (looksLikeText(text) && /[,\t;]/.test(firstLine)) return 'csv';
  return 'other';
}

/**
 * Whether the text reads as text, not binary data: no NUL, and control characters other than tab,
 * LF and CR at most one in a hundred (a system's export may carry a stray one in a cell, which
 * Excel opens; binary data has them throughout).
 */
function looksLikeText(text: string): boolean {
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return false;
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return control * 100 <= text.length;
}

/**
 * What a zip that holds no .xlsx workbook is, when it is another spreadsheet: Excel's binary
 * workbook (a workbook.bin: shared/xlsb/) or an OpenDocument spreadsheet (content.xml beside its
 * mimetype entry: shared/ods/); null for any other zip. Asked only once the .xlsx reader found no
 * workbook.
 * @example otherSpreadsheet(zipEntryNames(bytes)) === 'xlsb'
 */
export function otherSpreadsheet(names: ReadonlySet<string>): 'xlsb' | 'ods' | null {
  for (const name of names) if (/(^|\/)workbook\.bin$/.test(name)) return 'xlsb';
  if (names.has('content.xml') && names.has('mimetype')) return 'ods';
  return null;
}

/**
 * Whether the bytes are a RAR (4 or 5) or 7z archive (their signatures): what a unit may send for
 * its ledger, told apart from a damaged workbook so the person is told to unpack it.
 */
export function isOtherArchive(bytes: Uint8Array): boolean {
  const starts = (signature: number[]) => signature.every((b, i) => bytes[i] === b);
  return starts([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]) || starts([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]);
}

/**
 * Whether a zip that is no workbook holds workbooks (or CSV files): a 压缩包 of ledgers, where one
 * ledger was expected. Asked, as otherSpreadsheet is, once the .xlsx reader found no workbook.
 */
export function holdsWorkbooks(names: Iterable<string>): boolean {
  for (const name of names) if (/\.(?:xlsx|xlsm|xls|et|csv)$/i.test(name) && !/(^|\/)(~\$|\._)/.test(name)) return true;
  return false;
}
