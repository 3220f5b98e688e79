// Whole rows inserted and deleted in the simulated workbook (excel-sim/host/row-shift.ts): what
// moves with a row, in plain Node on the model.
import { describe, expect, it } from 'vitest';
import { applyFilter, toCriteria } from '../../../excel-sim/host/auto-filter.js';
import { deleteRows, insertRows } from '../../../excel-sim/host/row-shift.js';
import { exportSnapshot, loadSnapshot } from '../../../excel-sim/host/snapshot.js';
import type { WorkbookSnapshot } from '../../../excel-sim/host/snapshot.js';

const BOOK: WorkbookSnapshot = {
  sheets: [
    {
      name: '台账',
      cells: {
        A1: { value: '序号', fill: '#DDEBF7' },
        B1: { value: '问题描述', fill: '#DDEBF7' },
        A2: { value: 1 },
        B2: { value: '甲', note: '请补材料' },
        A3: { value: 2, font: { bold: true } },
        B3: { value: '乙' },
        A4: { value: 3 },
        B4: { value: '丙' },
        A5: { formula: '=SUM(A2:A4)' },
        B5: { formula: '=B4&$B$3' },
      },
      rows: { '3': { size: 30 } },
      merges: ['C2:D3'],
      tables: [{ name: '表1', range: 'F1:G4' }],
      conditionalFormats: [{ type: 'Custom', ranges: ['A2:B4'], formula: '=$A2>1', fill: '#FFC7CE' }],
    },
    { name: '汇总', cells: { A1: { formula: '=台账!A3' }, A2: { formula: "=COUNTA('台账'!B2:B4)" }, A3: { formula: '=台账!A:A' } } },
  ],
  names: [{ name: '事项', formula: '=台账!$B$2:$B$4' }],
  comments: [{ cell: '台账!B4', content: '已核实' }],
};

const sheet = (s: WorkbookSnapshot, name: string) => s.sheets.find((x) => x.name === name)!;

describe('inserting whole rows', () => {
  it('moves cells, notes, comments and heights down, and every reference follows its cells', () => {
    const wb = loadSnapshot(BOOK);
    insertRows(wb, wb.sheetByName('台账')!, 2, 2); // before row 3
    const out = exportSnapshot(wb);
    const t = sheet(out, '台账');
    expect([t.cells!.A2?.value, t.cells!.A5?.value, t.cells!.B6?.value]).toEqual([1, 2, '丙']);
    expect(t.cells!.B2?.note).toBe('请补材料');
    expect(out.comments?.[0]?.cell).toBe('台账!B6');
    expect(t.rows?.['5']?.size).toBe(30);
    // A range spanning the new rows grows; a reference below moves; an absolute one too.
    expect(t.cells!.A7?.formula).toBe('=SUM(A2:A6)');
    expect(t.cells!.B7?.formula).toBe('=B6&$B$5');
    expect(sheet(out, '汇总').cells!.A1?.formula).toBe('=台账!A5');
    expect(sheet(out, '汇总').cells!.A2?.formula).toBe("=COUNTA(台账!B2:B6)");
    expect(sheet(out, '汇总').cells!.A3?.formula).toBe('=台账!A:A');
    expect(out.names?.[0]?.formula).toBe('=台账!$B$2:$B$6');
    expect(t.merges).toEqual(['C2:D5']);
    expect(t.tables?.[0]?.range).toBe('F1:G6');
  });

  it('grows a conditional format over the inserted rows and keeps its formula on the same cells', () => {
    const wb = loadSnapshot(BOOK);
    insertRows(wb, wb.sheetByName('台账')!, 0, 1); // above everything
    let cf = sheet(exportSnapshot(wb), '台账').conditionalFormats![0]!;
    expect(cf.ranges).toEqual(['A3:B5']);
    expect(cf.formula).toBe('=$A3>1');
    insertRows(wb, wb.sheetByName('台账')!, 3, 1); // inside it
    cf = sheet(exportSnapshot(wb), '台账').conditionalFormats![0]!;
    expect(cf.ranges).toEqual(['A3:B6']);
    expect(cf.formula).toBe('=$A3>1');
  });

  it('gives new rows the formatting of the row above, without its values', () => {
    const wb = loadSnapshot(BOOK);
    insertRows(wb, wb.sheetByName('台账')!, 1, 1); // below the header
    const t = sheet(exportSnapshot(wb), '台账');
    expect([t.cells!.A2?.fill, t.cells!.B2?.fill, t.cells!.A2?.value]).toEqual(['#DDEBF7', '#DDEBF7', undefined]);
  });
});

