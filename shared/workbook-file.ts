import type { WorkbookInput } from './schema/grid.js';
import { DEFAULT_PASSWORD } from './office-crypto.js';
import { readMarkupGrids } from './markup/read-markup.js';
import { readOdsGrids } from './ods/read-ods.js';
import { readXlsGrids, XlsError } from './xls/workbook.js';
import { readXlsbGrids } from './xlsb/read-xlsb.js';
import { decryptedPackage } from './xlsx/encrypted-package.js';
import { holdsWorkbooks, isOtherArchive, otherSpreadsheet, sniffFileKind } from './xlsx/sniff.js';
import { GridLimitError, readWorkbookGrids } from './xlsx/workbook.js';
import { ZipError, zipEntries, type Inflate } from './xlsx/zip.js';

/** Which reader read a file: the CLI annotates an .xlsx in place and rebuilds any other as one. */
export type WorkbookFormat = 'xlsx' | 'xls' | 'markup' | 'ods' | 'xlsb';

/**
 * Why a file gave no workbook, one catalogue for the CLI (cli/errors.ts) and the upload
 * (worker/xlsx-grid.ts), which each say it in their own words: `empty` (0 bytes, or a CSV of
 * nothing), `not-workbook` (text, an image, a renamed .docx), `archive` (RAR or 7z),
 * `zip-of-ledgers`, `encrypted` (a password none given opens), `legacy-xls` (Excel 2.x–4.0),
 * `web-page` / `xml-spreadsheet` (an export without a table or worksheet), `damaged`,
 * `too-many-rows` / `too-many-cells` (past the grid limits), `too-large` (unpacks past the budget).
 */
export type WorkbookFileProblem =
  | 'empty' | 'not-workbook' | 'archive' | 'zip-of-ledgers' | 'encrypted' | 'legacy-xls' | 'web-page' | 'xml-spreadsheet'
  | 'damaged' | 'too-many-rows' | 'too-many-cells' | 'too-large';

/**
 * A file read as no workbook: `message` says what was found (English, for the API and logs),
 * `detail` the reader's words worth showing a person beside the problem (where a limit was passed,
 * what is damaged), `format` the reader that failed (none when the bytes were refused unread).
 */
export class WorkbookFileError extends Error {
  readonly detail?: string;

