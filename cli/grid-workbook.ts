import type ExcelJS from 'exceljs';
import type { Grid, WorkbookInput } from '../shared/index.js';
import { displayWidth } from '../shared/enrichment.js';
import { createRequire } from './cjs-require.js';

/**
 * A new ExcelJS workbook holding what was read from a workbook ExcelJS cannot open (an .xls):
 * each sheet's values, number formats, merged areas and hidden columns, at the cells they came
 * from, so an annotated copy's notes and enrichment columns land where the report says. The
 * original's fonts, fills, borders and widths are not read, so not written; columns are as wide
 * as what they hold.
 * @example const copy = await workbookFromGrids(input); annotateWorkbook(copy, input, report)
 */
export async function workbookFromGrids(input: WorkbookInput): Promise<ExcelJS.Workbook> {
  // Required here, not imported, as cli/exceljs-grid.ts does: only --out needs ExcelJS.
  const { Workbook } = createRequire(import.meta.url)('exceljs') as typeof ExcelJS;
  const workbook = new Workbook();
  for (const grid of input.sheets) {
    const ws = workbook.addWorksheet(grid.sheet);
    const top = grid.top ?? 1;
    const left = grid.left ?? 1;
    grid.values.forEach((row, r) => {
      row.forEach((value, c) => {
        const format = grid.formats?.[r]?.[c];
        if (value === null && !format) return;
        const cell = ws.getCell(top + r, left + c);
        if (value !== null) cell.value = value;
        if (format) cell.numFmt = format;
      });
    });
    for (const m of grid.merges ?? []) ws.mergeCells(m.top, m.left, m.bottom, m.right);
    fitColumns(ws, grid, left);
    for (const c of grid.hiddenColumns ?? []) ws.getColumn(c).hidden = true;
  }
  return workbook;
}

/** Widths a column may take: Excel's default, and no wider than a screen's third. */
const MIN_WIDTH = 8.43;
const MAX_WIDTH = 50;

/**
 * Column widths from what the cells hold (the original's widths are not read): the longest line
 * of a column's cells in the table's rows, outside merged areas, a CJK character counted as two,
 * within MIN..MAX; a column whose cells are longer wraps. Without this every column was 8.43 wide, and a ledger's
 * descriptions read as one clipped line each.
 */
function fitColumns(ws: ExcelJS.Worksheet, grid: Grid, left: number): void {
  const merged = new Set<string>();
  for (const m of grid.merges ?? []) for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) merged.add(`${r}:${c}`);
  const top = grid.top ?? 1;
  const widths: number[] = [];
  grid.values.forEach((row, r) => {
    // A title, a 填报单位 line or a footer alone in its row spills over its empty neighbours in
    // Excel: only the table's rows (three values or more) set widths.
    if (row.filter((v) => v !== null).length < 3) return;
    row.forEach((value, c) => {
      if (value === null || merged.has(`${top + r}:${left + c}`)) return;
      const text = grid.text?.[r]?.[c] ?? String(value);
      const width = Math.max(...text.split('\n').map(displayWidth));
      widths[c] = Math.max(widths[c] ?? 0, width);
    });
  });
  widths.forEach((width, c) => {
    const column = ws.getColumn(left + c);
    column.width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width + 2));
    if (width + 2 > MAX_WIDTH) column.alignment = { wrapText: true, vertical: 'top' };
  });
}
