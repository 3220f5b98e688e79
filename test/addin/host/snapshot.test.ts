/// <reference types="office-js" />
// Workbooks in and out of the simulated host: .xlsx (read with ExcelJS in Node) to a snapshot,
// opened in the page, read through the real client, exported and compared cell by cell.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { cellView } from '../../../excel-sim/host/cell-view.js';
import { diffSnapshots, exportSnapshot, loadSnapshot, type WorkbookSnapshot } from '../../../excel-sim/host/snapshot.js';
import { xlsxToSnapshot } from '../../../excel-sim/host/xlsx-snapshot.js';
import { launchBrowser, openHostPage } from './page.js';

const FIXTURE = 'test/fixtures/spec/scj-market-regulation.xlsx';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

/** A small ledger with everything the converter reads. */
async function generatedLedger(): Promise<ArrayBuffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改台账');
  ws.mergeCells('A1:E1');
  ws.getCell('A1').value = '某镇整改台账';
  ws.getCell('A1').font = { name: 'Calibri', size: 16, bold: true };
  ws.getCell('A1').alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(2).values = ['序号', '问题描述', '整改时限', '完成率', '备注'];
  ws.getRow(3).values = [1, '文书不规范', new Date(Date.UTC(2023, 5, 30)), 0.5, null];
  ws.getRow(4).values = [2, '案卷不全', '长期坚持', 1, '已销号'];
  ws.getCell('C3').numFmt = 'yyyy/m/d';
  ws.getCell('D3').numFmt = '0%';
  ws.getCell('D4').numFmt = '0%';
  ws.getCell('B3').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  ws.getCell('B4').font = { name: 'Calibri', size: 11, color: { argb: 'FFC00000' }, italic: true };
  ws.getCell('B4').note = '需补充佐证材料';
  for (const a of ['A2', 'B2', 'C2', 'D2', 'E2']) ws.getCell(a).border = { top: { style: 'thin' }, bottom: { style: 'medium', color: { argb: 'FF0070C0' } }, left: { style: 'dashed' }, right: { style: 'thin' } };
  ws.getCell('E3').value = { formula: 'D3*100', result: 50 };
  ws.getColumn(2).width = 30;
  ws.getColumn(5).hidden = true;
  ws.getRow(2).height = 30;
  ws.addConditionalFormatting({ ref: 'D3:D4', rules: [{ type: 'expression', priority: 1, formulae: ['$D3<1'], style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } }, font: { color: { argb: 'FF9C0006' } } } }] });
  const t = wb.addWorksheet('Table');
  t.addTable({ name: 'Items', ref: 'A1', headerRow: true, columns: [{ name: '单位' }, { name: '数量' }], rows: [['茅坪镇', 3], ['儒林镇', 5]] });
  const lists = wb.addWorksheet('lists');
  lists.state = 'veryHidden';
  ['执法理念', '执法程序'].forEach((v, i) => (lists.getCell(i + 1, 1).value = v));
  wb.definedNames.add('lists!$A$1:$A$2', 'categories');
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}

