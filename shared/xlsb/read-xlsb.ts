import type { WorkbookInput } from '../schema/grid.js';
import { ByteFields } from '../byte-fields.js';
import { ERRORS, rk } from '../xls/workbook.js';
import { BUILTIN_FORMATS } from '../xlsx/builtin-formats.js';
import { readRels } from '../xlsx/parts.js';
import type { SheetReader } from '../xlsx/sheet.js';
import { WorkbookGrids, type ReadOptions } from '../xlsx/workbook.js';
import { ByteBudget, readEntry, readEntryText, zipEntries, type Inflate, type ZipEntry } from '../xlsx/zip.js';

/**
 * An Excel binary workbook (.xlsb: the .xlsx's parts as BIFF12 records, MS-XLSB) as grids, through
 * the SheetReader and WorkbookGrids the .xlsx reader fills: the sheets workbook.bin lists in tab
 * order (by its relationships, as an .xlsx's), shared strings, cell styles' number formats (so
 * dates are dates), the 1904 system, cells of every kind (numbers, RK numbers, text, truth
 * values, errors, formulas' cached results), merges and hidden columns. Returns null when the
 * zip holds no workbook.bin. Throws XlsbError for a damaged record, ZipError past `maxBytes`,
 * GridLimitError past `limits`.
 * @example await readXlsbGrids(bytes, '台账.xlsb', { maxBytes, inflate: zlibInflate, limits })
 */
export async function readXlsbGrids(bytes: Uint8Array, file: string, { maxBytes, inflate, limits }: { maxBytes: number; inflate: Inflate } & Pick<ReadOptions, 'limits'>): Promise<WorkbookInput | null> {
  const entries = zipEntries(bytes);
  const budget = new ByteBudget(maxBytes);
  const part = async (path: string) => {
    const entry: ZipEntry | undefined = entries.get(path.toLowerCase());
    return entry ? readEntry(bytes, entry, budget, inflate) : null;
  };
  // The workbook part where the package's relationships say (as the .xlsx reader finds it), else xl/.
  const rootRels = entries.get('_rels/.rels');
  const bookPath = (rootRels && [...readRels(await readEntryText(bytes, rootRels, budget, inflate), '').values()].find((t) => /\.bin$/i.test(t))) || 'xl/workbook.bin';
  const workbook = await part(bookPath);
  if (!workbook) return null;
  const folder = bookPath.slice(0, bookPath.lastIndexOf('/') + 1);
  const relsEntry = entries.get(`${folder}_rels/${bookPath.slice(folder.length)}.rels`.toLowerCase());
  const rels = relsEntry ? readRels(await readEntryText(bytes, relsEntry, budget, inflate), folder) : new Map<string, string>();
  const book = readWorkbookBin(workbook);
  const strings = readSharedStrings((await part(firstOf(rels, /sharedStrings\.bin$/i) ?? `${folder}sharedStrings.bin`)) ?? new Uint8Array());
  const formats = readStylesBin((await part(firstOf(rels, /styles\.bin$/i) ?? `${folder}styles.bin`)) ?? new Uint8Array());
  const grids = new WorkbookGrids(file, formats, book.date1904, limits);
  for (const sheet of book.sheets) {
    const path = rels.get(sheet.rId);
    const data = path ? await part(path) : null;
    if (!data) continue; // a chart sheet's or a missing part: no cells
    grids.add(sheet.name, grids.sheet(sheet.name, strings, (r) => readSheetBin(data, r)));
  }
  return grids.finish();
}

/** Why an .xlsb could not be read: a record runs past its part, or a field past its record. */
export class XlsbError extends Error {}

const firstOf = (rels: Map<string, string>, name: RegExp) => [...rels.values()].find((t) => name.test(t));

/** One BIFF12 record: its type and where its data lies. Type and size are 7-bit groups, low first (MS-XLSB 2.1.4). */
function* records(data: Uint8Array): Generator<{ type: number; start: number; end: number }> {
  let at = 0;
  // A number of at most `groups` 7-bit groups, the high bit of each byte saying another follows.
  const groups = (count: number) => {
    let n = 0;
    for (let k = 0; k < count; k++) {
      const b = data[at++];
      if (b === undefined) throw new XlsbError('a record cut short');
      n |= (b & 0x7f) << (7 * k);
      if (!(b & 0x80)) break;
    }
    return n;
  };
  while (at < data.length) {
    const type = groups(2);
    const size = groups(4);
    if (at + size > data.length) throw new XlsbError(`record 0x${type.toString(16)} runs past its part`);
    yield { type, start: at, end: at + size };
    at += size;
  }
}

const utf16 = new TextDecoder('utf-16le');

/** A BIFF12 record's fields (shared/byte-fields.ts), and its wide strings. */
class Fields extends ByteFields {
  constructor(data: Uint8Array, at: number, end: number) {
    super(data, at, end, () => new XlsbError('a field runs past its record'));
  }

  /** An XLWideString: a 32-bit count of UTF-16 code units, then them (a nullable one's 0xFFFFFFFF: null). */
  wide(): string | null {
    const n = this.u32();
    if (n === 0xffffffff) return null;
    const p = this.take(2 * n);
    return utf16.decode(this.data.subarray(p, p + 2 * n));
  }
}

