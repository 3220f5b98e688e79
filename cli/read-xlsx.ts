import { readFileSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import type { WorkbookInput } from '../shared/index.js';
import { LOCAL_GRID_LIMITS } from '../shared/grid-limits.js';
import { LedgerFileError, type FileProblem } from './errors.js';
import { loadWithExcelJs } from './exceljs-grid.js';
import { XLSX_BYTE_BUDGET } from '../shared/xlsx/workbook.js';
import { readWorkbookFile, WorkbookFileError, type WorkbookFileProblem } from '../shared/workbook-file.js';
import { workbookFromGrids } from './grid-workbook.js';
import { holdsKeptParts } from './kept-parts.js';
import { zipEntries } from '../shared/xlsx/zip.js';
import { zlibInflate } from './zlib-inflate.js';

/** A workbook as read: the grid model for the core, and (when asked) ExcelJS's for annotating. */
export interface LoadedWorkbook {
  input: WorkbookInput;
  workbook?: ExcelJS.Workbook;
  /** The workbook was made from the grids (the file was no .xlsx ExcelJS can open): fonts and colours are not in it. */
  rebuilt?: boolean;
  /** The original package, when it holds parts ExcelJS drops that the copy keeps (kept-parts.ts). */
  original?: Uint8Array;
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

const PROBLEMS: Record<WorkbookFileProblem, FileProblem> = {
  empty: 'empty', 'not-workbook': 'not-xlsx', archive: 'archive', 'zip-of-ledgers': 'zip-of-ledgers', encrypted: 'encrypted', 'legacy-xls': 'legacy-xls',
  'web-page': 'web-page', 'xml-spreadsheet': 'xml-spreadsheet', damaged: 'corrupt', 'too-many-rows': 'too-many-cells', 'too-many-cells': 'too-many-cells', 'too-large': 'too-large',
};

/**
 * Reads a ledger file into the grid model, every sheet in tab order, as the upload reads it
 * (shared/workbook-file.ts: .xlsx, .xls, .ods, .xlsb, exports under an Excel name, CSV; zips
 * inflated by zlib). ExcelJS loads only for writing an annotated copy.
 * Throws LedgerFileError (never anything else) when the file is missing or gives no workbook.
 * @example const { input } = await readXlsx('ledgers/rulin-town.xlsx'); checkWorkbooks([input])
 */
export async function readXlsx(path: string, name: string = path, options: ReadOptions = {}): Promise<LoadedWorkbook> {
  const bytes = options.bytes ?? readBytes(path, name);
  let file;
  try {
    // At most ~40 MB of grid (twice that held while reading): a stray cell far out (XFD1048576)
    // makes a used range of billions, and a value far right in every row pads each row to 16,385
    // cells; both are refused before they are held.
    file = await readWorkbookFile(bytes, name, { limits: LOCAL_GRID_LIMITS, maxBytes: options.maxBytes ?? XLSX_BYTE_BUDGET, inflate: zlibInflate, passwords: options.passwords });
  } catch (error) {
    if (!(error instanceof WorkbookFileError)) throw error;
    throw new LedgerFileError(name, PROBLEMS[error.problem], { cause: error, detail: error.detail });
  }
  const { input, format } = file;
  if (!options.forWriting) return { input };
  // ExcelJS opens only an .xlsx (an encrypted one's zip, decrypted: its copy is written
  // unencrypted); any other format's annotated copy is a new .xlsx made from what was read
  // (values, number formats, merges, hidden columns), and says so (grid-workbook.ts).
  if (format === 'xlsx') {
    const workbook = await loadWithExcelJs(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.length), name);
    return { input, workbook, ...(holdsKeptParts(zipEntries(file.bytes).keys()) ? { original: file.bytes } : {}) };
  }
  return { input, workbook: await workbookFromGrids(input), rebuilt: true };
}
