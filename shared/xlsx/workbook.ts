import { columnLetter } from '../columns.js';
import { dateToSerial } from '../dates.js';
import type { CellValue, Grid, Merge, WorkbookInput } from '../schema/grid.js';
import { displayText, loadNumberFormats, normaliseFormat, quickDisplayText } from './display-text.js';
import { readRels, readSharedStrings, readStyles, readTablePart, readWorkbookPart, workbookPartPath } from './parts.js';
import { GridLimitError, SheetReader, type RawValue, type SheetCells } from './sheet.js';

export { GridLimitError };
import { scanSheet } from './sheet-scan.js';
import { isWpsPicture, PICTURE_TEXT } from '../cell-picture.js';
import { pictureValueIndices } from './pictures.js';
import { ByteBudget, readEntry, readEntryText, zipEntries, type Inflate, type ZipEntry } from './zip.js';

/** How to read a file: the most its parts may unpack to, and the runtime's inflate. */
export interface ReadOptions {
  maxBytes: number;
  inflate: Inflate;
  /**
   * The most rows and cells the grids may hold, every sheet together (each sheet's used range,
   * as a grid is laid out): a sheet past them throws GridLimitError before its grid is made.
   * While a sheet is read, its rows may hold at most twice the cells (a row is held from its
   * first column to its last value: see SheetReader's maxSlots).
   */
  limits?: { rows: number; cells: number };
}


/**
 * Most bytes one file's parts may unpack to in the CLI. A 100,000-row ledger's sheet XML is about 60 MB;
 * four times that is room for wide sheets and rich text, and still a bounded amount of memory.
 */
export const XLSX_BYTE_BUDGET = 256 * 1024 * 1024;

/** ExcelJS's test for a date format (cell values in one load as dates): y m d h s b outside "" and []. */
function isExcelJsDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/**
 * Every worksheet of an .xlsx as grids, in tab order: the same grids the ExcelJS reading gives
 * (cli/exceljs-grid.ts; test/cli/xlsx-reader.test.ts compares them), read in one pass over
 * each part. The one reading of .xlsx: the CLI's and the Worker's uploads
 * (test/worker/upload-grids.test.ts). numfmt loads only when a cell's text needs it. Returns
 * null when the zip holds no workbook (a renamed .docx). Throws ZipError or a parse Error for a
 * damaged file.
 */
export async function readWorkbookGrids(bytes: Uint8Array, file: string, { maxBytes, inflate, limits }: ReadOptions): Promise<WorkbookInput | null> {
  const entries = zipEntries(bytes);
  const budget = new ByteBudget(maxBytes);
  const part = (path: string): ZipEntry | undefined => entries.get(path.toLowerCase());
  const text = async (path: string): Promise<string | undefined> => {
    const e = part(path);
    return e ? readEntryText(bytes, e, budget, inflate) : undefined;
  };
  const rootRels = await text('_rels/.rels');
  const bookPath = workbookPartPath(rootRels);
  const bookXml = await text(bookPath);
  if (bookXml === undefined) return null;
  const folder = bookPath.slice(0, bookPath.lastIndexOf('/') + 1);
  const book = readWorkbookPart(bookXml);
  const relTypes = new Map<string, string>();
  const bookRels = readRels((await text(`${folder}_rels/${bookPath.slice(folder.length)}.rels`)) ?? '', folder, relTypes);
  // The worksheets in tab order (a chart sheet, or a sheet the file does not hold, is skipped, as
  // ExcelJS skips it): a worksheet by its relationship's type, or by its folder when the type is
  // missing (a package may keep its parts anywhere; minimal ones keep them at the root).
  const worksheets = book.sheets.flatMap((def) => {
    const path = bookRels.get(def.rId);
    const type = relTypes.get(def.rId);
    const isWorksheet = type ? /^worksheet$/i.test(type) : /\/worksheets\//i.test(`/${path}`);
    const entry = path && isWorksheet ? part(path) : undefined;
    return path && entry ? [{ name: def.name, path, entry }] : [];
  });
  // Each worksheet inflates (on Node's thread pool) while the part before it is read: the first
  // while the shared strings and styles are, the next while this one is.
  const inflating = (i: number) => {
    const sheet = worksheets[i];
    const bytesOf = sheet ? readEntry(bytes, sheet.entry, budget, inflate) : undefined;
    bytesOf?.catch(() => {}); // awaited below; a damaged part must not reject unwatched meanwhile
    return bytesOf;
  };
  let next = inflating(0);
  const sst = await text(`${folder}sharedStrings.xml`);
  const shared = sst === undefined ? [] : readSharedStrings(sst);
  const stylesXml = await text(`${folder}styles.xml`);
  const numFmts = stylesXml === undefined ? [] : readStyles(stylesXml);
  const grids = new WorkbookGrids(file, numFmts, book.date1904, limits);
  grids.pictureValues = await cellPictures(text, bookRels, relTypes, folder);
  for (let i = 0; i < worksheets.length; i++) {
    const { name, path } = worksheets[i]!;
    const sheetBytes = await next!;
    next = inflating(i + 1);
    const reader = grids.sheet(name, shared, (r) => scanSheet(sheetBytes, r));
    const sheetFolder = path.slice(0, path.lastIndexOf('/') + 1);
    const sheetRels = reader.out.tableRIds.length ? readRels((await text(`${sheetFolder}_rels/${path.slice(sheetFolder.length)}.rels`)) ?? '', sheetFolder) : new Map<string, string>();
    const tables: { name: string; ref: string }[] = [];
    for (const id of reader.out.tableRIds) {
      const target = sheetRels.get(id);
      const xml = target ? await text(target) : undefined;
      const table = xml ? readTablePart(xml) : null;
      if (table) tables.push(table);
    }
    grids.add(name, reader, tables);
  }
  return grids.finish();
}