// Record types (MS-XLSB 2.3).
const BRT = {
  ROW: 0x0000, BLANK: 0x0001, RK: 0x0002, ERROR: 0x0003, BOOL: 0x0004, REAL: 0x0005, ST: 0x0006, ISST: 0x0007,
  FMLA_STRING: 0x0008, FMLA_NUM: 0x0009, FMLA_BOOL: 0x000a, FMLA_ERROR: 0x000b, SST_ITEM: 0x0013, FMT: 0x002c, XF: 0x002f,
  // The short forms (Excel 2010 and later): no column, the one after the cell before.
  SHORT_BLANK: 0x000c, SHORT_RK: 0x000d, SHORT_ERROR: 0x000e, SHORT_BOOL: 0x000f, SHORT_REAL: 0x0010, SHORT_ST: 0x0011, SHORT_ISST: 0x0012,
  CELL_RSTRING: 0x003e, SHORT_RSTRING: 0x003f,
  COL_INFO: 0x003c, WB_PROP: 0x0099, BUNDLE_SH: 0x009c, MERGE_CELL: 0x00b0, BEGIN_CELL_XFS: 0x0269, END_CELL_XFS: 0x026a,
} as const;

/** Each short cell record's long form, whose value it holds the same way. */
const LONG_FORM: Record<number, number> = {
  [BRT.SHORT_BLANK]: BRT.BLANK, [BRT.SHORT_RK]: BRT.RK, [BRT.SHORT_ERROR]: BRT.ERROR, [BRT.SHORT_BOOL]: BRT.BOOL,
  [BRT.SHORT_REAL]: BRT.REAL, [BRT.SHORT_ST]: BRT.ST, [BRT.SHORT_ISST]: BRT.ISST, [BRT.SHORT_RSTRING]: BRT.CELL_RSTRING,
};

/** The sheets in tab order (their names and relationship ids) and the date system. */
function readWorkbookBin(data: Uint8Array): { sheets: { name: string; rId: string }[]; date1904: boolean } {
  const out = { sheets: [] as { name: string; rId: string }[], date1904: false };
  for (const { type, start, end } of records(data)) {
    const f = new Fields(data, start, end);
    if (type === BRT.WB_PROP) out.date1904 = (f.u32() & 0x01) !== 0;
    else if (type === BRT.BUNDLE_SH) {
      f.u32(); // hsState: a hidden sheet is read, as a hidden .xlsx sheet is
      f.u32(); // iTabID
      const rId = f.wide() ?? '';
      out.sheets.push({ rId, name: f.wide() ?? '' });
    }
  }
  return out;
}

/** The shared strings (a rich string's text; its runs and phonetic data after it are not read). */
function readSharedStrings(data: Uint8Array): string[] {
  const out: string[] = [];
  for (const { type, start, end } of records(data)) {
    if (type !== BRT.SST_ITEM) continue;
    const f = new Fields(data, start, end);
    f.u8(); // flags: rich text, phonetic
    out.push(f.wide() ?? '');
  }
  return out;
}

/** Each cell style's number format (undefined: General), as readStyles gives an .xlsx's. */
function readStylesBin(data: Uint8Array): (string | undefined)[] {
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  for (const { type, start, end } of records(data)) {
    const f = new Fields(data, start, end);
    if (type === BRT.FMT) {
      const id = f.u16();
      custom.set(id, (f.wide() ?? '').replace(/[\\](.)/g, '$1'));
    } else if (type === BRT.BEGIN_CELL_XFS) inCellXfs = true;
    else if (type === BRT.END_CELL_XFS) inCellXfs = false;
    else if (type === BRT.XF && inCellXfs) {
      f.u16(); // ixfeParent
      xfs.push(f.u16());
    }
  }
  return xfs.map((id) => (id ? custom.get(id) || BUILTIN_FORMATS[id] : undefined));
}

/** One worksheet's cells, merges and hidden columns into `reader`. Rows and columns are 0-based in the file. */
function readSheetBin(data: Uint8Array, reader: SheetReader): void {
  let col = 0; // the last cell's column, 1-based: a short cell's is the next
  for (const { type, start, end } of records(data)) {
    const f = new Fields(data, start, end);
    if (type === BRT.ROW) {
      reader.startRow(f.u32() + 1);
      col = 0;
      continue;
    }
    const short = LONG_FORM[type];
    if ((type >= BRT.BLANK && type <= BRT.FMLA_ERROR) || type === BRT.CELL_RSTRING || short !== undefined) {
      col = short === undefined ? f.u32() + 1 : col + 1;
      const style = f.u32() & 0xffffff;
      switch (short ?? type) {
        case BRT.RK:
          reader.numberCell(col, style, rk(f.u32()));
          break;
        case BRT.REAL:
        case BRT.FMLA_NUM:
          reader.numberCell(col, style, f.f64());
          break;
        case BRT.ISST:
          reader.sharedCell(col, style, f.u32());
          break;
        case BRT.ST:
        case BRT.FMLA_STRING:
          reader.cell(col, 'inlineStr', style, f.wide() ?? '');
          break;
        case BRT.CELL_RSTRING:
          f.u8(); // flags: its runs and phonetic data follow the text
          reader.cell(col, 'inlineStr', style, f.wide() ?? '');
          break;
        case BRT.BOOL:
        case BRT.FMLA_BOOL:
          reader.cell(col, 'b', style, f.u8() ? '1' : '0');
          break;
        case BRT.ERROR:
        case BRT.FMLA_ERROR:
          reader.cell(col, 'e', style, ERRORS[f.u8()] ?? '#VALUE!');
          break;
        default: // BLANK: a styled cell without a value
      }
      continue;
    }
    if (type === BRT.MERGE_CELL) {
      const [top, bottom, left, right] = [f.u32(), f.u32(), f.u32(), f.u32()];
      reader.out.merges.push({ top: top + 1, left: left + 1, bottom: bottom + 1, right: right + 1 });
    } else if (type === BRT.COL_INFO) {
      const [min, max] = [f.u32(), f.u32()];
      f.u32(); // width
      f.u32(); // style
      reader.out.colRanges.push({ min: min + 1, max: max + 1, hidden: (f.u16() & 0x01) !== 0 });
    }
  }
}