describe('deleting whole rows', () => {
  it('moves the rows below up, shrinks ranges, and turns references to deleted cells into #REF!', () => {
    const wb = loadSnapshot(BOOK);
    deleteRows(wb, wb.sheetByName('台账')!, 2, 1); // row 3
    const out = exportSnapshot(wb);
    const t = sheet(out, '台账');
    expect([t.cells!.A3?.value, t.cells!.B3?.value]).toEqual([3, '丙']);
    expect(t.cells!.A4?.formula).toBe('=SUM(A2:A3)');
    expect(t.cells!.B4?.formula).toBe('=B3&#REF!');
    expect(sheet(out, '汇总').cells!.A1?.formula).toBe('=#REF!');
    expect(out.names?.[0]?.formula).toBe('=台账!$B$2:$B$3');
    expect(out.comments?.[0]?.cell).toBe('台账!B3');
    // The merge lost one of its two rows: one row, two cells, still a merge.
    expect(t.merges).toEqual(['C2:D2']);
    expect(t.conditionalFormats![0]!.ranges).toEqual(['A2:B3']);
    expect(t.conditionalFormats![0]!.formula).toBe('=$A2>1');
  });

  it('re-anchors a conditional format whose first row is deleted, and drops one left with no cells', () => {
    const wb = loadSnapshot(BOOK);
    deleteRows(wb, wb.sheetByName('台账')!, 1, 1); // row 2, the rule's first row
    let t = sheet(exportSnapshot(wb), '台账');
    expect(t.conditionalFormats![0]!.ranges).toEqual(['A2:B3']);
    expect(t.conditionalFormats![0]!.formula).toBe('=$A2>1');
    expect(t.cells!.B2?.note).toBeUndefined();
    deleteRows(wb, wb.sheetByName('台账')!, 1, 2);
    t = sheet(exportSnapshot(wb), '台账');
    expect(t.conditionalFormats ?? []).toEqual([]);
  });
});

describe('AutoFilter (excel-sim/host/auto-filter.ts)', () => {
  const filtered = (criteria: Record<number, unknown>) => {
    const wb = loadSnapshot(BOOK);
    const s = wb.sheetByName('台账')!;
    s.autoFilter = { rect: { r0: 0, c0: 0, r1: 3, c1: 1 }, criteria: new Map(Object.entries(criteria).map(([i, c]) => [Number(i), toCriteria(c)])) };
    applyFilter(wb, s);
    return { wb, s, hidden: [1, 2, 3].filter((r) => s.rowHidden(r)).map((r) => r + 1) };
  };

  it('hides the rows a criterion rejects: values, wildcards, numbers, And/Or', () => {
    expect(filtered({ 1: { filterOn: 'Values', values: ['甲', '丙'] } }).hidden).toEqual([3]);
    expect(filtered({ 1: { filterOn: 'Custom', criterion1: '<>乙' } }).hidden).toEqual([3]);
    expect(filtered({ 0: { filterOn: 'Custom', criterion1: '>=2' } }).hidden).toEqual([2]);
    expect(filtered({ 0: { filterOn: 'Custom', criterion1: '>1', criterion2: '<3', operator: 'And' } }).hidden).toEqual([2, 4]);
    expect(filtered({ 0: { filterOn: 'Custom', criterion1: '=1', criterion2: '=3', operator: 'Or' } }).hidden).toEqual([3]);
    expect(filtered({ 1: { filterOn: 'Custom', criterion1: '?' } }).hidden).toEqual([]);
    expect(filtered({ 1: { filterOn: 'Custom', criterion1: '甲*' } }).hidden).toEqual([3, 4]);
  });

  it('refuses criteria it does not model, loudly', () => {
    expect(() => toCriteria({ filterOn: 'TopItems', criterion1: '10' })).toThrow(/filterOn "TopItems"/);
    expect(() => toCriteria({ filterOn: 'Custom', criterion1: '=1', criterion2: '=2' })).toThrow(/operator/);
  });

  it('moves with inserted rows, keeps its hidden rows in snapshots, and is gone when its rows are', () => {
    const { wb, s } = filtered({ 1: { filterOn: 'Values', values: ['甲'] } });
    insertRows(wb, s, 0, 1);
    const snap = sheet(exportSnapshot(wb), '台账');
    expect(snap.autoFilter).toEqual({ range: 'A2:B5', criteria: { '1': { filterOn: 'Values', values: ['甲'] } } });
    expect(Object.entries(snap.rows ?? {}).filter(([, r]) => r.hidden).map(([n]) => n)).toEqual(['4', '5']);
    expect(sheet(exportSnapshot(loadSnapshot(exportSnapshot(wb))), '台账').autoFilter).toEqual(snap.autoFilter);
    deleteRows(wb, s, 1, 4);
    expect(sheet(exportSnapshot(wb), '台账').autoFilter).toBeUndefined();
  });
});
