import type { Grid } from '../../shared/index.js';
import { columnLetter } from '../../shared/columns.js';
import { LOCAL_GRID_LIMITS } from '../../shared/grid-limits.js';
import { assembleGrid, chunkPlan, parseAreas, rowsPerChunk, SAMPLE_ROWS, wireBytes, type LoadedBlock } from './chunks.js';
import { queueDateShift } from './date-system.js';
import { CheckRefused } from './refusal.js';
import { queueStateDetails, queueStateLoad, type ExistingState } from './state.js';

/**
 * The widest used range read: 512 columns (SR; ledgers use 10–30, and their check columns go to
 * their right). The first round trip samples the top rows before the used range's size is known,
 * so it samples these columns only, 200 × 512 cells, under 2 MB even as empty cells with
 * General formats: a stray value in XFD made it ask for 200 × 16,384 cells, and Excel refused the
 * answer as too large (ResponsePayloadSizeLimitExceeded), a message no clerk can act on.
 */
export const MAX_COLUMNS = 512;

export interface SheetRead {
  sheet: Excel.Worksheet;
  grid: Grid;
  /** The used range's last column (1-based): new enrichment columns go to its right. */
  usedRight: number;
  state: ExistingState;
  /** Round trips this read took. */
  syncs: number;
  /** False on Excel before ExcelApi 1.13, which cannot tell add-ins where merged cells are. */
  mergesRead: boolean;
  /**
   * Days `grid`'s dates were moved up from what Excel keeps (1,462 in a 1904 workbook, else 0):
   * the grid is the core's; what is written back into a cell goes back by as many (date-system.ts).
   */
  dateShift: number;
}

/**
 * Reads the active sheet into the core's grid in a few round trips: one for the shape, a sample
 * of rows, merges, hidden columns, tables and what an earlier check left; then one per ≤ 4 MB
 * chunk of the remaining rows (a 10,000-row ledger takes two or three).
 */
export async function readActiveSheet(context: Excel.RequestContext): Promise<SheetRead> {
  const sheet = context.workbook.worksheets.getActiveWorksheet();
  sheet.load('name');
  const used = sheet.getUsedRange(true);
  used.load(['rowIndex', 'columnIndex', 'rowCount', 'columnCount']);
  const head = used.getIntersectionOrNullObject(sheet.getRange(`A1:${columnLetter(MAX_COLUMNS)}${SAMPLE_ROWS}`));
  head.load(['rowCount', 'values', 'text', 'numberFormat']);
  const hidden = used.getColumnProperties({ columnHidden: true, columnIndex: true });
  // Merged areas need ExcelApi 1.13; on older Excel a ledger reads as if nothing were merged.
  const merged = Office.context.requirements.isSetSupported('ExcelApi', '1.13') ? used.getMergedAreasOrNullObject() : null;
  merged?.load('address');
  sheet.tables.load('items/name');
  const dateShift = queueDateShift(context);
  const phase1 = queueStateLoad(context, sheet, used);
  await context.sync();
  let syncs = 1;
  // A stray cell far out: say where, before reading millions of empty cells (or failing to).
  if (used.columnIndex + used.columnCount > MAX_COLUMNS || used.rowCount * used.columnCount > LOCAL_GRID_LIMITS.cells) {
    throw new CheckRefused('too-large', sheet.name, extentOf(used.rowIndex + 1, used.columnIndex + 1, used.rowCount, used.columnCount));
  }

  const blocks: LoadedBlock[] = [];
  let sampled = 0;
  if (!head.isNullObject) {
    blocks.push({ values: head.values, text: head.text, numberFormat: head.numberFormat });
    sampled = head.rowCount;
  }
  // A used range that starts below the sample rows reads from its own first row.
  const perChunk = rowsPerChunk(Math.max(1, sampled), sampled ? wireBytes(blocks[0]) : 2_000 * used.columnCount);
  const plan = chunkPlan(used.rowCount, sampled, perChunk);

  // Queued with the first chunk (or alone): table ranges, rule formulas and note places.
  const tableRanges = sheet.tables.items.map((t) => {
    const r = t.getRange();
    r.load('address');
    return { name: t.name, range: r };
  });
  const finishState = queueStateDetails(context, phase1);
  if (plan.length === 0) {
    await context.sync();
    syncs++;
  }
  // One round trip per chunk: Excel on the web's 5 MB payload limit, not the row count, decides
  // how many there are (bytes / 4 MB: two or three for a 10,000-row ledger).
  for (const c of plan) {
    const r = sheet.getRangeByIndexes(used.rowIndex + c.start, used.columnIndex, c.count, used.columnCount);
    r.load(['values', 'text', 'numberFormat']);
    // eslint-disable-next-line office-addins/no-context-sync-in-loop
    await context.sync();
    syncs++;
    blocks.push({ values: r.values, text: r.text, numberFormat: r.numberFormat });
  }

  const merges = merged && !merged.isNullObject ? parseAreas(merged.address) : [];
  const hiddenColumns = hidden.value.filter((p) => p.columnHidden).map((p) => (p.columnIndex ?? 0) + 1);
  const tables = tableRanges.map((t) => ({ name: t.name, ref: t.range.address.split('!').pop() ?? '' }));
  const top = used.rowIndex + 1;
  const left = used.columnIndex + 1;
  const shift = dateShift();
  const grid = assembleGrid(sheet.name, top, left, blocks, merges, hiddenColumns, tables, shift);
  return { sheet, grid, usedRight: left + used.columnCount - 1, state: finishState(), syncs, mergesRead: merged !== null, dateShift: shift };
}

/** A range for the clerk, in A1 form from its corners (Excel writes a whole sheet's as 1:1048576). */
function extentOf(top: number, left: number, rows: number, columns: number): NonNullable<CheckRefused['extent']> {
  return { range: `${columnLetter(left)}${top}:${columnLetter(left + columns - 1)}${top + rows - 1}`, rows, columns };
}

/** The used range a refused check names: where Ctrl+End takes the clerk. */
export function usedExtent(read: SheetRead): NonNullable<CheckRefused['extent']> {
  const top = read.grid.top ?? 1;
  const left = read.grid.left ?? 1;
  return extentOf(top, left, Math.max(1, read.grid.values.length), read.usedRight - left + 1);
}
