import type { WorkbookInput } from '../shared/index.js';
import { API_LIMITS } from '../shared/schema/api.js';
import { readWorkbookFile, WorkbookFileError, type WorkbookFileProblem, type WorkbookFormat } from '../shared/workbook-file.js';
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

/** What the upload answers for each problem (shared/workbook-file.ts); routes/uploads.ts gives each its API code. */
const UPLOAD_PROBLEMS: Record<WorkbookFileProblem, XlsxError['kind']> = {
  empty: 'unreadable', 'not-workbook': 'unreadable', damaged: 'unreadable', archive: 'archive', 'zip-of-ledgers': 'archive', encrypted: 'encrypted',
  'legacy-xls': 'legacy-xls', 'web-page': 'web-page', 'xml-spreadsheet': 'xml-spreadsheet', 'too-many-rows': 'too-many-rows', 'too-many-cells': 'too-large', 'too-large': 'zip-bomb',
};

/** Damage in the person's terms: the reader's own words describe the file's parts, not what to do, and go to the log. */
const DAMAGED: Record<WorkbookFormat, string> = {
  xlsx: 'the workbook could not be read (it may be damaged, encrypted or not an Excel workbook)',
  xls: 'the workbook could not be read (it may be damaged)',
  markup: 'the file could not be read (its XML is damaged)',
  ods: 'the OpenDocument spreadsheet could not be read',
  xlsb: 'the binary workbook could not be read',
};

/** The guard on an upload's zip (worker/zip-guard.ts), before the reader inflates anything. */
function checkZip(zip: Uint8Array): void {
  try {
    guardZip(zip);
  } catch (err) {
    if (!(err instanceof ZipGuardError)) throw err;
    throw new WorkbookFileError(err.kind === 'too-large' ? 'too-large' : 'damaged', 'xlsx', err.message, { cause: err });
  }
}

/**
 * Reads an uploaded workbook into the core's grid model, every sheet in tab order, with the
 * dispatch and readers ledger-check uses (shared/workbook-file.ts), zips measured by the guard
 * first and inflated by the runtime's DecompressionStream: an upload is read exactly as the CLI
 * reads the same file (test/worker/upload-grids.test.ts). A password-protected file is told apart
 * from a damaged one, so the person is told what to do; one Excel encrypted with its default
 * password is opened, as Excel opens it (the CLI's --password has no counterpart here: the unit
 * sends its workbook without one). SheetJS read uploads before: it dropped hidden columns and
 * Excel tables, and held 85–100 MB for 10,000 rows.
 * @example const wb = await xlsxToWorkbook(bytes, '儒林镇.xlsx'); checkWorkbooks([wb]);
 */
export async function xlsxToWorkbook(upload: Uint8Array, file: string): Promise<WorkbookInput> {
  try {
    // The reader sees only an archive that inflates within the budget; it counts the cells itself.
    return (await readWorkbookFile(upload, file, { limits: XLSX_LIMITS, maxBytes: ZIP_LIMITS.inflatedBytes, inflate: streamInflate, checkZip })).input;
  } catch (err) {
    if (!(err instanceof WorkbookFileError)) throw err;
    if (err.problem !== 'damaged') throw new XlsxError(UPLOAD_PROBLEMS[err.problem], err.message);
    console.error(`${err.format ?? 'upload'} read failed`, err.cause ?? err);
    throw new XlsxError('unreadable', err.format && !(err.cause instanceof ZipGuardError) ? DAMAGED[err.format] : err.message);
  }
}
