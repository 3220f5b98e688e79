/// <reference types="office-js" />
// Ranges behind the real client: hidden columns, cell properties, the used range, merges,
// clearing, selection, derived ranges, and the smaller objects (charts, calculation).
import { describe, expect, it } from 'vitest';
import { useHostPage } from './ledger-fixture.js';

const ctx = useHostPage();

describe('columns, cell properties and the used range', () => {
  it('reports hidden columns and widths through getColumnProperties and columnHidden', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const range = ctx.workbook.worksheets.getItem('整改台账').getRange('A1:F1');
        const cols = range.getColumnProperties({ columnIndex: true, columnHidden: true, format: { columnWidth: true } });
        const rows = ctx.workbook.worksheets.getItem('整改台账').getRange('A1:A2').getRowProperties({ rowIndex: true, rowHidden: true, format: { rowHeight: true } });
        const f = range.getLastColumn().load('columnHidden');
        const all = range.load('columnHidden');
        await ctx.sync();
        return { cols: cols.value, rows: rows.value, f: f.columnHidden, all: all.columnHidden };
      }),
    );
    expect(r.cols.map((c) => [c.columnIndex, c.columnHidden, c.format?.columnWidth])).toEqual([
      [0, false, 48],
      [1, false, 120],
      [2, false, 48],
      [3, false, 48],
      [4, false, 48],
      [5, true, 48],
    ]);
    expect([r.f, r.all]).toEqual([true, null]);
    expect(r.rows).toEqual([
      { rowIndex: 0, rowHidden: false, format: { rowHeight: 14.25 } },
      { rowIndex: 1, rowHidden: false, format: { rowHeight: 14.25 } },
    ]);
  });

  it('reads and writes formatting of many cells at once with cell properties', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const range = ctx.workbook.worksheets.getItem('整改台账').getRange('B2:C3');
        range.setCellProperties([
          [{ format: { font: { bold: true } } }, { format: { fill: { color: '#FFFF00' } } }],
          [{}, { format: { font: { color: '#FF0000' }, borders: { bottom: { style: 'Continuous', weight: 'Medium', color: '#000000' } } } }],
        ]);
        const props = range.getCellProperties({ address: true, format: { fill: { color: true }, font: { bold: true, color: true } } });
        const border = range.getCell(1, 1).format.borders.getItem('EdgeBottom').load('style, weight');
        const below = range.getCell(2, 1).format.borders.getItem('EdgeTop').load('style');
        await ctx.sync();
        return { props: props.value.map((row) => row.map((c) => [c.address, c.format?.fill?.color, c.format?.font?.bold, c.format?.font?.color])), border: [border.style, border.weight], below: below.style };
      }),
    );
    expect(r.props).toEqual([
      [
        ['整改台账!B2', '#DDEBF7', true, '#000000'],
        ['整改台账!C2', '#FFFF00', false, '#000000'],
      ],
      [
        ['整改台账!B3', '#FFFFFF', false, '#000000'],
        ['整改台账!C3', '#FFFFFF', false, '#FF0000'],
      ],
    ]);
    expect(r.border).toEqual(['Continuous', 'Medium']);
    expect(r.below).toBe('Continuous');
  });

  it('loads borders of every side through cell properties', async () => {
    const borders = await ctx.host().run(() =>
      Excel.run(async (c) => {
        const range = c.workbook.worksheets.getItem('整改台账').getRange('B2');
        range.format.borders.getItem('EdgeLeft').style = 'Dash';
        const props = range.getCellProperties({ format: { borders: { style: true } } });
        await c.sync();
        return props.value[0]?.[0]?.format?.borders;
      }),
    );
    expect(borders).toMatchObject({ left: { style: 'Dash' }, top: { style: 'None' }, right: { style: 'None' }, bottom: { style: 'None' } });
  });

  it('finds the used range with and without formatted empty cells', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('整改台账');
        ws.getRange('H9').format.fill.color = '#EEEEEE';
        const all = ws.getUsedRange().load('address');
        const values = ws.getUsedRange(true).load('address');
        const fresh = ctx.workbook.worksheets.add('空白');
        const empty = fresh.getUsedRangeOrNullObject(true);
        empty.load('address');
        const emptyUsed = fresh.getUsedRange().load('address');
        await ctx.sync();
        return [all.address, values.address, empty.isNullObject, emptyUsed.address];
      }),
    );
    expect(r).toEqual(['整改台账!A1:H9', '整改台账!A1:E5', true, '空白!A1']);
  });
});

