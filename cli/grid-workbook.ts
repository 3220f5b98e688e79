import type ExcelJS from 'exceljs';
import type { WorkbookInput } from '../shared/index.js';
import { createRequire } from './cjs-require.js';

/**
 * A new ExcelJS workbook holding what was read from a workbook ExcelJS cannot open (an .xls):
 * each sheet's values, number formats, merged areas and hidden columns, at the cells they came
 * from, so an annotated copy's notes and enrichment columns land where the report says. The
 * original's fonts, fills, borders and widths are not read, so not written.
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
    for (const c of grid.hiddenColumns ?? []) ws.getColumn(c).hidden = true;
  }
  return workbook;
}
