import { checkWorkbooks, holdsLedger, SheetView, type CellValue, type Report } from '../shared/index.js';
import { t, type Lang } from './i18n.js';
import { REPORT_SHEET } from './annotation-plan.js';

/** Rows and columns read from each sheet to see whether it holds a ledger header (the core searches the first 30 non-blank rows). */
const PEEK_ROWS = 60;
const PEEK_COLUMNS = 60;

/**
 * The visible sheets of this workbook, other than `except`, that hold a ledger: when the active
 * sheet is a 填表说明 in front of the ledger, the pane names the ledger and offers to check it.
 * Two round trips whatever the number of sheets; only the top of each sheet is read.
 * @example await Excel.run((ctx) => findLedgerSheets(ctx, '填表说明')) // ['问题清单']
 */
export async function findLedgerSheets(context: Excel.RequestContext, except: string): Promise<string[]> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/visibility');
  await context.sync();
  const candidates = sheets.items
    .filter((s) => s.name !== except && s.visibility === Excel.SheetVisibility.visible && !s.name.startsWith(REPORT_SHEET))
    .map((s) => {
      const used = s.getUsedRangeOrNullObject(true);
      used.load('rowIndex,columnIndex,rowCount,columnCount');
      return { name: s.name, sheet: s, used };
    });
  await context.sync();
  const peeks = candidates
    .filter((c) => !c.used.isNullObject)
    .map((c) => {
      const top = c.sheet.getRangeByIndexes(c.used.rowIndex, c.used.columnIndex, Math.min(PEEK_ROWS, c.used.rowCount), Math.min(PEEK_COLUMNS, c.used.columnCount));
      top.load('values');
      return { name: c.name, top, at: { top: c.used.rowIndex + 1, left: c.used.columnIndex + 1 } };
    });
  await context.sync();
  return peeks
    .filter((p) => {
      const grid = { sheet: p.name, top: p.at.top, left: p.at.left, values: p.top.values as CellValue[][] };
      return holdsLedger(new SheetView(grid, p.name));
    })
    .map((p) => p.name);
}

/**
 * A glance at the active sheet when the pane opens (its top rows only, two round trips): its name,
 * whether it holds a ledger, and the unit it names, so the pane can say the unit before any check.
 * @example await Excel.run((ctx) => peekActiveSheet(ctx)) // { sheet: '整改台账', isLedger: true, unit: '儒林镇' }
 */
export async function peekActiveSheet(context: Excel.RequestContext): Promise<{ sheet: string; isLedger: boolean; unit: string }> {
  const sheet = context.workbook.worksheets.getActiveWorksheet();
  sheet.load('name');
  const used = sheet.getUsedRangeOrNullObject(true);
  used.load('rowIndex,columnIndex,rowCount,columnCount');
  await context.sync();
  const name = sheet.name;
  if (used.isNullObject) return { sheet: name, isLedger: false, unit: '' };
  const top = sheet.getRangeByIndexes(used.rowIndex, used.columnIndex, Math.min(PEEK_ROWS, used.rowCount), Math.min(PEEK_COLUMNS, used.columnCount));
  top.load('values');
  await context.sync();
  const grid = { sheet: name, top: used.rowIndex + 1, left: used.columnIndex + 1, values: top.values as CellValue[][] };
  const report = checkWorkbooks([{ file: name, sheets: [grid] }]).sheets[0];
  return { sheet: name, isLedger: report?.isLedger === true, unit: report?.isLedger ? report.unit : '' };
}

/**
 * The ribbon's outcome on a sheet that is not a ledger, naming the sheets that are (the ribbon
 * cannot offer a button; the pane does). Unchanged when the report is a ledger's or none is found.
 * @example await ledgerElsewhereText(report, 'zh', text) // '…本工作簿的台账在“问题清单”工作表…'
 */
export async function ledgerElsewhereText(report: Report, lang: Lang, text: string): Promise<string> {
  const sheet = report.sheets[0];
  if (!sheet || sheet.isLedger) return text;
  // A failure to look is not the check's failure: the outcome is then told as it was.
  const ledgers = await Excel.run((context) => findLedgerSheets(context, sheet.sheet)).catch(() => [] as string[]);
  if (!ledgers.length) return text;
  return `${text}\n${t('ledgerElsewhere', lang, { active: sheet.sheet, sheets: ledgers.join(lang === 'zh' ? '”“' : '", "') })}${t('goThere', lang)}`;
}
