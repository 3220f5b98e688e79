import type ExcelJS from 'exceljs';
import { columnNumber } from '../shared/columns.js';
import { ENRICHMENT_COLUMNS, enrichmentIdOf, enrichmentRow, type EnrichmentId, type EnrichmentValue } from '../shared/enrichment.js';
import type { SheetReport } from '../shared/index.js';

const DATE_FORMAT = 'yyyy-mm-dd';

/**
 * Where each enrichment column is: those an earlier run wrote (the core reports them; the
 * header rows are scanned too, so a copy is never duplicated), then new ones after `right`.
 */
function placeColumns(ws: ExcelJS.Worksheet, sheet: SheetReport, right: number): Map<EnrichmentId, number> {
  const placed = new Map<EnrichmentId, number>();
  for (const [key, letter] of Object.entries(sheet.enrichmentColumns)) {
    const id = ENRICHMENT_COLUMNS.find((c) => c.id === key)?.id ?? enrichmentIdOf(key);
    if (id) placed.set(id, columnNumber(letter));
  }
  for (const r of sheet.headerRows) {
    ws.getRow(r).eachCell((cell, col) => {
      const id = typeof cell.value === 'string' ? enrichmentIdOf(cell.value) : undefined;
      if (id && !placed.has(id)) placed.set(id, col);
    });
  }
  let next = Math.max(right, ...placed.values()) + 1;
  for (const { id } of ENRICHMENT_COLUMNS) if (!placed.has(id)) placed.set(id, next++);
  return placed;
}

function writeValue(cell: ExcelJS.Cell, value: EnrichmentValue, format: string): void {
  switch (value.kind) {
    case 'text':
      cell.value = value.text || null; // an empty summary leaves the cell empty
      break;
    case 'number':
      // Still a number; the column's format makes a negative 剩余天数 read 已逾期 N 天.
      cell.value = value.value;
      cell.style = { ...cell.style, numFmt: format };
      break;
    case 'date':
      // A real date (Excel serial under a date format), so users can sort and filter by it.
      cell.value = new Date(`${value.iso}T00:00:00Z`);
      cell.style = { ...cell.style, numFmt: DATE_FORMAT };
      break;
    case 'empty':
      cell.value = null;
  }
}

function writeHeader(ws: ExcelJS.Worksheet, sheet: SheetReport, col: number, header: string, styleFrom: number): void {
  const top = sheet.headerRows[0]!;
  const bottom = sheet.headerRows[sheet.headerRows.length - 1]!;
  const cell = ws.getCell(top, col);
  const model = ws.getCell(top, styleFrom);
  cell.value = header;
  cell.style = { ...model.style };
  // A two-level header: one cell over both rows, as the ledger's own single headers are.
  if (bottom > top && !cell.isMerged) ws.mergeCells(top, col, bottom, col);
}

/**
 * Writes the computed columns (ENRICHMENT_COLUMNS) right of a ledger, or updates them in place
 * where an earlier run wrote them. Only these columns are written; every cell of them below
 * the header is rewritten, so stale values of rows that are no longer items disappear.
 * @example writeEnrichment(ws, report.sheets[0], 17) // headers in R3:W3 of a ledger ending at Q
 */
export function writeEnrichment(ws: ExcelJS.Worksheet, sheet: SheetReport, usedRight: number): void {
  if (!sheet.isLedger || sheet.headerRows.length === 0) return;
  const placed = placeColumns(ws, sheet, usedRight);
  const ledgerRight = Math.max(1, ...Object.values(sheet.columns).map(columnNumber));
  for (const { id, header, width } of ENRICHMENT_COLUMNS) {
    const col = placed.get(id)!;
    writeHeader(ws, sheet, col, header, ledgerRight);
    // Wide enough to read the header (a narrower width the user set is widened, a wider one kept).
    if ((ws.getColumn(col).width ?? 0) < width) ws.getColumn(col).width = width;
  }
  const firstDataRow = sheet.firstDataRow ?? sheet.headerRows[sheet.headerRows.length - 1]! + 1;
  const lastRow = Math.max(ws.rowCount, ...sheet.items.map((i) => i.row));
  for (let r = firstDataRow; r <= lastRow; r++) {
    for (const col of placed.values()) {
      const cell = ws.getCell(r, col);
      if (cell.value !== null) cell.value = null;
    }
  }
  for (const item of sheet.items) {
    const values = enrichmentRow(item);
    ENRICHMENT_COLUMNS.forEach(({ id, format }, i) => writeValue(ws.getCell(item.row, placed.get(id)!), values[i]!, format));
  }
}
