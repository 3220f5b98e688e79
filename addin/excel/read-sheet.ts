import type { Grid } from '../../shared/index.js';
import { assembleGrid, chunkPlan, parseAreas, rowsPerChunk, SAMPLE_ROWS, wireBytes, type LoadedBlock } from './chunks.js';
import { queueStateDetails, queueStateLoad, type ExistingState } from './state.js';

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
  const head = used.getIntersectionOrNullObject(sheet.getRange(`1:${SAMPLE_ROWS}`));
  head.load(['rowCount', 'values', 'text', 'numberFormat']);
  const hidden = used.getColumnProperties({ columnHidden: true, columnIndex: true });
  // Merged areas need ExcelApi 1.13; on older Excel a ledger reads as if nothing were merged.
  const merged = Office.context.requirements.isSetSupported('ExcelApi', '1.13') ? used.getMergedAreasOrNullObject() : null;
  merged?.load('address');
  sheet.tables.load('items/name');
  const phase1 = queueStateLoad(context, sheet, used);
  await context.sync();
  let syncs = 1;

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
  const grid = assembleGrid(sheet.name, top, left, blocks, merges, hiddenColumns, tables);
  return { sheet, grid, usedRight: left + used.columnCount - 1, state: finishState(), syncs, mergesRead: merged !== null };
}
