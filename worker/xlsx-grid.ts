import type { WorkbookInput } from '../shared/index.js';
import { API_LIMITS } from '../shared/schema/api.js';
import { holdsWorkbooks, isOtherArchive, otherSpreadsheet, sniffFileKind } from '../shared/xlsx/sniff.js';
import { readXlsGrids, XlsError } from '../shared/xls/workbook.js';
import { decryptedPackage } from '../shared/xlsx/encrypted-package.js';
import { readOdsGrids } from '../shared/ods/read-ods.js';
import { readXlsbGrids } from '../shared/xlsb/read-xlsb.js';
import { DEFAULT_PASSWORD } from '../shared/office-crypto.js';
import { readMarkupGrids, type MarkupKind } from '../shared/markup/read-markup.js';
import { GridLimitError, readWorkbookGrids } from '../shared/xlsx/workbook.js';
import { ZipError, zipEntries } from '../shared/xlsx/zip.js';
import { streamInflate } from './stream-inflate.js';
import { guardZip, ZIP_LIMITS, ZipGuardError } from './zip-guard.js';

/** Limits on what an uploaded workbook may hold (uploads are untrusted); cells as for JSON. */
export const XLSX_LIMITS = {
  /** Counted over each sheet's used range, and refused before the sheet's grid is allocated. */
  rows: API_LIMITS.rowsPerSubmission,
  cells: API_LIMITS.cellsPerSubmission,
} as const;

/**
 * Why a workbook could not be read: `unreadable`, `legacy-xls` (Excel 4.0 and older), `encrypted`, `web-page`, `xml-spreadsheet`, `archive` (a zip of workbooks, a RAR or 7z) → 400; `too-large`
 * (cells) and `too-many-rows` → 413 (`zip-bomb` when it inflates too far).
 */
export class XlsxError extends Error {
  constructor(readonly kind: 'unreadable' | 'legacy-xls' | 'encrypted' | 'web-page' | 'xml-spreadsheet' | 'archive' | 'too-large' | 'too-many-rows' | 'zip-bomb', message: string) {
    super(message);
  }
}

const XLS_ERRORS: Record<XlsError['kind'], XlsxError['kind']> = { damaged: 'unreadable', encrypted: 'encrypted', 'too-old': 'legacy-xls' };

/**
 * What a reader's error means for the upload, whichever format it read: past the grid limits
 * (413), past the unpacking budget (a zip bomb), an .xls's own kinds; anything else is
 * `unreadable` with `message`, the reader's own words kept in the log (they describe the file's
 * parts, not what to do).
 */
function readingError(err: unknown, format: string, message: string): XlsxError {
  if (err instanceof GridLimitError) return new XlsxError(err.kind === 'rows' ? 'too-many-rows' : 'too-large', err.message);
  if (err instanceof ZipError && err.kind === 'too-large') return new XlsxError('zip-bomb', err.message);
  if (err instanceof XlsError) return new XlsxError(XLS_ERRORS[err.kind], err.message);
  console.error(`${format} read failed`, err);
  return new XlsxError('unreadable', message);
}

/**
 * An Excel 97–2003 upload (shared/xls/), read as ledger-check reads it. Its streams are held
 * whole (a BIFF8 file is not compressed: the upload's 10 MB bound it), within the same limits.
 */
async function xlsToWorkbook(bytes: Uint8Array, file: string): Promise<WorkbookInput> {
  let workbook: WorkbookInput | null;
  try {
    workbook = await readXlsGrids(bytes, file, { limits: XLSX_LIMITS });
  } catch (err) {
    throw readingError(err, 'xls', 'the workbook could not be read (it may be damaged)');
  }
  if (!workbook) throw new XlsxError('unreadable', 'the file holds no workbook (it is not an Excel workbook)');
  return workbook;
}

/**
 * A web page's tables or an Excel 2003 XML spreadsheet, as systems export them under an .xls name,
 * or a CSV (shared/markup/), read as ledger-check reads them; one without a table or worksheet
 * is refused as what it is.
 */
async function markupToWorkbook(bytes: Uint8Array, file: string, kind: MarkupKind): Promise<WorkbookInput> {
  let workbook: WorkbookInput | null;
  try {
    workbook = await readMarkupGrids(bytes, file, kind, { limits: XLSX_LIMITS });
  } catch (err) {
    throw readingError(err, 'markup', 'the file could not be read (its XML is damaged)');
  }
  if (!workbook) throw kind === 'csv' ? new XlsxError('unreadable', 'a CSV file with nothing in it') : new XlsxError(kind, kind === 'web-page' ? 'a web page without a table' : 'an Excel 2003 XML file without a worksheet');
  return workbook;
}

