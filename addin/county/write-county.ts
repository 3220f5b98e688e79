import { columnLetter } from '../../shared/index.js';
import type { Cell, SheetTable } from './county-sheets.js';

/**
 * Replaces the county sheets the add-in wrote before (their A1 title marks them as ours; a user's
 * own sheet of the same name is left alone and ours takes a suffixed name) and writes the tables,
 * with a stacked column chart of items by unit and timeliness on the summary sheet.
 */
export async function writeCountySheets(context: Excel.RequestContext, tables: SheetTable[]): Promise<string[]> {
  const sheets = context.workbook.worksheets;
  const found = tables.map((t) => {
    const s = sheets.getItemOrNullObject(t.name);
    s.load('name');
    return s;
  });
  await context.sync();
  const titles = found.map((s) => {
    if (s.isNullObject) return null;
    const a1 = s.getRange('A1');
    a1.load('values');
    return a1;
  });
  await context.sync();
  const names: string[] = [];
  tables.forEach((t, i) => {
    const old = found[i]!;
    const ours = !old.isNullObject && String(titles[i]?.values[0]?.[0] ?? '').startsWith(t.name);
    if (ours) old.delete();
    const name = old.isNullObject || ours ? t.name : `${t.name}（台账检查）`;
    const sheet = sheets.add(name);
    names.push(name);
    write(sheet, 0, t.rows);
    sheet.getRange('A2').getEntireRow().format.font.bold = true;
    if (t.chart) {
      const source = write(sheet, t.chart.top - 1, t.chart.rows);
      const chart = sheet.charts.add(Excel.ChartType.columnStacked, source, Excel.ChartSeriesBy.columns);
      chart.title.text = '各单位事项时效分布';
      chart.setPosition(`A${t.chart.top + t.chart.rows.length + 1}`);
    }
    sheet.getRange(`A:${columnLetter(Math.max(...t.rows.map((r) => r.length)))}`).format.autofitColumns();
  });
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