describe('xlsx to snapshot and back', () => {
  it('keeps a 1904 workbook\'s dates as Excel keeps them, and says so', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = new Date(Date.UTC(2023, 4, 1));
    ws.getCell('A1').numFmt = 'yyyy/m/d';
    const { snapshot } = await xlsxToSnapshot((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    expect(snapshot.date1904).toBe(true);
    expect(snapshot.sheets[0]?.cells?.A1).toMatchObject({ value: 45047 - 1462, numberFormat: 'yyyy/m/d' });
    const model = loadSnapshot(snapshot);
    expect(exportSnapshot(model).date1904).toBe(true);
    expect(cellView(model, model.sheetByName('S')!, 0, 0).text).toBe('2023/5/1');
  });

  it('opens a generated ledger and exports it unchanged, cell by cell', async () => {
    const { snapshot, warnings } = await xlsxToSnapshot(await generatedLedger());
    expect(warnings).toEqual([]);
    const sheet = snapshot.sheets[0];
    expect(sheet?.cells?.C3).toMatchObject({ value: 45107, numberFormat: 'yyyy/m/d' });
    expect(sheet?.cells?.B3?.fill).toBe('#FFFF00');
    expect(sheet?.cells?.B4).toMatchObject({ note: '需补充佐证材料', font: { color: '#C00000', italic: true } });
    expect(sheet?.cells?.B2?.borders?.bottom).toEqual({ style: 'Continuous', weight: 'Medium', color: '#0070C0' });
    expect(sheet?.cells?.E3).toMatchObject({ formula: '=D3*100', value: 50 });
    expect(sheet?.columns?.E).toEqual({ hidden: true });
    expect(sheet?.merges).toEqual(['A1:E1']);
    expect(sheet?.conditionalFormats).toEqual([{ type: 'Custom', ranges: ['D3:D4'], formula: '=$D3<1', fill: '#FFC7CE', font: { color: '#9C0006' } }]);
    expect(snapshot.sheets[1]?.tables).toEqual([{ name: 'Items', range: 'A1:B3', showHeaders: true, showTotals: false, style: 'TableStyleMedium2' }]);
    expect(snapshot.sheets[2]?.visibility).toBe('VeryHidden');
    expect(snapshot.names).toEqual([{ name: 'categories', formula: '=lists!$A$1:$A$2' }]);

    const host = await openHostPage(browser, { snapshot });
    try {
      const seen = await host.run(() =>
        Excel.run(async (ctx) => {
          const ws = ctx.workbook.worksheets.getItem('整改台账');
          const range = ws.getRange('A2:E4').load('values, text');
          const cols = ws.getRange('A1:E1').getColumnProperties({ columnHidden: true });
          const props = ws.getRange('B3:B4').getCellProperties({ format: { fill: { color: true }, font: { color: true, italic: true } } });
          const table = ctx.workbook.tables.getItem('Items').getDataBodyRange().load('values');
          const merged = ws.getRange('A1:E4').getMergedAreasOrNullObject().load('address');
          await ctx.sync();
          return { values: range.values, text: range.text, hidden: cols.value.map((c) => c.columnHidden), props: props.value.map((r) => r[0]?.format), table: table.values, merged: merged.address };
        }),
      );
      expect(seen.values).toEqual([
        ['序号', '问题描述', '整改时限', '完成率', '备注'],
        [1, '文书不规范', 45107, 0.5, 50],
        [2, '案卷不全', '长期坚持', 1, '已销号'],
      ]);
      expect(seen.text[1]).toEqual(['1', '文书不规范', '2023/6/30', '50%', '50']);
      expect(seen.hidden).toEqual([false, false, false, false, true]);
      expect(seen.props).toEqual([
        { fill: { color: '#FFFF00' }, font: { color: '#000000', italic: false } },
        { fill: { color: '#FFFFFF' }, font: { color: '#C00000', italic: true } },
      ]);
      expect(seen.table).toEqual([
        ['茅坪镇', 3],
        ['儒林镇', 5],
      ]);
      expect(seen.merged).toBe('整改台账!A1:E1');
      expect((await host.highlights('整改台账')).map((v) => v.address)).toEqual(['整改台账!D3']);
      const out = await host.snapshot();
      expect(diffSnapshots(snapshot, out)).toEqual([]);
      expect(out).toEqual(snapshot);
    } finally {
      await host.close();
    }
  });

  it('opens the market-regulation fixture and exports it unchanged, cell by cell', async () => {
    const { snapshot, warnings } = await xlsxToSnapshot(await readFile(FIXTURE));
    expect(warnings).toEqual([]);
    const host = await openHostPage(browser, { snapshot });
    try {
      const out = await host.snapshot();
      expect(diffSnapshots(snapshot, out)).toEqual([]);
      expect(out).toEqual(snapshot);
      // What the client reads is what ExcelJS read from the file.
      const file = new ExcelJS.Workbook();
      await file.xlsx.readFile(FIXTURE);
      const ws = file.worksheets[0] as ExcelJS.Worksheet;
      const used = await host.run(() =>
        Excel.run(async (ctx) => {
          const r = ctx.workbook.worksheets.getActiveWorksheet().getUsedRange(true).load('address, values, rowIndex, columnIndex');
          await ctx.sync();
          return { address: r.address, values: r.values, row: r.rowIndex, col: r.columnIndex };
        }),
      );
      expect(used.address.startsWith(`${ws.name}!`)).toBe(true);
      used.values.forEach((row, i) =>
        row.forEach((v, j) => {
          const cell = ws.getCell(used.row + i + 1, used.col + j + 1);
          const expected = cell.isMerged && cell.master !== cell ? '' : cell.value instanceof Date ? cell.value.getTime() / 86_400_000 + 25_569 : (cell.value ?? '');
          expect([cell.address, v]).toEqual([cell.address, typeof expected === 'object' ? v : expected]);
        }),
      );
      expect(await host.gaps()).toEqual([]);
    } finally {
      await host.close();
    }
  });
});

describe('comparing before and after', () => {
  it('shows an add-in’s marks as differences and none once they are removed', async () => {
    const before: WorkbookSnapshot = { sheets: [{ name: '整改台账', cells: { A1: { value: '问题描述', fill: '#DDEBF7' }, A2: { value: '执法文书不规范' } } }] };
    const host = await openHostPage(browser, { snapshot: before });
    try {
      await host.run(() =>
        Excel.run(async (ctx) => {
          const a2 = ctx.workbook.worksheets.getActiveWorksheet().getRange('A2');
          a2.format.fill.color = '#FFC7CE';
          ctx.workbook.comments.add(a2, '描述过于笼统');
          await ctx.sync();
        }),
      );
      const marked = await host.snapshot();
      expect(diffSnapshots(before, marked)).toEqual([
        'activeSheet: undefined → "整改台账"',
        '整改台账!A2 fill: undefined → "#FFC7CE"',
        'comments: undefined → [{"author":"测试用户","cell":"整改台账!A2","content":"描述过于笼统","email":"tester@example.com"}]',
      ]);
      await host.run(() =>
        Excel.run(async (ctx) => {
          ctx.workbook.worksheets.getActiveWorksheet().getRange('A2').format.fill.clear();
          ctx.workbook.comments.getItemByCell('整改台账!A2').delete();
          await ctx.sync();
        }),
      );
      const cleared = await host.snapshot();
      expect(diffSnapshots({ ...before, activeSheet: '整改台账' }, cleared).filter((d) => !d.startsWith('defaultFont'))).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
