import type { WorkbookInput } from '../schema/grid.js';
import { BUILTIN_FORMATS } from '../xlsx/builtin-formats.js';
import type { SheetReader } from '../xlsx/sheet.js';
import { WorkbookGrids, type ReadOptions } from '../xlsx/workbook.js';
import { CONTINUE, RecordReader, records, type BiffRecord } from './biff-records.js';
import { CompoundFile, XlsError } from './compound-file.js';
import { f64 } from '../byte-fields.js';
import { DEFAULT_PASSWORD } from '../office-crypto.js';
import { decryptedStream } from './decrypt.js';
import { boolErrCell, bytesText, ERRORS, formulaResultCell, rk, u16, u32, unicodeText, unnamedCodePage, type TextReader } from './biff-values.js';
import { isOldBiff, readOldBiffGrids } from './old-biff.js';

export { XlsError, ERRORS, rk };

/**
 * Every worksheet of an Excel 97–2003 workbook (.xls, BIFF8, as Excel, WPS and LibreOffice still
 * save it, and as many a county's template was handed out) as grids, in tab order: the same
 * grids the .xlsx reader gives for the same workbook saved as .xlsx, through the same
 * SheetReader and WorkbookGrids (values, dates by number format, displayed text, merges, hidden
 * columns; a .xls has no tables). Formulas give their cached results, as in .xlsx.
 * Excel 5.0/95 workbooks (BIFF5/7) are read too, their text in the code page the workbook names
 * (GBK for 936). An encrypted workbook is read when Excel's default password opens it (as Excel
 * opens it, without asking: decrypt.ts) or one of `passwords` does. Excel 2.x–4.0 worksheets
 * (a bare BIFF2–4 stream) are read by old-biff.ts. Throws XlsError: `damaged`, `encrypted` (a
 * password to open that none of those is), `too-old` (a BIFF version inside a container that is
 * neither 5 nor 8); GridLimitError past `limits`.
 * @example const wb = await readXlsGrids(readFileSync('台账.xls'), '台账.xls', { limits }); checkWorkbooks([wb!]);
 */
export async function readXlsGrids(
  bytes: Uint8Array, file: string, { limits, passwords = [] }: Pick<ReadOptions, 'limits'> & { passwords?: readonly string[] } = {},
): Promise<WorkbookInput | null> {
  if (isOldBiff(bytes)) return readOldBiffGrids(bytes, file, limits);
  const container = new CompoundFile(bytes);
  // Excel 97 and later name the stream Workbook, Excel 5.0/95 Book; some writers put BIFF8 under
  // Book (or BOOK): the version in its BOF decides, not the name.
  const found = container.stream('Workbook') ?? container.stream('Book');
  if (!found) return null; // another Office file (a .doc renamed .xls): no workbook in it
  if (isOldBiff(found)) return readOldBiffGrids(found, file, limits); // an Excel 2.x–4.0 stream some writer put in a container
  const filePass = filePassOf(found);
  const stream = filePass ? decryptedStream(found, filePass, [DEFAULT_PASSWORD, ...passwords]) : found;
  if (!stream) throw new XlsError('encrypted', 'the workbook needs a password to open');
  const book = readGlobals(stream);
  const grids = new WorkbookGrids(file, book.formats, book.date1904, limits);
  for (const sheet of book.sheets) {
    const reader = grids.sheet(sheet.name, book.strings, (r) => readSheet(stream, sheet.offset, r, book.text));
    grids.add(sheet.name, reader);
  }
  return grids.finish();
}

/** The globals' FILEPASS record (right after their BOF in any workbook Excel writes), if the workbook is encrypted. */
function filePassOf(stream: Uint8Array): BiffRecord | undefined {
  for (const rec of records(stream, 0)) {
    if (rec.type === FILEPASS) return rec;
    if (rec.type === EOF) return undefined;
  }
  return undefined;
}

// Record types (MS-XLS 2.3).
const BOF = 0x0809;
const EOF = 0x000a;
const FILEPASS = 0x002f;
const DATEMODE = 0x0022;
const FORMAT = 0x041e;
const XF = 0x00e0;
const SST = 0x00fc;
const BOUNDSHEET = 0x0085;
const LABELSST = 0x00fd;
const LABEL = 0x0204;
const RSTRING = 0x00d6;
const NUMBER = 0x0203;
const RK = 0x027e;
const MULRK = 0x00bd;
const BOOLERR = 0x0205;
const FORMULA = 0x0006;
const STRING = 0x0207;
const MERGEDCELLS = 0x00e5;
const COLINFO = 0x007d;
const BIFF8 = 0x0600;
const BIFF5 = 0x0500; // Excel 5.0 and 95 (BIFF7 writes the same version)
const CODEPAGE = 0x0042;
const WORKSHEET_BOF = 0x0010;

interface Globals {
  /** How the workbook's records hold text. */
  text: TextReader;
  date1904: boolean;
  /** Each XF's number format, as readStyles gives each cell style's (undefined: General). */
  formats: (string | undefined)[];
  strings: string[];
  /** The worksheets, in tab order, and where each one's records start. */
  sheets: { name: string; offset: number }[];
}

