import { isDateFormat } from '../../shared/index.js';

/**
 * The workbook's date system. Excel answers a date cell with the serial it keeps, and a workbook
 * on the 1904 date system (文件 → 选项 → 高级 → 使用 1904 日期系统, and Mac workbooks of old) keeps
 * each date 1,462 days lower than the 1900 system, which the core and every .xlsx reader count in.
 * Read as it comes, every date of such a ledger is four years and a day early.
 */
export const DAYS_1904 = 1462;

/**
 * Asks, in the round trip it is queued with, which system the workbook uses: DATE(1904,1,1) is 0
 * in a 1904 workbook and 1,462 in a 1900 one (Functions, ExcelApi 1.2). Office.js has no property
 * for it in a released requirement set (`Workbook.use1904DateSystem` stayed in preview).
 * The answer after the sync: the days to add to a date serial Excel answers (0 or 1,462).
 */
export function queueDateShift(context: Excel.RequestContext): () => number {
  const epoch = context.workbook.functions.date(1904, 1, 1);
  epoch.load('value');
  return () => (epoch.value === 0 ? DAYS_1904 : 0);
}

/** A cell's value as the core reads it: a date in the 1900 system. */
export function coreValue<T>(value: T, format: string | null | undefined, shift: number): T | number {
  return shift && typeof value === 'number' && isDateFormat(format) ? value + shift : value;
}

/** A value the core read, as this workbook keeps it (for writing back what a cell held). */
export function excelValue<T>(value: T, format: string | null | undefined, shift: number): T | number {
  return shift && typeof value === 'number' && isDateFormat(format) ? value - shift : value;
}
