import type ExcelJS from 'exceljs';

/** A value as a sample ledger holds it: dates are real Excel dates. */
export type SampleValue = string | number | Date | null | undefined;
export type SampleRow = Record<string, SampleValue>;

export interface LedgerColumn {
  header: string;
  /** The upper cell of a two-level header (e.g. 整改责任 over 责任领导 / 责任人). */
  group?: string;
  /** The key of SampleRow this column shows; 'seq' is numbered when rows leave it out. */
  field: string;
  width?: number;
}

export interface LedgerSheetSpec {
  name: string;
  title?: string;
  /** A row of labels under the title, e.g. ['填报单位：…（盖章）', '填报时间：2023年4月20日']. */
  labels?: [left: string, right?: string];
  columns: LedgerColumn[];
  rows: SampleRow[];
  /** Number format of date cells; Chinese ledgers usually show 2023年5月31日. */
  dateFormat?: string;
  /** Fields whose runs of equal values are merged over their rows, as a leader often is. */
  mergeRuns?: string[];
  /** Lines below the table after one blank row (填表人, 联系电话). */
  footer?: string[];
}

const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } } as const;

function box(cell: ExcelJS.Cell, header: boolean): void {
  cell.style = {
    ...cell.style,
    border: BORDER,
    alignment: { vertical: 'middle', horizontal: header ? 'center' : 'left', wrapText: true },
    ...(header ? { font: { bold: true }, fill: HEADER_FILL } : {}),
  };
}

function writeHeader(ws: ExcelJS.Worksheet, spec: LedgerSheetSpec, top: number): number {
  const twoLevel = spec.columns.some((c) => c.group);
  spec.columns.forEach((c, i) => {
    const col = i + 1;
    if (!twoLevel) return void (ws.getCell(top, col).value = c.header);
    ws.getCell(top, col).value = c.group ?? c.header;
    if (c.group) ws.getCell(top + 1, col).value = c.header;
    else ws.mergeCells(top, col, top + 1, col);
  });
  if (twoLevel) {
    // One merged group cell over each run of columns of the same group.
    for (let i = 0; i < spec.columns.length; ) {
      const group = spec.columns[i]!.group;
      let j = i;
      while (group && spec.columns[j + 1]?.group === group) j++;
      if (group && j > i) ws.mergeCells(top, i + 1, top, j + 1);
      i = j + 1;
    }
  }
  const rows = twoLevel ? 2 : 1;
  for (let r = top; r < top + rows; r++) spec.columns.forEach((_, i) => box(ws.getCell(r, i + 1), true));
  return rows;
}

function mergeRuns(ws: ExcelJS.Worksheet, spec: LedgerSheetSpec, first: number): void {
  for (const field of spec.mergeRuns ?? []) {
    const col = spec.columns.findIndex((c) => c.field === field) + 1;
    if (col === 0) continue;
    for (let i = 0; i < spec.rows.length; ) {
      const value = spec.rows[i]![field];
      let j = i;
      while (value && spec.rows[j + 1]?.[field] === value) j++;
      if (j > i) ws.mergeCells(first + i, col, first + j, col);
      i = j + 1;
    }
  }
}

/**
 * Adds a ledger sheet laid out the way units write them: optional title and label rows, a one-
 * or two-level header, data rows with real dates, merged runs, a footer.
 * @example addLedgerSheet(workbook, { name: 'Sheet1', columns, rows }) // { headerRows: [1], firstDataRow: 2 }
 */
export function addLedgerSheet(workbook: ExcelJS.Workbook, spec: LedgerSheetSpec): { ws: ExcelJS.Worksheet; headerRows: number[]; firstDataRow: number } {
  const ws = workbook.addWorksheet(spec.name);
  const width = spec.columns.length;
  let row = 1;
  if (spec.title) {
    ws.getCell(row, 1).value = spec.title;
    ws.getCell(row, 1).style = { font: { bold: true, size: 16 }, alignment: { horizontal: 'center' } };
    ws.mergeCells(row, 1, row, width);
    row++;
  }
  if (spec.labels) {
    const [left, right] = spec.labels;
    const split = right ? Math.ceil(width / 2) : width;
    ws.getCell(row, 1).value = left;
    ws.mergeCells(row, 1, row, split);
    if (right) {
      ws.getCell(row, split + 1).value = right;
      ws.mergeCells(row, split + 1, row, width);
    }
    row++;
  }
  const headerTop = row;
  const headerRows = writeHeader(ws, spec, headerTop);
  const first = headerTop + headerRows;
  spec.rows.forEach((data, i) => {
    spec.columns.forEach((c, k) => {
      const cell = ws.getCell(first + i, k + 1);
      const value = c.field === 'seq' && !('seq' in data) ? i + 1 : data[c.field];
      cell.value = value ?? null;
      box(cell, false);
      if (value instanceof Date) cell.style = { ...cell.style, numFmt: spec.dateFormat ?? 'yyyy"年"m"月"d"日"' };
    });
  });
  mergeRuns(ws, spec, first);
  (spec.footer ?? []).forEach((line, i) => (ws.getCell(first + spec.rows.length + 1 + i, 1).value = line));
  spec.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width ?? (/描述|问题|措施|方案|原因|成因|进展|情况/.test(c.header) ? 30 : 12)));
  return { ws, headerRows: Array.from({ length: headerRows }, (_, i) => headerTop + i), firstDataRow: first };
}

/** A calendar day as ExcelJS writes a date cell (UTC midnight). @example day(2023, 5, 31) */
export function day(year: number, month: number, date: number): Date {
  return new Date(Date.UTC(year, month - 1, date));
}
