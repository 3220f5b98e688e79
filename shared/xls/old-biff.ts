import type { WorkbookInput } from '../schema/grid.js';
import type { SheetReader } from '../xlsx/sheet.js';
import { WorkbookGrids, type ReadOptions } from '../xlsx/workbook.js';
import { f64 } from '../byte-fields.js';
import { RecordReader, records } from './biff-records.js';
import { boolErrCell, bytesText, formulaResultCell, rk, u16, unnamedCodePage, type TextReader } from './biff-values.js';
import { XlsError } from './compound-file.js';
import { isOldBiff } from '../xlsx/sniff.js';

// Excel 2.x, 3.0 and 4.0 worksheets (BIFF2–4): a bare record stream, no OLE2 container, as
// Excel wrote them until 1993 and as simple "导出Excel" writers of old systems still write
// BIFF2 (its few records are the easiest spreadsheet to write). Read into the same SheetReader
// and grids as every other format: values, numbers in their formats (dates by format), text in
// the file's code page, formulas' cached results, hidden columns. An Excel 4.0 workbook (a
// bundle of such worksheets) gives each of its worksheets. There are no merges before BIFF5.

const BOF2 = 0x0009;
const BOF3 = 0x0209;
const BOF4 = 0x0409;
const EOF = 0x000a;
const WORKSHEET = 0x0010; // (an Excel 4.0 workbook's globals are 0x0100: no cells, passed over)
const CODEPAGE = 0x0042;
const DATEMODE = 0x0022;
const FORMAT2 = 0x001e; // BIFF2 and BIFF3
const FORMAT4 = 0x041e;
const XF3 = 0x0243;
const XF4 = 0x0443;
const BUNDLESHEET = 0x008e;
const COLINFO = 0x007d;
// Cells: BIFF2's records carry 3 bytes of attributes (the number format's index in the second),
// BIFF3's and BIFF4's an XF index. A writer may put BIFF2's records in a BIFF3 or BIFF4 stream (as
// SheetJS does), so a record's layout goes by its type, not the stream's version.
const INTEGER2 = 0x0002;
const NUMBER2 = 0x0003;
const LABEL2 = 0x0004;
const BOOLERR2 = 0x0005;
const FORMULA2 = 0x0006;
const STRING2 = 0x0007;
const NUMBER = 0x0203;
const LABEL = 0x0204;
const BOOLERR = 0x0205;
const FORMULA3 = 0x0206;
const FORMULA4 = 0x0406;
const STRING = 0x0207;
const RK = 0x027e;

export { isOldBiff };

/** A BOF … EOF run of records: a worksheet, or an Excel 4.0 workbook's globals. */
interface Substream {
  kind: number;
  start: number;
  /** The code page its text is in, and the style (as WorkbookGrids numbers them) of each of its number formats and XFs. */
  text: TextReader;
  formatStyle: number[];
  xfStyle: number[];
}

/** The Windows code page a BIFF2–4 CODEPAGE names (0x8001: the PC's ANSI, which these files mean as Western; 0x8000: Mac Roman). */
function codePage(value: number): number {
  if (value === 0x8001 || value === 0x01b5) return 1252;
  return value === 0x8000 ? 10000 : value;
}

/**
 * Every worksheet of an Excel 2.x–4.0 file as grids. A worksheet file's sheet takes the file's
 * name (as Excel names its tab); an Excel 4.0 workbook's, their own. Throws XlsError `damaged`
 * for a stream that is not one.
 */
