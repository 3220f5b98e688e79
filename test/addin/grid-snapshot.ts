// A generated ledger grid as a workbook the simulated Excel opens (for size and budget runs).
import { columnLetter, isDateFormat, type Grid } from '../../shared/index.js';
import type { WorkbookSnapshot } from '../../excel-sim/host/snapshot.js';

export function gridToSnapshot(grid: Grid): WorkbookSnapshot {
  const cells: Record<string, { value?: string | number | boolean; numberFormat?: string }> = {};
  grid.values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === null || v === '') return;
      const format = grid.formats?.[r]?.[c];
      cells[`${columnLetter((grid.left ?? 1) + c)}${(grid.top ?? 1) + r}`] = format && isDateFormat(format) ? { value: v, numberFormat: format } : { value: v };
    }),
  );
  return { sheets: [{ name: grid.sheet, cells }], activeSheet: grid.sheet } as WorkbookSnapshot;
}