/**
 * The value-metadata indices of pictures placed in cells (pictures.ts), from xl/metadata.xml and
 * the rich value parts the workbook's relationships name (where Excel puts them when they do not).
 * Most workbooks have no metadata part: nothing more is read.
 */
async function cellPictures(text: (path: string) => Promise<string | undefined>, rels: ReadonlyMap<string, string>, types: ReadonlyMap<string, string>, folder: string): Promise<Set<number> | undefined> {
  const byType = (type: string, fallback: string) => {
    for (const [id, t] of types) if (t.toLowerCase() === type) return rels.get(id)!;
    return `${folder}${fallback}`;
  };
  const metadata = await text(byType('sheetmetadata', 'metadata.xml'));
  if (metadata === undefined || !metadata.includes('XLRICHVALUE')) return undefined;
  const values = await text(byType('rdrichvalue', 'richData/rdrichvalue.xml'));
  const structures = await text(byType('rdrichvaluestructure', 'richData/rdrichvaluestructure.xml'));
  return pictureValueIndices(metadata, values, structures);
}

/**
 * The grids of one workbook as its sheets are read, whatever the file's format: the .xlsx reader
 * above and the .xls one (shared/xls/) fill the same SheetReader, a sheet at a time, and get the
 * same grids, limits and displayed text from here.
 */
export class WorkbookGrids {
  private readonly sheets: Grid[] = [];
  private readonly later: Later[] = [];
  private readonly size: GridSize;
  private readonly dateStyles: boolean[];
  /** The .xlsx's pictures placed in cells, by value-metadata index (pictures.ts). */
  pictureValues: ReadonlySet<number> | undefined;

  /** `numFmts`: each cell style's number format (undefined: General). */
  constructor(
    private readonly file: string,
    private readonly numFmts: readonly (string | undefined)[],
    private readonly date1904: boolean,
    limits: ReadOptions['limits'],
  ) {
    this.size = { rows: 0, cells: 0, slots: 0, limits };
    this.dateStyles = numFmts.map(isExcelJsDateFormat);
  }

  /** Reads sheet `name` into a new SheetReader by `fill`; a sheet past the limits throws GridLimitError naming it. */
  sheet(name: string, shared: readonly (string | null)[], fill: (reader: SheetReader) => void): SheetReader {
    const reader = this.begin(shared);
    try {
      fill(reader);
    } catch (error) {
      throw WorkbookGrids.named(error, name);
    }
    this.size.slots += reader.slots;
    return reader;
  }

  /**
   * The next sheet's SheetReader, for a reader that fills it as its cells arrive (shared/ods/, one
   * pass over the file): `end` adds it. A GridLimitError thrown meanwhile is named by `named`.
   */
  begin(shared: readonly (string | null)[] = []): SheetReader {
    const { limits } = this.size;
    const reader = new SheetReader(shared, (s) => this.dateStyles[s] === true, this.date1904, limits ? 2 * limits.cells - this.size.slots : Infinity);
    reader.pictureValues = this.pictureValues;
    return reader;
  }

  /** The sheet `begin` gave the reader for, filled: the next grid. */
  end(name: string, reader: SheetReader): void {
    this.size.slots += reader.slots;
    this.add(name, reader);
  }

  /** A GridLimitError that names sheet `name`; any other error as it is. */
  static named(error: unknown, name: string): unknown {
    return error instanceof GridLimitError ? new GridLimitError(error.kind, error.detail, `「${name}」${error.where}`) : error;
  }

  /** The sheet `reader` read becomes the next grid. */
  add(name: string, reader: SheetReader, tables: { name: string; ref: string }[] = []): void {
    this.sheets.push(cellsToGrid(reader.out, name, this.file, this.numFmts, tables, this.later, this.size));
  }