export function readOldBiffGrids(bytes: Uint8Array, file: string, limits: ReadOptions['limits']): Promise<WorkbookInput | null> {
  const numFmts: (string | undefined)[] = [undefined];
  let date1904 = false;
  const subs: Substream[] = [];
  const names: string[] = [];
  let current: (Substream & { formats: string[]; xfFormats: number[] }) | null = null;
  // A substream ended: its formats and XFs numbered as styles.
  const close = (sub: Substream & { formats: string[]; xfFormats: number[] }) => {
    const styles = (formats: (string | undefined)[]) => formats.map((f) => numFmts.push(f === undefined || /^general$/i.test(f) ? undefined : f) - 1);
    sub.formatStyle = styles(sub.formats);
    sub.xfStyle = styles(sub.xfFormats.map((f) => sub.formats[f]));
    subs.push(sub);
  };
  for (const rec of records(bytes, 0)) {
    const { type, start, end } = rec;
    if (type === BOF2 || type === BOF3 || type === BOF4) {
      current = { kind: end - start >= 4 ? u16(bytes, start + 2) : WORKSHEET, start: rec.start - 4, text: unnamedCodePage, formatStyle: [], xfStyle: [], formats: [], xfFormats: [] };
      continue;
    }
    // Past a substream's EOF, records until the next BOF are passed over (some writers pad the file).
    if (!current) {
      if (!subs.length) throw new XlsError('damaged', 'the worksheet stream does not start with BOF');
      continue;
    }
    switch (type) {
      case CODEPAGE:
        current.text = bytesText(codePage(u16(bytes, start)));
        break;
      case DATEMODE:
        date1904 = u16(bytes, start) === 1;
        break;
      case FORMAT2:
      case FORMAT4: {
        const r = RecordReader.continued(bytes, rec);
        if (type === FORMAT4) r.skip(2);
        // As readStyles keeps an .xlsx pattern: backslash escapes dropped.
        current.formats.push(current.text(r, true).replace(/[\\](.)/g, '$1'));
        break;
      }
      case XF3:
      case XF4:
        current.xfFormats.push(bytes[start + 1]!);
        break;
      case BUNDLESHEET: {
        const r = RecordReader.continued(bytes, rec);
        r.skip(6);
        names.push(current.text(r, true));
        break;
      }
      case EOF:
        close(current);
        current = null;
        break;
      default:
    }
  }
  if (current) close(current); // a stream cut short of its EOF: what it holds
  const sheets = subs.filter((s) => s.kind === WORKSHEET);
  if (!sheets.length) return Promise.resolve(null);
  const grids = new WorkbookGrids(file, numFmts, date1904, limits);
  const fileName = (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '') || 'Sheet1';
  sheets.forEach((s, k) => {
    const name = names[k] ?? (sheets.length === 1 ? fileName : `Sheet${k + 1}`);
    grids.add(name, grids.sheet(name, [], (reader) => readCells(bytes, s, reader)));
  });
  return grids.finish();
}

/** One worksheet's cells and columns into `reader`, from its BOF to its EOF. */
function readCells(bytes: Uint8Array, sheet: Substream, reader: SheetReader): void {
  let row = -1;
  const at = (r: number) => {
    if (r !== row) reader.startRow((row = r));
  };
  let old = false; // the record's layout: BIFF2's (record types below 0x0100) or BIFF3's
  const style = (start: number) => (old ? sheet.formatStyle[bytes[start + 5]! & 0x3f] : sheet.xfStyle[u16(bytes, start + 4)]) ?? 0;
  // A formula whose result is text: the text is in the STRING record after it.
  let pending: { row: number; col: number; style: number } | null = null;
  let first = true;
  for (const rec of records(bytes, sheet.start)) {
    const { type, start, end } = rec;
    if (first) {
      first = false;
      continue;
    }
    if (type === EOF) break;
    old = type < 0x0100;
    const data = old ? 7 : 6; // where a cell's value starts
    if (end - start < data && type !== STRING2 && type !== STRING && type !== COLINFO) continue;
    const r0 = u16(bytes, start) + 1;
    const c0 = u16(bytes, start + 2) + 1;
    switch (type) {
      case INTEGER2:
        at(r0);
        reader.numberCell(c0, style(start), u16(bytes, start + data));
        break;
      case NUMBER2:
      case NUMBER:
        at(r0);
        reader.numberCell(c0, style(start), f64(bytes, start + data));
        break;
      case RK:
        at(r0);
        reader.numberCell(c0, style(start), rk((u16(bytes, start + data) | (u16(bytes, start + data + 2) << 16)) >>> 0));
        break;
      case LABEL2:
      case LABEL: {
        at(r0);
        const r = RecordReader.continued(bytes, rec);
        r.skip(data);
        reader.cell(c0, 'inlineStr', style(start), sheet.text(r, old));
        break;
      }
      case BOOLERR2:
      case BOOLERR:
        at(r0);
        boolErrCell(bytes, start + data, reader, c0, style(start));
        break;
      case FORMULA2:
      case FORMULA3:
      case FORMULA4:
        at(r0);
        pending = formulaResultCell(bytes, start + data, reader, c0, style(start)) ? { row: r0, col: c0, style: style(start) } : null;
        break;
      case STRING2:
      case STRING:
        if (pending) {
          at(pending.row);
          reader.cell(pending.col, 'inlineStr', pending.style, sheet.text(RecordReader.continued(bytes, rec), type === STRING2));
          pending = null;
        }
        break;
      case COLINFO:
        if (end - start >= 10) reader.out.colRanges.push({ min: u16(bytes, start) + 1, max: u16(bytes, start + 2) + 1, hidden: (u16(bytes, start + 8) & 0x01) !== 0 });
        break;
      default:
    }
  }
}
