import { DIAGNOSTICS } from './diagnostics/catalog.js';
import { FIELD_DEF } from './fields.js';
import type { Diagnostic, Severity, SheetReport } from './schema/report.js';

export const SEVERITY_ZH: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** One line of a report sheet: a diagnostic with where it points and whose item it is. */
export interface ReportLine {
  diagnostic: Diagnostic;
  sheet: SheetReport;
  unit: string;
  /** The item's key, for cell-level diagnostics. */
  key?: string;
  /** The cell it points at (a sheet-level one points at the header row). */
  address: string;
  /** The field in Chinese, as the ledger's header would say it. */
  fieldZh: string;
  /** What kind of problem, in Chinese (the catalogue's title, e.g. 整改时限不明确), shown beside its code. */
  typeZh: string;
}

/** The header of the report sheets' Chinese problem-type column, beside the code (CLI and add-in). */
export const PROBLEM_TYPE_HEADER = '问题类型';

/**
 * Every diagnostic of these sheets, errors first, then by sheet and row: what the CLI's annotated
 * copies and the add-in list in their 检查报告 sheet.
 * @example reportLines(report.sheets)[0].address // 'H8'
 */
export function reportLines(sheets: readonly SheetReport[]): ReportLine[] {
  const lines: ReportLine[] = [];
  for (const sheet of sheets) {
    const top = sheet.headerRows[0] ?? 1;
    for (const d of sheet.diagnostics) lines.push(line(d, sheet, sheet.unit, undefined, top));
    for (const item of sheet.items) for (const d of item.diagnostics) lines.push(line(d, sheet, item.unit, item.key, top));
  }
  const order = new Map(sheets.map((s, i) => [s, i]));
  return lines.sort((a, b) => RANK[a.diagnostic.severity] - RANK[b.diagnostic.severity] || order.get(a.sheet)! - order.get(b.sheet)! || (a.diagnostic.row ?? 0) - (b.diagnostic.row ?? 0));
}

function line(d: Diagnostic, sheet: SheetReport, unit: string, key: string | undefined, top: number): ReportLine {
  const typeZh = (DIAGNOSTICS as Record<string, { title: string } | undefined>)[d.code]?.title ?? d.code;
  const out: ReportLine = { diagnostic: d, sheet, unit, address: `${d.column ?? 'A'}${d.row ?? top}`, fieldZh: d.field ? (FIELD_DEF.get(d.field)?.zh ?? d.field) : '', typeZh };
  if (key) out.key = key;
  return out;
}

/**
 * Excel's own link to a cell of the same workbook (works in Excel, WPS and LibreOffice), as a
 * formula without its leading '='.
 * @example cellLink('整改台账', 'H8') === 'HYPERLINK("#\'整改台账\'!H8","H8")'
 */
export function cellLink(sheet: string, address: string): string {
  const quoted = `'${sheet.replace(/'/g, "''")}'`.replace(/"/g, '""');
  return `HYPERLINK("#${quoted}!${address}","${address}")`;
}