  /** The workbook, once the texts that need numfmt are filled in; null when it had no worksheet. */
  async finish(): Promise<WorkbookInput | null> {
    if (this.sheets.length === 0) return null;
    if (this.later.length > 0) {
      await loadNumberFormats();
      for (const { row, k, value, format } of this.later) {
        const shown = displayText(value, format);
        row[k] = shown === String(value) ? null : shown;
      }
    }
    return { file: this.file, sheets: this.sheets };
  }
}

/** A cell whose text needs numfmt: filled in once numfmt is loaded. */
interface Later {
  row: (string | null)[];
  k: number;
  value: CellValue;
  format: string | null;
}

/**
 * The cells of one sheet as a Grid over its used range, exactly as cli/exceljs-grid.ts builds it;
 * cells whose text needs numfmt are added to `later`. Two passes over the stored rows: the
 * first drops cells a merge covers and finds the used range, the second fills the grid's rows.
 * Each pass is a function that ends with its loop: in a fresh process V8 optimises a hot loop
 * while it runs (on-stack replacement), and code after the loop that had not run yet would throw
 * that code away and compile it again (measured: cellsToGrid was compiled three times a run).
 */
function cellsToGrid(
  c: SheetCells,
  sheet: string,
  file: string,
  numFmts: readonly (string | undefined)[],
  tables: { name: string; ref: string }[],
  later: Later[],
  size: GridSize,
): Grid {
  // Merges of more than one cell, in the order ExcelJS meets their first covered cell.
  const merges = c.merges.filter((m) => m.bottom > m.top || m.right > m.left);
  const firstCovered = (m: Merge) => (m.right > m.left ? [m.top, m.left + 1] : [m.top + 1, m.left]) as [number, number];
  merges.sort((a, b) => firstCovered(a)[0] - firstCovered(b)[0] || firstCovered(a)[1] - firstCovered(b)[1]);
  const b = { top: Infinity, left: Infinity, bottom: 0, right: 0 };
  const kept = usedRows(c, merges, b);
  for (const m of merges) {
    b.top = Math.min(b.top, m.top);
    b.left = Math.min(b.left, m.left);
    b.bottom = Math.max(b.bottom, m.bottom);
    b.right = Math.max(b.right, m.right);
  }
  if (kept === 0 && merges.length === 0) Object.assign(b, { top: 1, left: 1, bottom: 0, right: 0 });
  const height = b.bottom - b.top + 1;
  const width = b.right - b.left + 1;
  countGrid(size, height, width, () => `「${sheet}」${columnLetter(b.left)}${b.top}:${columnLetter(b.right)}${b.bottom}`);
  const values: (CellValue | null)[][] = new Array(height);
  const text: (string | null)[][] = new Array(height);
  const formats: (string | null)[][] = new Array(height);
  // Rows start as copies of one blank row (a copy costs far less than new Array(width).fill(null)).
  // Rows without text or formats (most) share the blank row itself: the grid's readers
  // (shared/sheet-view.ts) never write to it.
  const blankRow = new Array<null>(width).fill(null);
  fillRows(c, b, numFmts, later, blankRow, { values, text, formats });
  for (let r = 0; r < height; r++) {
    if (values[r]) continue;
    values[r] = blankRow.slice();
    text[r] = formats[r] = blankRow;
  }
  return { file, sheet, top: b.top, left: b.left, values: values as CellValue[][], text, formats, merges, hiddenColumns: hiddenColumns(c.colRanges), tables };
}

/** The rows and cells of the grids made so far, and the most they may hold. */
interface GridSize {
  rows: number;
  cells: number;
  /** The slots the sheets' rows held as read (SheetReader.slots), every sheet so far. */
  slots: number;
  limits: ReadOptions['limits'];
}

/**
 * Adds a sheet's used range to the tally, and refuses it before its grid is allocated when the
 * workbook would pass its limits (two far-apart cells make a used range of millions of cells).
 */
function countGrid(size: GridSize, height: number, width: number, where: () => string): void {
  size.rows += height;
  size.cells += height * width;
  if (!size.limits) return;
  if (size.rows > size.limits.rows) throw new GridLimitError('rows', `the workbook has more than ${size.limits.rows} rows`, where());
  if (size.cells > size.limits.cells) throw new GridLimitError('cells', `the workbook has more than ${size.limits.cells} cells`, where());
}