describe('merges, clearing, selection and navigation', () => {
  it('merges keeping the top-left value, reports areas by their top-left cell, and unmerges', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('整改台账');
        ws.getRange('A2:A3').merge();
        const values = ws.getRange('A2:A3').load('values');
        const inside = ws.getRange('A1:B5').getMergedAreasOrNullObject().load('address');
        const partial = ws.getRange('A3:B5').getMergedAreasOrNullObject();
        partial.load('address');
        await ctx.sync();
        const out = { values: values.values, inside: inside.address, partial: partial.isNullObject };
        ws.getRange('A3').unmerge();
        const after = ws.getRange('A1:B5').getMergedAreasOrNullObject();
        after.load('address');
        await ctx.sync();
        return { ...out, after: after.isNullObject };
      }),
    );
    expect(r).toEqual({ values: [[1], ['']], inside: '整改台账!A2:A3', partial: true, after: true });
  });

  it('clears formats, contents or everything as asked', async () => {
    await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('整改台账');
        ctx.workbook.comments.add('整改台账!B2', '重复问题');
        ws.getRange('B2').clear(Excel.ClearApplyTo.formats);
        ws.getRange('D2').clear(Excel.ClearApplyTo.contents);
        ws.getRange('B3').clear();
        await ctx.sync();
      }),
    );
    const [b2, d2, b3] = await Promise.all([ctx.host().view('整改台账', 'B2'), ctx.host().view('整改台账', 'D2'), ctx.host().view('整改台账', 'B3')]);
    expect([b2.value, b2.fill, b2.comment]).toEqual(['执法文书不规范', undefined, '重复问题']);
    expect([d2.value, d2.numberFormat]).toEqual([null, 'yyyy/m/d']);
    expect(b3.value).toBeNull();
  });

  it('selects a range, activating its sheet, and reads the selection back', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const before = ctx.workbook.getSelectedRange().load('address');
        await ctx.sync();
        ctx.workbook.worksheets.getItem('整改台账').getRange('C3:D4').select();
        const after = ctx.workbook.getSelectedRange().load('address');
        const cell = ctx.workbook.getActiveCell().load('address');
        await ctx.sync();
        return [before.address, after.address, cell.address];
      }),
    );
    expect(r).toEqual(['整改台账!A1', '整改台账!C3:D4', '整改台账!C3']);
  });

  it('derives ranges the way Excel does', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const base = ctx.workbook.worksheets.getItem('整改台账').getRange('B2:C3');
        const derived = [
          base.getResizedRange(2, 1),
          base.getOffsetRange(1, -1),
          base.getEntireColumn(),
          base.getEntireRow(),
          base.getLastRow(),
          base.getCell(1, 1),
          base.getRowsBelow(2),
          base.getColumnsBefore(),
          base.getBoundingRect('E9'),
          base.getIntersection('C1:C9'),
          base.getAbsoluteResizedRange(1, 4),
          ctx.workbook.worksheets.getItem('整改台账').getRange('A1:E9').find('裁量', { completeMatch: false, matchCase: false }),
        ];
        derived.forEach((x) => x.load('address'));
        const none = base.getIntersectionOrNullObject('Z1');
        none.load('address');
        await ctx.sync();
        return [...derived.map((x) => x.address), none.isNullObject];
      }),
    );
    expect(r).toEqual(['整改台账!B2:D5', '整改台账!A3:B4', '整改台账!B:C', '整改台账!2:3', '整改台账!B3:C3', '整改台账!C3', '整改台账!B4:C5', '整改台账!A2:A3', '整改台账!B2:E9', '整改台账!C2:C3', '整改台账!B2:E2', '整改台账!B5', true]);
  });

  it('accepts charts, autofit and calculation calls as Excel would', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('整改台账');
        ctx.workbook.application.suspendApiCalculationUntilNextSync();
        ws.getRange('A:E').format.autofitColumns();
        const chart = ws.charts.add(Excel.ChartType.columnClustered, ws.getRange('A1:B5'), Excel.ChartSeriesBy.auto);
        chart.title.text = '问题数';
        chart.setPosition('G2', 'L15');
        chart.load('name, top, left, width, height, chartType');
        ctx.workbook.application.calculate(Excel.CalculationType.full);
        await ctx.sync();
        return [chart.name, chart.chartType, chart.top, chart.left, chart.width, chart.height];
      }),
    );
    expect(r).toEqual(['图表 1', 'ColumnClustered', 14.25, 48 * 5 + 120, 6 * 48, 14 * 14.25]);
    const snap = await ctx.host().snapshot();
    expect(snap.sheets[0]?.charts).toEqual([{ name: '图表 1', type: 'ColumnClustered', source: 'A1:B5', title: '问题数' }]);
  });

  it('sets hyperlinks, showing their text, and clears them', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (c) => {
        const cell = c.workbook.worksheets.getItem('整改台账').getRange('F2');
        cell.hyperlink = { address: 'https://example.gov.cn/ledger/1', textToDisplay: '佐证材料', screenTip: '打开' };
        cell.load('values, hyperlink');
        await c.sync();
        const before = { values: cell.values, link: cell.hyperlink };
        cell.clear(Excel.ClearApplyTo.hyperlinks);
        cell.load('values, hyperlink');
        await c.sync();
        return { before, after: { values: cell.values, link: cell.hyperlink } };
      }),
    );
    expect(r.before).toEqual({ values: [['佐证材料']], link: { address: 'https://example.gov.cn/ledger/1', textToDisplay: '佐证材料', screenTip: '打开' } });
    expect(r.after).toEqual({ values: [['佐证材料']], link: null });
  });

  it('answers an address Excel cannot read with InvalidArgument', async () => {
    const error = await ctx.host().error(() =>
      Excel.run(async (c) => {
        c.workbook.worksheets.getItem('整改台账').getRange('A1:').load('address');
        await c.sync();
      }),
    );
    expect(error?.code).toBe('InvalidArgument');
  });
});
