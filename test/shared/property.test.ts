import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks, ReportSchema, type CellValue, type Grid } from '../../shared/index.js';
import { HEADER, itemRow } from './grid-builder.js';

const cell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...HEADER, '整改\n时限', '已销号', '立行立改', '6月底前', '是', '填表人：', '经自查暂未发现问题', '检查·事项编号'),
  fc.double(),
  fc.integer({ min: -5, max: 60_000 }),
  fc.boolean(),
);
const anyGrid: fc.Arbitrary<Grid> = fc.record({
  sheet: fc.string({ maxLength: 10 }),
  top: fc.integer({ min: 1, max: 5 }),
  left: fc.integer({ min: 1, max: 5 }),
  values: fc.array(fc.array(cell, { maxLength: 14 }), { maxLength: 25 }),
  formats: fc.option(fc.array(fc.array(fc.option(fc.constantFrom('General', 'yyyy/m/d', '0.00', 'h:mm', '@')), { maxLength: 14 }), { maxLength: 25 }), { nil: undefined }),
  merges: fc.array(fc.record({ top: fc.integer({ min: 0, max: 40 }), left: fc.integer({ min: 0, max: 20 }), bottom: fc.integer({ min: 0, max: 10_000 }), right: fc.integer({ min: 0, max: 20 }) }), { maxLength: 6 }),
  hiddenColumns: fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 3 }),
});

describe('any grid at all', () => {
  it('never throws and always yields a valid report', () => {
    fc.assert(
      fc.property(fc.array(anyGrid, { maxLength: 3 }), (sheets) => {
        const report = checkWorkbooks([{ file: 'f.xlsx', sheets }], { asOf: '2023-05-29' });
        expect(ReportSchema.safeParse(report).success).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('reads a ledger the same with blank rows and columns around it', () => {
    const ledgerRows = fc.array(fc.tuple(fc.integer({ min: 1, max: 99 }), fc.constantFrom('', '已完成', '整改中', '未整改'), fc.constantFrom('6月底前', '尽快', '', '长期坚持')), { maxLength: 8 })
      .map((rows) => [HEADER as CellValue[], ...rows.map(([n, st, dl]) => itemRow(n, { 8: st || null, 7: dl || null }))]);
    fc.assert(
      fc.property(ledgerRows, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 6 }), (rows, padTop, padLeft) => {
        const base = checkWorkbooks([{ file: 'f.xlsx', sheets: [{ sheet: 'S', values: rows }] }], { asOf: '2023-05-29' });
        const padded: CellValue[][] = [...Array.from({ length: padTop }, () => []), ...rows.map((r) => [...Array(padLeft).fill(null), ...r, null, null])];
        const moved = checkWorkbooks([{ file: 'f.xlsx', sheets: [{ sheet: 'S', values: padded }] }], { asOf: '2023-05-29' });
        const shape = (r: typeof base) =>
          r.sheets.map((s) => ({
            items: s.items.map((i) => ({ row: i.row, status: i.status, deadline: i.deadline, codes: i.diagnostics.map((d) => d.code), fields: i.fields })),
            sheetCodes: s.diagnostics.map((d) => d.code),
          }));
        const shift = shape(base).map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, row: i.row + padTop })) }));
        expect(shape(moved)).toEqual(shift);
        expect(moved.stats).toEqual(base.stats);
      }),
      { numRuns: 150 },
    );
  });
});
