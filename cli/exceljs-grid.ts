import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import type { Grid, Merge, WorkbookInput } from '../shared/index.js';
import { loadNumberFormats } from '../shared/xlsx/display-text.js';
import { readCell, type CellReading } from './cell-value.js';
import { LedgerFileError } from './errors.js';
import { useChineseBuiltinFormats } from './exceljs-compat.js';

/**
 * Loads an .xlsx with ExcelJS: the workbook an annotated copy (--out) is written from, and the
 * reference the streaming reader (shared/xlsx/) is compared against in the tests.
 * Throws LedgerFileError when ExcelJS cannot read it.
 */
export async function loadWithExcelJs(bytes: Buffer, name: string): Promise<ExcelJS.Workbook> {
  // Required here, not imported: loading ExcelJS takes most of a second, and only --out needs it.
  const { Workbook } = createRequire(import.meta.url)('exceljs') as typeof ExcelJS;
  useChineseBuiltinFormats();
  await loadNumberFormats(); // worksheetToGrid formats any number
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    const detail = String((error as Error)?.message ?? error).split('\n')[0]?.slice(0, 120);
    throw new LedgerFileError(name, 'corrupt', { cause: error, detail });
  }
  if (workbook.worksheets.length === 0) throw new LedgerFileError(name, 'not-xlsx');
  return workbook;
}

/** Every sheet of an ExcelJS workbook as grids, in tab order (the reference reading). */
export function excelJsGrids(workbook: ExcelJS.Workbook, name: string): WorkbookInput {
  return { file: name, sheets: workbook.worksheets.map((ws) => worksheetToGrid(ws, name)) };
}

interface Placed extends CellReading {
  row: number;
  col: number;
}

/**
 * One worksheet as a Grid over its used range (cells with values, and merged areas).
 * Non-anchor cells of a merge are null, as Excel reports them; ExcelJS repeats the anchor's value.
 * @example worksheetToGrid(workbook.getWorksheet('整改台账')!, 'scj.xlsx').merges // [{ top: 1, left: 1, bottom: 1, right: 17 }, …]
 */
export function worksheetToGrid(ws: ExcelJS.Worksheet, file: string): Grid {
  const cells: Placed[] = [];
  const merges = new Map<string, Merge>();
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const master = cell.master;
      if (master.address !== cell.address) {
        const m = merges.get(master.address) ?? { top: Number(master.row), left: Number(master.col), bottom: Number(master.row), right: Number(master.col) };
        m.bottom = Math.max(m.bottom, rowNumber);
        m.right = Math.max(m.right, colNumber);
        merges.set(master.address, m);
        return;
      }
      const reading = readCell(cell);
      if (reading.value !== null) cells.push({ row: rowNumber, col: colNumber, ...reading });
    });
  });
  const mergeList = [...merges.values()];
  const bounds = usedBounds(cells, mergeList);
  const height = bounds.bottom - bounds.top + 1;
  const width = bounds.right - bounds.left + 1;
  const blank = <T>(): (T | null)[][] => Array.from({ length: height }, () => new Array<T | null>(width).fill(null));
  const values = blank<string | number | boolean>();
  const text = blank<string>();
  const formats = blank<string>();
  for (const c of cells) {
    const r = c.row - bounds.top;
    const k = c.col - bounds.left;
    values[r]![k] = c.value;
    text[r]![k] = c.text;
    formats[r]![k] = c.format;
  }
  return {
    file,
    sheet: ws.name,
    top: bounds.top,
    left: bounds.left,
    values,
    text,
    formats,
    merges: mergeList,
    hiddenColumns: hiddenColumnsOf(ws),
    tables: tablesOf(ws),
  };
}

function usedBounds(cells: Placed[], merges: Merge[]): Merge {
  if (cells.length === 0 && merges.length === 0) return { top: 1, left: 1, bottom: 0, right: 0 };
  const b = { top: Infinity, left: Infinity, bottom: 0, right: 0 };
  for (const c of cells) {
    b.top = Math.min(b.top, c.row);
    b.left = Math.min(b.left, c.col);
    b.bottom = Math.max(b.bottom, c.row);
    b.right = Math.max(b.right, c.col);
  }
  for (const m of merges) {
    b.top = Math.min(b.top, m.top);
    b.left = Math.min(b.left, m.left);
    b.bottom = Math.max(b.bottom, m.bottom);
    b.right = Math.max(b.right, m.right);
  }
  return b;
}

function hiddenColumnsOf(ws: ExcelJS.Worksheet): number[] {
  const hidden: number[] = [];
  (ws.columns ?? []).forEach((column, i) => {
    if (column?.hidden) hidden.push(i + 1);
  });
  return hidden;
}

// ExcelJS types getTables() wrongly; at run time it returns Table objects whose `table` holds the model.
interface TableLike {
  name?: string;
  table?: { name?: string; tableRef?: string; ref?: string };
}

function tablesOf(ws: ExcelJS.Worksheet): { name: string; ref: string }[] {
  const tables = ws.getTables() as unknown as TableLike[];
  return tables.flatMap((t) => {
    const name = t.table?.name ?? t.name;
    const ref = t.table?.tableRef ?? t.table?.ref;
    return name && ref ? [{ name, ref }] : [];
  });
}
