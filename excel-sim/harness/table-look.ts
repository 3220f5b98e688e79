// Excel tables (ListObjects) drawn with their table style, which the host's CellView does not
// include: the header row in the style's accent colour with white bold text, body rows banded in
// a light tint of it. An approximation of Excel's built-in styles by their colour family; a
// cell's own fill and conditional formats still win, as in Excel.
import type { CellView } from '../host/cell-view.js';
import type { SheetModel } from '../host/sheet.js';
import type { WorkbookModel } from '../host/workbook.js';

/** Office theme accents in the order Excel's table styles cycle through them (none = grey). */
const ACCENTS = ['#808080', '#4472C4', '#ED7D31', '#A5A5A5', '#FFC000', '#5B9BD5', '#70AD47'];

function tint(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (v: number) => Math.round(v + (255 - v) * amount);
  return `#${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => mix(v).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
}

/**
 * The view of a cell with its table's style applied where nothing of higher priority colours it.
 * @example withTableLook(wb, sheet, 0, 0, view).displayFill // '#4472C4' on a TableStyleMedium2 header
 */
export function withTableLook(wb: WorkbookModel, sheet: SheetModel, row: number, col: number, view: CellView): CellView {
  const table = wb.tables.find((t) => t.sheet === sheet && !t.deleted && row >= t.rect.r0 && row <= t.rect.r1 && col >= t.rect.c0 && col <= t.rect.c1);
  if (!table || view.displayFill !== undefined) return view;
  const m = /^TableStyle(Light|Medium|Dark)(\d+)$/.exec(table.style);
  const family = m?.[1] ?? 'Medium';
  const accent = ACCENTS[(Number(m?.[2] ?? 2) - 1) % 7] ?? ACCENTS[1]!;
  const isHeader = table.showHeaders && row === table.rect.r0;
  const bodyIndex = row - table.rect.r0 - (table.showHeaders ? 1 : 0);
  const plainText = view.displayFontColor.toUpperCase() === '#000000';
  if (isHeader) {
    // Light styles keep a white header with bold text; Medium and Dark fill it with the accent.
    if (family === 'Light') return { ...view, bold: true };
    return { ...view, displayFill: accent, displayFontColor: plainText ? '#FFFFFF' : view.displayFontColor, bold: true };
  }
  if (bodyIndex % 2 === 0) return { ...view, displayFill: tint(accent, family === 'Dark' ? 0.6 : 0.8) };
  return view;
}
