import { readFileSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import type { WorkbookInput } from '../shared/index.js';
import { LOCAL_GRID_LIMITS } from '../shared/grid-limits.js';
import { LedgerFileError, type FileProblem } from './errors.js';
import { loadWithExcelJs } from './exceljs-grid.js';
import { holdsWorkbooks, isOtherArchive, otherSpreadsheet, sniffFileKind } from '../shared/xlsx/sniff.js';
import { GridLimitError, readWorkbookGrids, XLSX_BYTE_BUDGET } from '../shared/xlsx/workbook.js';
import { ZipError, zipEntries } from '../shared/xlsx/zip.js';
import { readXlsGrids, XlsError } from '../shared/xls/workbook.js';
import { readOdsGrids } from '../shared/ods/read-ods.js';
import { readXlsbGrids } from '../shared/xlsb/read-xlsb.js';
import { decryptedPackage } from '../shared/xlsx/encrypted-package.js';
import { DEFAULT_PASSWORD } from '../shared/office-crypto.js';
import { workbookFromGrids } from './grid-workbook.js';
import { readMarkupGrids, type MarkupKind } from '../shared/markup/read-markup.js';
import { zlibInflate } from './zlib-inflate.js';

/** A workbook as read: the grid model for the core, and (when asked) ExcelJS's for annotating. */
export interface LoadedWorkbook {
  input: WorkbookInput;
  workbook?: ExcelJS.Workbook;
  /** The workbook was made from the grids (the file was no .xlsx ExcelJS can open): fonts and colours are not in it. */
  rebuilt?: boolean;
}

export interface ReadOptions {
  /** Also load the workbook with ExcelJS, to write an annotated copy (--out). */
  forWriting?: boolean;
  /** Most bytes the file's parts may unpack to (zip bombs stop here). */
  maxBytes?: number;
  /** Passwords to open an encrypted workbook with, after Excel's default one (--password). */
  passwords?: readonly string[];
  /** The file's bytes, already read (a workbook inside a zip: cli/zip-ledgers.ts); else `path` is read. */
  bytes?: Uint8Array;
}

const FS_PROBLEMS: Record<string, FileProblem> = { ENOENT: 'missing', ENOTDIR: 'missing', EISDIR: 'not-a-file', EACCES: 'unreadable', EPERM: 'unreadable' };

/** Synchronous, as cli/inputs.ts is: node:fs/promises would load a dozen internal modules into every run. */
function readBytes(path: string, name: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new LedgerFileError(name, FS_PROBLEMS[code] ?? 'unreadable', { cause: error, detail: FS_PROBLEMS[code] ? undefined : code });
  }
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0]?.slice(0, 120);

const XLS_PROBLEMS: Record<XlsError['kind'], FileProblem> = { damaged: 'corrupt', encrypted: 'encrypted', 'too-old': 'legacy-xls' };

/**
 * What a reader's error means for the person, whichever format it read: past the grid limits,
 * past the unpacking budget, an .xls's own kinds; anything else is damage (its first line kept as
 * the detail).
 */
function readingProblem(name: string, error: unknown): LedgerFileError {
  if (error instanceof GridLimitError) return new LedgerFileError(name, 'too-many-cells', { cause: error, detail: error.where || undefined });
  if (error instanceof ZipError && error.kind === 'too-large') return new LedgerFileError(name, 'too-large', { cause: error, detail: error.message });
  if (error instanceof XlsError) return new LedgerFileError(name, XLS_PROBLEMS[error.kind], { cause: error, detail: error.kind === 'damaged' ? error.message : undefined });
  return new LedgerFileError(name, 'corrupt', { cause: error, detail: firstLine(error) });
}

/**
 * An Excel 97–2003 workbook (shared/xls/). ExcelJS cannot open one, so its annotated copy is a
 * new .xlsx made from what was read (values, number formats, merges, hidden columns): the
 * original's fonts, colours and widths are not carried over, and the copy says so (grid-workbook.ts).
 */
async function readXls(bytes: Uint8Array, name: string, options: ReadOptions): Promise<LoadedWorkbook> {
  let input: WorkbookInput | null;
  try {
    input = await readXlsGrids(bytes, name, { limits: LOCAL_GRID_LIMITS, passwords: options.passwords });
  } catch (error) {
    throw readingProblem(name, error);
  }
  // An OLE2 file without a workbook stream: a Word or PowerPoint 97 file renamed.
  if (!input) throw new LedgerFileError(name, 'not-xlsx');
  return rebuiltFor(input, options);
}

/**
 * An OpenDocument spreadsheet (shared/ods/) or an Excel binary workbook (shared/xlsb/): ExcelJS
 * opens neither, so the annotated copy is an .xlsx made from what was read, as an .xls's is. One
 * without spreadsheet content is not a workbook.
 */
