import { read, utils, type CellObject, type WorkSheet } from '@e965/xlsx';
import type { CellValue, Grid, WorkbookInput } from '../shared/index.js';
import { API_LIMITS } from '../shared/schema/api.js';
import { guardZip, ZipGuardError } from './zip-guard.js';

/** Limits on what an uploaded workbook may hold (uploads are untrusted); cells as for JSON. */
export const XLSX_LIMITS = {
  /** SheetJS reads no row past this (sheetRows), so a long sheet costs no memory before it is refused. */
  rows: API_LIMITS.rowsPerSubmission,
  cells: API_LIMITS.cellsPerSubmission,
} as const;

/**
 * Why a workbook could not be read: `unreadable` → 400; `too-large` (cells) and `too-many-rows`
 * → 413 (`zip-bomb` when it inflates too far).
 */
export class XlsxError extends Error {
  constructor(readonly kind: 'unreadable' | 'too-large' | 'too-many-rows' | 'zip-bomb', message: string) {
    super(message);
  }
}

/**
 * Parses an .xlsx with SheetJS (@e965/xlsx) into the core's grid model, every sheet in tab
 * order. Runs in the Worker and in Node. (ExcelJS hangs workerd, so it is never used here.)
 * Dates stay Excel serials with their number format, as the grid model expects.
 * @example const wb = xlsxToWorkbook(bytes, '儒林镇.xlsx'); checkWorkbooks([wb]);
 */
export function xlsxToWorkbook(bytes: Uint8Array, file: string): WorkbookInput {
  // SheetJS sees only an archive that inflated within the budget and holds few enough cells.
  let zip;
  try {
    zip = guardZip(bytes);
  } catch (err) {
    if (!(err instanceof ZipGuardError)) throw err;
    throw new XlsxError(err.kind === 'too-large' ? 'zip-bomb' : 'unreadable', err.message);
  }
  if (zip.cells > XLSX_LIMITS.cells) throw new XlsxError('too-large', `the workbook has ${zip.cells} cells (at most ${XLSX_LIMITS.cells})`);
  let workbook;
  try {
    workbook = read(bytes, { type: 'array', dense: true, cellDates: false, cellNF: true, cellText: true, sheetRows: XLSX_LIMITS.rows + 1 });
  } catch (err) {
    // SheetJS's own words stay in the log: they describe its internals, not the person's file.
    console.error('xlsx read failed', err);
    throw new XlsxError('unreadable', 'the workbook could not be read (it may be damaged, encrypted or not an Excel workbook)');
  }
  let cells = 0;
  let rows = 0;
  const sheets = workbook.SheetNames.map((name) => {
    const sheet = workbook.Sheets[name];
    const grid = sheet ? sheetToGrid(sheet, name, file) : { sheet: name, values: [] };
    rows += grid.values.length;
    if (rows > XLSX_LIMITS.rows) throw new XlsxError('too-many-rows', `the workbook has more than ${XLSX_LIMITS.rows} rows`);
    cells += grid.values.reduce((n, row) => n + row.length, 0);
    if (cells > XLSX_LIMITS.cells) throw new XlsxError('too-large', `the workbook has more than ${XLSX_LIMITS.cells} cells`);
    return grid;
  });
  return { file, sheets };
}

function sheetToGrid(sheet: WorkSheet, name: string, file: string): Grid {
  const rows = (sheet['!data'] ?? []) as (CellObject | undefined)[][];
  const ref = sheet['!ref'];
  if (!ref) return { file, sheet: name, values: [] };
  const range = utils.decode_range(ref);
  // Trim to the cells that hold something: a used range often runs far past the data.
  let bottom = range.s.r - 1;
  let right = range.s.c - 1;
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row = rows[r];
    if (!row) continue;
    for (let c = range.s.c; c <= Math.min(range.e.c, row.length - 1); c++) {
      if (row[c] && row[c]!.t !== 'z') {
        bottom = Math.max(bottom, r);
        right = Math.max(right, c);
      }
    }
  }
  const values: CellValue[][] = [];
  const text: (string | null)[][] = [];
  const formats: (string | null)[][] = [];
  for (let r = range.s.r; r <= bottom; r++) {
    const row = rows[r] ?? [];
    const v: CellValue[] = [];
    const t: (string | null)[] = [];
    const f: (string | null)[] = [];
    for (let c = range.s.c; c <= right; c++) {
      const cell = row[c];
      v.push(cellValue(cell));
      t.push(cell?.w ?? null);
      f.push(cell?.t === 'n' && typeof cell.z === 'string' && cell.z !== 'General' ? cell.z : null);
    }
    values.push(v);
    text.push(t);
    formats.push(f);
  }
  const merges = (sheet['!merges'] ?? []).map((m) => ({ top: m.s.r + 1, left: m.s.c + 1, bottom: m.e.r + 1, right: m.e.c + 1 }));
  const hiddenColumns = (sheet['!cols'] ?? []).flatMap((col, i) => (col?.hidden ? [i + 1] : []));
  return { file, sheet: name, top: range.s.r + 1, left: range.s.c + 1, values, text, formats, merges, hiddenColumns };
}

function cellValue(cell: CellObject | undefined): CellValue {
  if (!cell) return null;
  switch (cell.t) {
    case 'n':
    case 's':
    case 'b':
      return cell.v as CellValue;
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v);
    case 'e':
      return cell.w ?? null;
    default:
      return null;
  }
}
