import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks, type CellValue, type Report } from '../../shared/index.js';
import { grid, HEADER, itemRow, workbook } from './grid-builder.js';

/** The totals by their definition: every diagnostic of the report, on sheets and on items, by severity. */
function counted(report: Report) {
  const all = report.sheets.flatMap((s) => [...s.diagnostics, ...s.items.flatMap((i) => i.diagnostics)]);
  const of = (severity: string) => all.filter((d) => d.severity === severity).length;
  return { errors: of('error'), warnings: of('warning'), infos: of('info') };
}

describe('report totals', () => {
  // Item diagnostics are counted while the units are summed up, sheet diagnostics apart: the
  // totals must still be every diagnostic once, whatever mix of sheets, units and severities.
  it('count every diagnostic of sheets and items once, by severity, across ledgers, other sheets and units', () => {
    const descriptions = ['现场检查笔录未载明执法证号，不符合程序规定', '询问笔录缺少当事人签名，证据效力存疑', '短', ''];
    const cell = fc.record({
      description: fc.constantFrom(...descriptions),
      person: fc.constantFrom<CellValue>('杨帆', null),
      deadline: fc.constantFrom<CellValue>('2023年6月30日前', '2023年4月30日', '尽快', '2099年1月1日', null),
      status: fc.constantFrom<CellValue>('整改中', '已完成', '已销号', '不知道', null),
    });
    const ledger = fc.array(cell, { minLength: 0, maxLength: 8 });
    fc.assert(fc.property(fc.array(ledger, { minLength: 1, maxLength: 3 }), fc.boolean(), (ledgers, withOther) => {
      const books = ledgers.map((rows, u) => {
        const values = [HEADER, ...rows.map((r, i) => itemRow(i + 1, { 2: r.description || null, 6: r.person, 7: r.deadline, 8: r.status }))];
        const sheets = [grid(values, { sheet: `第${u + 1}乡镇` })];
        // A sheet that is no ledger beside one that is: a sheet-level diagnostic of its own.
        if (withOther) sheets.push(grid([['说明'], ['本表为填报说明']], { sheet: '说明' }));
        return workbook(`unit-${u}.xlsx`, ...sheets);
      });
      const report = checkWorkbooks(books, { asOf: '2023-05-29' });
      const expected = counted(report);
      expect(report.stats).toMatchObject(expected);
      expect(report.valid).toBe(expected.errors === 0);
      // The units' own counts are each item's diagnostics (and their sheets'): no more than the totals.
      const unitErrors = report.units.reduce((n, u) => n + u.errors, 0);
      expect(unitErrors).toBeLessThanOrEqual(expected.errors);
    }), { numRuns: 150 });
  });
});