async function readOtherZip(bytes: Uint8Array, name: string, kind: 'ods' | 'xlsb', options: ReadOptions): Promise<LoadedWorkbook> {
  let input: WorkbookInput | null;
  try {
    const read = kind === 'ods' ? readOdsGrids : readXlsbGrids;
    input = await read(bytes, name, { maxBytes: options.maxBytes ?? XLSX_BYTE_BUDGET, inflate: zlibInflate, limits: LOCAL_GRID_LIMITS });
  } catch (error) {
    throw readingProblem(name, error);
  }
  if (!input) throw new LedgerFileError(name, 'not-xlsx');
  return rebuiltFor(input, options);
}

/** A workbook read from what ExcelJS cannot open: for an annotated copy, a new one made from its grids. */
async function rebuiltFor(input: WorkbookInput, options: ReadOptions): Promise<LoadedWorkbook> {
  if (!options.forWriting) return { input };
  return { input, workbook: await workbookFromGrids(input), rebuilt: true };
}

/**
 * A web page or an Excel 2003 XML file exported under an Excel name, or a CSV (shared/markup/):
 * its tables, worksheets or rows, annotated (--out) as a new .xlsx as an .xls is. One without a
 * table or worksheet is refused as what it is, a CSV of nothing as empty; XML that does not
 * parse is damaged.
 */
async function readMarkup(bytes: Uint8Array, name: string, kind: MarkupKind, options: ReadOptions): Promise<LoadedWorkbook> {
  let input: WorkbookInput | null;
  try {
    input = await readMarkupGrids(bytes, name, kind, { limits: LOCAL_GRID_LIMITS });
  } catch (error) {
    throw readingProblem(name, error);
  }
  if (!input) throw new LedgerFileError(name, kind === 'csv' ? 'empty' : kind);
  return rebuiltFor(input, options);
}

/**
 * The zip inside an encrypted .xlsx (shared/xlsx/encrypted-package.ts), opened with Excel's
 * default password (a workbook Excel encrypted by itself, as Excel 2007 did a protected one) or
 * one given with --password. The annotated copy (--out) is written from it, unencrypted.
 */
function openEncrypted(bytes: Buffer, name: string, passwords: readonly string[] = []): Buffer {
  let zip: Uint8Array | null;
  try {
    zip = decryptedPackage(bytes, [DEFAULT_PASSWORD, ...passwords]);
  } catch (error) {
    throw new LedgerFileError(name, 'corrupt', { cause: error, detail: firstLine(error) });
  }
  if (!zip) throw new LedgerFileError(name, 'encrypted');
  return Buffer.from(zip.buffer, zip.byteOffset, zip.length);
}

/**
 * Reads an .xlsx (or .xls) file into the grid model; every sheet, in tab order, with the streaming reader
 * (shared/xlsx/, inflated by zlib). ExcelJS loads only for writing an annotated copy.
 * Throws LedgerFileError (never anything else) when the file is missing or not a readable .xlsx or .xls.
 * @example const { input } = await readXlsx('ledgers/rulin-town.xlsx'); checkWorkbooks([input])
 */
export async function readXlsx(path: string, name: string = path, options: ReadOptions = {}): Promise<LoadedWorkbook> {
  let bytes = options.bytes ? Buffer.from(options.bytes.buffer, options.bytes.byteOffset, options.bytes.length) : readBytes(path, name);
  let kind = sniffFileKind(bytes);
  if (kind === 'empty') throw new LedgerFileError(name, 'empty');
  if (kind === 'encrypted-ooxml') {
    bytes = openEncrypted(bytes, name, options.passwords);
    kind = sniffFileKind(bytes);
    if (kind !== 'zip') throw new LedgerFileError(name, 'not-xlsx');
  }
  if (kind === 'other') throw new LedgerFileError(name, isOtherArchive(bytes) ? 'archive' : 'not-xlsx');
  if (kind === 'web-page' || kind === 'xml-spreadsheet' || kind === 'csv') return readMarkup(bytes, name, kind, options);
  if (kind === 'legacy-xls') return readXls(bytes, name, options);

  let input: WorkbookInput | null;
  try {
    // At most ~40 MB of grid (twice that held while reading): a stray cell far out (XFD1048576)
    // makes a used range of billions, and a value far right in every row pads each row to 16,385
    // cells; both are refused before they are held.
    input = await readWorkbookGrids(bytes, name, { maxBytes: options.maxBytes ?? XLSX_BYTE_BUDGET, inflate: zlibInflate, limits: LOCAL_GRID_LIMITS });
  } catch (error) {
    throw readingProblem(name, error);
  }
  // A zip that is no workbook (a renamed .docx or .zip) has no sheets; an .xlsb or .ods is named.
  if (!input) {
    const names = new Set(zipEntries(bytes).keys());
    const other = otherSpreadsheet(names);
    if (other) return readOtherZip(bytes, name, other, options);
    throw new LedgerFileError(name, holdsWorkbooks(names) ? 'zip-of-ledgers' : 'not-xlsx');
  }
  if (!options.forWriting) return { input };
  return { input, workbook: await loadWithExcelJs(bytes, name) };
}