/** An OpenDocument spreadsheet (shared/ods/) or an Excel binary workbook (shared/xlsb/), read from the zip the guard has measured, as the CLI reads it. */
async function otherZipToWorkbook(bytes: Uint8Array, file: string, kind: 'ods' | 'xlsb'): Promise<WorkbookInput> {
  let workbook: WorkbookInput | null;
  try {
    const read = kind === 'ods' ? readOdsGrids : readXlsbGrids;
    workbook = await read(bytes, file, { maxBytes: ZIP_LIMITS.inflatedBytes, inflate: streamInflate, limits: XLSX_LIMITS });
  } catch (err) {
    throw readingError(err, kind, `the ${kind === 'ods' ? 'OpenDocument spreadsheet' : 'binary workbook'} could not be read`);
  }
  if (!workbook) throw new XlsxError('unreadable', `an ${kind === 'ods' ? 'OpenDocument file without a spreadsheet' : 'Excel binary file without a workbook'}`);
  return workbook;
}

/** The zip inside an encrypted .xlsx Excel's default password opens (shared/xlsx/encrypted-package.ts). */
function openEncrypted(bytes: Uint8Array): Uint8Array {
  let zip: Uint8Array | null;
  try {
    zip = decryptedPackage(bytes, [DEFAULT_PASSWORD]);
  } catch (err) {
    if (err instanceof XlsError) throw new XlsxError(XLS_ERRORS[err.kind], err.message);
    throw err;
  }
  if (!zip) throw new XlsxError('encrypted', 'an encrypted workbook');
  return zip;
}

/**
 * Reads an uploaded .xlsx (or .xls, a web page, Excel 2003 XML or a CSV, above) into the core's grid model, every sheet in tab order, with the reader
 * ledger-check uses (shared/xlsx/), inflated by the runtime's DecompressionStream: an upload is
 * read exactly as the CLI reads the same file (test/worker/upload-grids.test.ts). SheetJS read
 * uploads before: it dropped hidden columns and Excel tables, and held 85–100 MB for 10,000 rows.
 * @example const wb = await xlsxToWorkbook(bytes, '儒林镇.xlsx'); checkWorkbooks([wb]);
 */
export async function xlsxToWorkbook(upload: Uint8Array, file: string): Promise<WorkbookInput> {
  // A password-protected file (an OLE2 container, as an .xls is) is told apart from a damaged
  // one, so the person is told what to do (remove the password), as the CLI does; one Excel
  // encrypted with its default password is opened, as Excel opens it (the CLI's --password has
  // no counterpart here: the unit sends its workbook without one).
  let bytes = upload;
  let kind = sniffFileKind(bytes);
  if (kind === 'legacy-xls') return xlsToWorkbook(bytes, file);
  if (kind === 'encrypted-ooxml') {
    bytes = openEncrypted(bytes);
    kind = sniffFileKind(bytes);
    if (kind !== 'zip') throw new XlsxError('unreadable', 'the encrypted package holds no workbook');
  }
  if (kind === 'web-page' || kind === 'xml-spreadsheet' || kind === 'csv') return markupToWorkbook(bytes, file, kind);
  if (isOtherArchive(bytes)) throw new XlsxError('archive', 'a RAR or 7z archive');
  // The reader sees only an archive that inflated within the budget; it counts the cells itself.
  try {
    guardZip(bytes);
  } catch (err) {
    if (!(err instanceof ZipGuardError)) throw err;
    throw new XlsxError(err.kind === 'too-large' ? 'zip-bomb' : 'unreadable', err.message);
  }
  let workbook: WorkbookInput | null;
  try {
    workbook = await readWorkbookGrids(bytes, file, { maxBytes: ZIP_LIMITS.inflatedBytes, inflate: streamInflate, limits: XLSX_LIMITS });
  } catch (err) {
    throw readingError(err, 'xlsx', 'the workbook could not be read (it may be damaged, encrypted or not an Excel workbook)');
  }
  if (!workbook) {
    const names = new Set(zipEntries(bytes).keys());
    const other = otherSpreadsheet(names);
    if (other) return otherZipToWorkbook(bytes, file, other);
    if (holdsWorkbooks(names)) throw new XlsxError('archive', 'a zip of workbooks');
    throw new XlsxError('unreadable', 'the archive holds no worksheet (it is not an Excel workbook)');
  }
  return workbook;
}