  constructor(
    readonly problem: WorkbookFileProblem,
    readonly format: WorkbookFormat | undefined,
    message: string,
    options: { detail?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.detail = options.detail;
  }
}

export interface WorkbookFileOptions {
  /** The most rows and cells every sheet together may hold (shared/grid-limits.ts, API_LIMITS). */
  limits: { rows: number; cells: number };
  /** The most bytes a zip's parts may unpack to. */
  maxBytes: number;
  inflate: Inflate;
  /** Passwords to try after Excel's default one (ledger-check --password; an upload gives none). */
  passwords?: readonly string[];
  /** Called on a zip before it is read, to refuse it by its directory alone (the Worker's guard: worker/zip-guard.ts); throws WorkbookFileError. */
  checkZip?: (zip: Uint8Array) => void;
}

/** A file read: its grids, which reader read them, and the bytes read (an encrypted .xlsx's zip, decrypted). */
export interface WorkbookFile {
  input: WorkbookInput;
  format: WorkbookFormat;
  bytes: Uint8Array;
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 120);
const XLS_PROBLEMS: Record<XlsError['kind'], WorkbookFileProblem> = { damaged: 'damaged', encrypted: 'encrypted', 'too-old': 'legacy-xls' };

/** What a reader's error means, whichever format it read; anything unnamed is damage (its first line kept). */
function problemOf(error: unknown, format: WorkbookFormat): WorkbookFileError {
  if (error instanceof WorkbookFileError) return error;
  const message = String((error as Error)?.message ?? error);
  if (error instanceof GridLimitError) return new WorkbookFileError(error.kind === 'rows' ? 'too-many-rows' : 'too-many-cells', format, message, { detail: error.where || undefined, cause: error });
  if (error instanceof ZipError && error.kind === 'too-large') return new WorkbookFileError('too-large', format, message, { detail: message, cause: error });
  if (error instanceof XlsError) return new WorkbookFileError(XLS_PROBLEMS[error.kind], format, message, { detail: error.kind === 'damaged' ? message : undefined, cause: error });
  return new WorkbookFileError('damaged', format, message, { detail: firstLine(error), cause: error });
}

async function attempt(format: WorkbookFormat, read: () => Promise<WorkbookInput | null>): Promise<WorkbookInput | null> {
  try {
    return await read();
  } catch (error) {
    throw problemOf(error, format);
  }
}

/**
 * Any file a unit hands in, read into grids by what its bytes hold, never by its name (shared/xlsx/sniff.ts):
 * an .xlsx or .xlsm, one Excel encrypted (opened with its default password or one of `passwords`),
 * an .xls (or .et), a web page, Excel 2003 XML or CSV exported under an Excel name, an .ods, an
 * .xlsb. The one dispatch the CLI and the upload share, so both read, and refuse, a file alike.
 * Throws WorkbookFileError only.
 * @example const { input } = await readWorkbookFile(bytes, '儒林镇.xlsx', { limits, maxBytes, inflate }); checkWorkbooks([input]);
 */
export async function readWorkbookFile(upload: Uint8Array, name: string, options: WorkbookFileOptions): Promise<WorkbookFile> {
  const { limits, maxBytes, inflate } = options;
  let bytes = upload;
  let kind = sniffFileKind(bytes);
  if (kind === 'empty') throw new WorkbookFileError('empty', undefined, 'the file is empty (0 bytes)');
  if (kind === 'encrypted-ooxml') {
    bytes = openEncrypted(bytes, options.passwords);
    kind = sniffFileKind(bytes);
    if (kind !== 'zip') throw new WorkbookFileError('not-workbook', 'xlsx', 'the encrypted package holds no workbook');
  }
  if (kind === 'other') {
    if (isOtherArchive(bytes)) throw new WorkbookFileError('archive', undefined, 'a RAR or 7z archive');
    throw new WorkbookFileError('not-workbook', undefined, 'neither a workbook nor a table (text, an image or a renamed file)');
  }
  if (kind === 'legacy-xls') {
    const input = await attempt('xls', () => readXlsGrids(bytes, name, { limits, passwords: options.passwords }));
    // An OLE2 file without a workbook stream: a Word or PowerPoint 97 file renamed.
    if (!input) throw new WorkbookFileError('not-workbook', 'xls', 'an Office file without a workbook');
    return { input, format: 'xls', bytes };
  }
  if (kind !== 'zip') {
    const markup = kind;
    const input = await attempt('markup', () => readMarkupGrids(bytes, name, markup, { limits }));
    if (!input) {
      if (markup === 'csv') throw new WorkbookFileError('empty', 'markup', 'a CSV file with nothing in it');
      throw new WorkbookFileError(markup, 'markup', markup === 'web-page' ? 'a web page without a table' : 'an Excel 2003 XML file without a worksheet');
    }
    return { input, format: 'markup', bytes };
  }
  options.checkZip?.(bytes);
  const input = await attempt('xlsx', () => readWorkbookGrids(bytes, name, { maxBytes, inflate, limits }));
  if (input) return { input, format: 'xlsx', bytes };
  // A zip without a workbook part: an .ods or .xlsb, a zip of ledgers, or no workbook (a renamed .docx).
  const names = new Set(zipEntries(bytes).keys());
  const other = otherSpreadsheet(names);
  if (!other) {
    if (holdsWorkbooks(names)) throw new WorkbookFileError('zip-of-ledgers', 'xlsx', 'a zip of workbooks');
    throw new WorkbookFileError('not-workbook', 'xlsx', 'the archive holds no worksheet (it is not an Excel workbook)');
  }
  const read = other === 'ods' ? readOdsGrids : readXlsbGrids;
  const found = await attempt(other, () => read(bytes, name, { maxBytes, inflate, limits }));
  if (!found) throw new WorkbookFileError('not-workbook', other, other === 'ods' ? 'an OpenDocument file without a spreadsheet' : 'an Excel binary file without a workbook');
  return { input: found, format: other, bytes };
}

/** The zip inside an encrypted .xlsx (shared/xlsx/encrypted-package.ts), by Excel's default password or one given. */
function openEncrypted(bytes: Uint8Array, passwords: readonly string[] = []): Uint8Array {
  let zip: Uint8Array | null;
  try {
    zip = decryptedPackage(bytes, [DEFAULT_PASSWORD, ...passwords]);
  } catch (error) {
    throw problemOf(error, 'xlsx');
  }
  if (!zip) throw new WorkbookFileError('encrypted', 'xlsx', 'an encrypted workbook');
  return zip;
}
