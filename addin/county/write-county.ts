import { columnLetter } from '../../shared/index.js';
import { COUNTY_TAB_COLOR, type Cell, type SheetTable } from './county-sheets.js';
import { workbookProtectionKnown } from '../excel/capabilities.js';
import { CheckRefused } from '../excel/refusal.js';

/** Data validation (the 决定 dropdown) needs ExcelApi 1.8; an older Excel gets the column without it. */
function hasDataValidation(): boolean {
  return typeof Office !== 'undefined' && Office.context?.requirements?.isSetSupported('ExcelApi', '1.8') === true;
}

/**
 * Replaces the county sheets the add-in wrote before (their A1 title marks them as ours; a user's
 * own sheet of the same name is left alone and ours takes a suffixed name) and writes the tables,
 * with a stacked column chart of items by unit and timeliness on the summary sheet. The sheets go
 * together at the end of the workbook in one tab colour, and the first one is shown.
 */
export async function writeCountySheets(context: Excel.RequestContext, tables: SheetTable[]): Promise<string[]> {
  const sheets = context.workbook.worksheets;
  const found = tables.map((t) => {
    const s = sheets.getItemOrNullObject(t.name);
    s.load('name');
    return s;
  });
  // Its sheets are added (and ours replaced): a workbook whose structure is protected would
  // refuse the first, so it is said first, with the same round trip.
  const book = workbookProtectionKnown() ? context.workbook.protection.load('protected') : null;
  await context.sync();
  if (book?.protected) throw new CheckRefused('workbook-protected', tables[0]?.name ?? '');
  const titles = found.map((s) => {
    if (s.isNullObject) return null;
    const a1 = s.getRange('A1');
    a1.load('values');
    return a1;
  });
  await context.sync();
  const names: string[] = [];
  let first: Excel.Worksheet | undefined;
  tables.forEach((t, i) => {
    const old = found[i]!;
    const ours = !old.isNullObject && String(titles[i]?.values[0]?.[0] ?? '').startsWith(t.name);
    if (ours) old.delete();
    const name = old.isNullObject || ours ? t.name : `${t.name}（台账检查）`;
    const sheet = sheets.add(name);
    first ??= sheet;
    names.push(name);
    write(sheet, 0, t.rows);
    sheet.tabColor = COUNTY_TAB_COLOR;
    sheet.getRange('A2').getEntireRow().format.font.bold = true;
    const d = t.dropdown;
    if (d && hasDataValidation()) {
      const cells = sheet.getRangeByIndexes(d.firstRow - 1, d.column, d.lastRow - d.firstRow + 1, 1).dataValidation;
      cells.clear();
      cells.rule = { list: { inCellDropDown: true, source: d.choices.join(',') } };
      cells.errorAlert = { showAlert: true, style: Excel.DataValidationAlertStyle.stop, title: '会诊决定', message: `请从下拉列表中选择：${d.choices.join(' / ')}` };
    }
    if (t.chart) {
      const source = write(sheet, t.chart.top - 1, t.chart.rows);
      const chart = sheet.charts.add(Excel.ChartType.columnStacked, source, Excel.ChartSeriesBy.columns);
      chart.title.text = '各单位事项时效分布';
      chart.setPosition(`A${t.chart.top + t.chart.rows.length + 1}`);
    }
    sheet.getRange(`A:${columnLetter(Math.max(...t.rows.map((r) => r.length)))}`).format.autofitColumns();
  });
  // The view switches to the county sheets, as a person expects after asking for them.
  first?.activate();
  await context.sync();
  return names;
}

/** Writes a block (padded to a rectangle) at a 0-based row; returns its range. */
function write(sheet: Excel.Worksheet, row: number, rows: Cell[][]): Excel.Range {
  const width = Math.max(1, ...rows.map((r) => r.length));
  const block = rows.map((r) => [...r, ...Array<Cell>(width - r.length).fill('')]);
  const range = sheet.getRangeByIndexes(row, 0, block.length, width);
  // Text as text: a unit or key that looks like a number or date must stay as written.
  range.numberFormat = block.map((r) => r.map((v) => (typeof v === 'number' ? 'General' : '@')));
  range.values = block;
  return range;
}