/** The workbook's globals: the first substream, up to its EOF. */
function readGlobals(stream: Uint8Array): Globals {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  const out: Globals = { text: unicodeText, date1904: false, formats: [], strings: [], sheets: [] };
  let first = true;
  let biff5 = false;
  for (const rec of records(stream, 0)) {
    const { type, start, end } = rec;
    if (first) {
      if (type !== BOF) throw new XlsError('damaged', 'the workbook stream does not start with BOF');
      const version = end - start >= 2 ? u16(stream, start) : 0;
      if (version !== BIFF8 && version !== BIFF5) throw new XlsError('too-old', `BIFF version 0x${version.toString(16)}`);
      biff5 = version === BIFF5;
      // Excel 95's text is in the PC's code page; until its CODEPAGE record, GBK where valid, else Western.
      if (biff5) out.text = unnamedCodePage;
      first = false;
      continue;
    }
    if (type === EOF) break;
    switch (type) {
      case FILEPASS: // decrypted before (readXlsGrids)
        break;
      case DATEMODE:
        out.date1904 = u16(stream, start) === 1;
        break;
      case CODEPAGE:
        if (biff5) out.text = bytesText(u16(stream, start));
        break;
      case FORMAT: {
        const r = RecordReader.continued(stream, rec);
        const id = r.u16();
        // As readStyles keeps an .xlsx pattern: backslash escapes dropped, as ExcelJS drops them.
        custom.set(id, out.text(r, biff5).replace(/[\\](.)/g, '$1'));
        break;
      }
      case XF:
        xfFormats.push(u16(stream, start + 2));
        break;
      case SST:
        out.strings = readSst(RecordReader.continued(stream, rec));
        break;
      case BOUNDSHEET: {
        const r = RecordReader.continued(stream, rec);
        const offset = r.u32();
        r.u8(); // visibility: a hidden sheet is read, as a hidden .xlsx sheet is
        const kind = r.u8();
        const name = out.text(r, true);
        if (kind === 0) out.sheets.push({ name, offset });
        break;
      }
      default:
    }
  }
  out.formats = xfFormats.map((id) => (id ? custom.get(id) || BUILTIN_FORMATS[id] : undefined));
  return out;
}

/**
 * The shared strings: a total and a unique count, then the unique strings. Some writers put a
 * unique count larger than the strings they write: the strings end with the records, as Excel
 * reads them (a cell naming one past them is empty).
 */
function readSst(r: RecordReader): string[] {
  r.u32();
  const unique = r.u32();
  const strings: string[] = [];
  for (let k = 0; k < unique && !r.atEnd(); k++) strings.push(r.string());
  return strings;
}

/**
 * One worksheet's cells, merges and columns into `reader`, from its BOF at `offset` to its EOF.
 * A chart or macro sheet (another BOF kind) holds no cells to read.
 */
function readSheet(stream: Uint8Array, offset: number, reader: SheetReader, text: TextReader): void {
  if (offset + 8 > stream.length || u16(stream, offset) !== BOF) throw new XlsError('damaged', `no sheet at ${offset}`);
  if (u16(stream, offset + 6) !== WORKSHEET_BOF) return;
  let row = -1;
  const at = (r: number) => {
    if (r !== row) reader.startRow((row = r));
  };
  // A formula whose result is text: the text is in the STRING record after it.
  let pending: { row: number; col: number; xf: number } | null = null;
  let first = true;
  // A chart embedded in the sheet is a substream of its own (BOF … EOF) inside the sheet's, and
  // holds its cached series values as NUMBER and LABEL records: they are not the sheet's cells.
  let nested = 0;
  for (const rec of records(stream, offset)) {
    const { type, start, end } = rec;
    if (first) {
      first = false; // the sheet's BOF
      continue;
    }
    if (type === BOF) {
      nested++;
      continue;
    }
    if (type === EOF) {
      if (nested === 0) break;
      nested--;
      continue;
    }
    if (nested > 0 || type === CONTINUE) continue;
    const r0 = u16(stream, start) + 1;
    const c0 = u16(stream, start + 2) + 1;
    const xf = end - start >= 6 ? u16(stream, start + 4) : 0;
    switch (type) {
      case LABELSST:
        at(r0);
        reader.sharedCell(c0, xf, u32(stream, start + 6));
        break;
      case NUMBER:
        at(r0);
        reader.numberCell(c0, xf, f64(stream, start + 6));
        break;
      case RK:
        at(r0);
        reader.numberCell(c0, xf, rk(u32(stream, start + 6)));
        break;
      case MULRK: {
        at(r0);
        const count = (end - start - 6) / 6;
        for (let k = 0; k < count; k++) reader.numberCell(c0 + k, u16(stream, start + 4 + 6 * k), rk(u32(stream, start + 6 + 6 * k)));
        break;
      }
      case LABEL:
      case RSTRING: {
        at(r0);
        const r = RecordReader.continued(stream, rec);
        r.skip(6);
        reader.cell(c0, 'inlineStr', xf, text(r));
        break;
      }
      case BOOLERR:
        at(r0);
        boolErrCell(stream, start + 6, reader, c0, xf);
        break;
      case FORMULA:
        at(r0);
        pending = formulaResultCell(stream, start + 6, reader, c0, xf) ? { row: r0, col: c0, xf } : null;
        break;
      case STRING:
        if (pending) {
          at(pending.row);
          reader.cell(pending.col, 'inlineStr', pending.xf, text(RecordReader.continued(stream, rec)));
          pending = null;
        }
        break;
      case MERGEDCELLS: {
        const count = u16(stream, start);
        for (let k = 0; k < count && start + 2 + 8 * k + 8 <= end; k++) {
          const p = start + 2 + 8 * k;
          reader.out.merges.push({ top: u16(stream, p) + 1, left: u16(stream, p + 4) + 1, bottom: u16(stream, p + 2) + 1, right: u16(stream, p + 6) + 1 });
        }
        break;
      }
      case COLINFO:
        reader.out.colRanges.push({ min: u16(stream, start) + 1, max: u16(stream, start + 2) + 1, hidden: (u16(stream, start + 8) & 0x01) !== 0 });
        break;
      default:
    }
  }
}