interface Bounds {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * The first pass: clears the cells a merge covers (below or right of its first cell), widens `b`
 * to every stored row with a value left, and returns how many such rows there are.
 */
function usedRows(c: SheetCells, merges: readonly Merge[], b: Bounds): number {
  const mergeRows = new Set<number>();
  for (const m of merges) if (m.bottom - m.top < 100_000) for (let r = m.top; r <= m.bottom; r++) mergeRows.add(r);
  let kept = 0;
  for (let i = 0; i < c.rows.length; i++) {
    const row = c.rows[i]!;
    const values = c.values[i]!;
    if (mergeRows.size > 0 && mergeRows.has(row)) clearCovered(merges, row, values);
    // Most rows have a value in their first and last cells: trimmed from both ends, not walked.
    let first = 0;
    while (first < values.length && values[first] === null) first++;
    if (first === values.length) continue;
    let last = values.length - 1;
    while (values[last] === null) last--;
    kept++;
    if (row < b.top) b.top = row;
    if (row > b.bottom) b.bottom = row;
    if (first < b.left) b.left = first;
    if (last > b.right) b.right = last;
  }
  return kept;
}

/** Whether a merge covers the cell (any of its cells but the first). */
function covered(merges: readonly Merge[], row: number, col: number): boolean {
  for (const m of merges) if (row >= m.top && row <= m.bottom && col >= m.left && col <= m.right && (row !== m.top || col !== m.left)) return true;
  return false;
}

/** Clears a row's cells that a merge covers. */
function clearCovered(merges: readonly Merge[], row: number, values: RawValue[]): void {
  for (let k = 0; k < values.length; k++) if (values[k] !== null && covered(merges, row, k)) values[k] = null;
}

/** The second pass: each stored row inside the used range becomes its grid rows (value, text, format). */
function fillRows(
  c: SheetCells,
  b: Bounds,
  numFmts: readonly (string | undefined)[],
  later: Later[],
  blankRow: null[],
  grid: { values: (CellValue | null)[][]; text: (string | null)[][]; formats: (string | null)[][] },
): void {
  const height = b.bottom - b.top + 1;
  const formatOf: (string | null | undefined)[] = [];
  for (let i = 0; i < c.rows.length; i++) {
    const r = c.rows[i]! - b.top;
    if (r < 0 || r >= height) continue; // a row of empty cells outside the used range
    const from = c.values[i]!;
    const styles = c.styles[i]!;
    const valueRow: (CellValue | null)[] = blankRow.slice();
    // Text and formats get a row of their own only where the row has one (most have neither).
    let textRow: (string | null)[] | undefined;
    let formatRow: (string | null)[] | undefined;
    const end = Math.min(from.length, b.right + 1);
    for (let k = Math.max(b.left, 0); k < end; k++) {
      const raw = from[k]!;
      if (raw === null) continue;
      const j = k - b.left;
      const style = styles[k]!;
      let format = formatOf[style];
      if (format === undefined) formatOf[style] = format = style ? normaliseFormat(numFmts[style]) : null;
      if (typeof raw === 'string') {
        // Text shows as itself (displayText gives null for it); WPS's picture in a cell as one.
        valueRow[j] = isWpsPicture(raw) ? PICTURE_TEXT : raw;
        if (format !== null) (formatRow ??= blankRow.slice())[j] = format;
        continue;
      }
      const own = typeof raw === 'object' && 'shown' in raw ? raw : undefined;
      const plain = own ? own.value : (raw as Exclude<typeof raw, { shown: string }>);
      let value: CellValue;
      if (typeof plain !== 'object') value = plain;
      else if ('error' in plain) value = plain.error;
      else {
        value = dateToSerial(new Date(plain.date));
        format ??= 'yyyy/m/d'; // a date always shows as one
      }
      valueRow[j] = value;
      if (format !== null) (formatRow ??= blankRow.slice())[j] = format;
      if (own) {
        if (own.shown !== String(value)) (textRow ??= blankRow.slice())[j] = own.shown;
        continue;
      }
      // The commonest number, a 序号, shows as itself: no text to keep.
      if (format === null && typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e11) continue;
      const shown = quickDisplayText(value, format);
      if (shown === undefined) later.push({ row: (textRow ??= blankRow.slice()), k: j, value, format });
      else if (shown !== null && shown !== String(value)) (textRow ??= blankRow.slice())[j] = shown;
    }
    grid.values[r] = valueRow;
    grid.text[r] = textRow ?? blankRow;
    grid.formats[r] = formatRow ?? blankRow;
  }
}

/** Hidden columns as ExcelJS lays out <col> ranges: sorted by min, each column taken once. */
function hiddenColumns(ranges: SheetCells['colRanges']): number[] {
  const hidden: number[] = [];
  let count = 1;
  for (const col of [...ranges].sort((a, b) => a.min - b.min)) {
    while (count < col.min) count++;
    while (count <= col.max) {
      if (col.hidden) hidden.push(count);
      count++;
    }
  }
  return hidden;
}
