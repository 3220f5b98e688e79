import type ExcelJS from 'exceljs';
import { basename } from 'node:path';
import type { Grid, SheetReport } from '../shared/index.js';
import { cellLink, PROBLEM_TYPE_HEADER, reportLines, SEVERITY_ZH } from '../shared/report-rows.js';
import { SEVERITY_FILL } from './annotate-cells.js';

/** The sheet every annotated copy gets: each diagnostic of the file, linked to its cell. */
export const REPORT_SHEET_NAME = '检查报告';
const HEADERS = ['序号', '级别', PROBLEM_TYPE_HEADER, '代码', '单位', '文件', '工作表', '单元格', '字段', '说明', 'Message'] as const;
const WIDTHS = [6, 6, 18, 24, 22, 24, 14, 9, 12, 70, 70];
const LINK_COLUMN = HEADERS.indexOf('单元格') + 1;
/** The header this sheet had before it named the problem type: copies annotated then are still recognised. */
const OLD_HEADERS = HEADERS.filter((h) => h !== PROBLEM_TYPE_HEADER);

/**
 * True for a sheet this module wrote (its name and header row), so a run on an annotated copy
 * neither checks it as a ledger nor keeps the stale one.
 * @example isOwnReportSheet(grid) // true for the 检查报告 sheet of an annotated copy
 */
export function isOwnReportSheet(grid: Pick<Grid, 'sheet' | 'values'>): boolean {
  const header = grid.values[0] ?? [];
  return grid.sheet.startsWith(REPORT_SHEET_NAME) && [HEADERS, OLD_HEADERS].some((hs) => hs.every((h, i) => header[i] === h));
}


function freeName(workbook: ExcelJS.Workbook): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? REPORT_SHEET_NAME : `${REPORT_SHEET_NAME}${n}`;
    if (!workbook.getWorksheet(name)) return name;
  }
}

/**
 * Replaces this module's report sheet (or adds one) listing every diagnostic of these sheets,
 * errors first, each with a link to its cell.
 * @example writeReportSheet(workbook, report.sheets.filter((s) => s.file === file))
 */
export function writeReportSheet(workbook: ExcelJS.Workbook, sheets: SheetReport[]): ExcelJS.Worksheet {
  for (const ws of [...workbook.worksheets]) {
    const values = [(ws.getRow(1).values as unknown[]).slice(1)];
    if (isOwnReportSheet({ sheet: ws.name, values: values as Grid['values'] })) workbook.removeWorksheet(ws.id);
  }
  const ws = workbook.addWorksheet(freeName(workbook), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...HEADERS]);
  ws.getRow(1).font = { bold: true };
  WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));

  const lines = reportLines(sheets);
  lines.forEach(({ diagnostic: d, sheet, unit, address, fieldZh, typeZh }, i) => {
    const row = ws.addRow([i + 1, SEVERITY_ZH[d.severity], typeZh, d.code, unit, basename(sheet.file), sheet.sheet, null, fieldZh, d.message, d.messageEn]);
    const link: ExcelJS.CellFormulaValue = { formula: cellLink(sheet.sheet, address), result: address };
    row.getCell(LINK_COLUMN).value = link;
    row.getCell(LINK_COLUMN).font = { color: { argb: 'FF0563C1' }, underline: true };
    row.getCell(2).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: SEVERITY_FILL[d.severity] } };
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, lines.length + 1), column: HEADERS.length } };
  return ws;
}
