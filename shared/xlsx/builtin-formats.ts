/**
 * The number formats a workbook names by id without writing their pattern (ECMA-376 §18.8.30),
 * as ExcelJS's reader names them: the en-US pattern where the standard gives one, the zh-CN one
 * for the East Asian ids (27–36, 50–58) Chinese Excel saves bare. Kept as data here, not loaded
 * from ExcelJS, so the Worker reads uploads without ExcelJS; test/shared/builtin-formats.test.ts
 * holds the table equal to ExcelJS's, which the CLI's ExcelJS reading uses.
 */
const YEAR_MONTH = 'yyyy"年"m"月"';
const MONTH_DAY = 'm"月"d"日"';
const AM_PM_MINUTES = '上午/下午 h"时"mm"分"';
const AM_PM_SECONDS = '上午/下午 h"时"mm"分"ss"秒"';

export const BUILTIN_FORMATS: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  27: YEAR_MONTH,
  28: MONTH_DAY,
  29: MONTH_DAY,
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: AM_PM_MINUTES,
  35: AM_PM_SECONDS,
  36: YEAR_MONTH,
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)',
  40: '#,##0.00 ;[Red](#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
  48: '##0.0E+0',
  49: '@',
  50: YEAR_MONTH,
  51: MONTH_DAY,
  52: YEAR_MONTH,
  53: MONTH_DAY,
  54: MONTH_DAY,
  55: AM_PM_MINUTES,
  56: AM_PM_SECONDS,
  57: YEAR_MONTH,
  58: MONTH_DAY,
};
