import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldsLiteral } from '../../shared/fields-literal.js';
import { detectHeader } from '../../shared/header.js';
import type { CellValue } from '../../shared/index.js';
import { ItemRows } from '../../shared/rows.js';
import { SheetView } from '../../shared/sheet-view.js';
import { grid, HEADER } from './grid-builder.js';

/** The county aggregate's header: HEADER with a 责任单位 column after 序号. */
const AGGREGATE = [HEADER[0]!, '责任单位', ...HEADER.slice(1)];
const UNIT_FIELDS = ['seq', 'category', 'description', 'cause', 'measures', 'leader', 'person', 'deadline', 'status', 'completedOn', 'evidence'] as const;
const AGGREGATE_FIELDS = ['seq', 'unit', ...UNIT_FIELDS.slice(1)] as const;

/** The fields object as defined: every filled cell's text under its field, in column order (what JSON writes). */
function definition(fields: readonly string[], texts: readonly string[]): string {
  const object: Record<string, string> = {};
  fields.forEach((f, i) => texts[i] && (object[f] = texts[i]!));
  return JSON.stringify(object);
}

describe('fields objects written as literals for the usual layouts', () => {
  it('knows the aggregate and the unit ledger layouts, and no other order', () => {
    expect(fieldsLiteral(AGGREGATE_FIELDS)).toBeDefined();
    expect(fieldsLiteral(UNIT_FIELDS)).toBeDefined();
    expect(fieldsLiteral(['category', 'seq', ...UNIT_FIELDS.slice(2)])).toBeUndefined();
    expect(fieldsLiteral(UNIT_FIELDS.slice(0, -1))).toBeUndefined();
  });

  it('gives the defined object for rows whose first k cells are filled, and leaves every other row to the general copy', () => {
    for (const fields of [AGGREGATE_FIELDS, UNIT_FIELDS]) {
      const literal = fieldsLiteral(fields)!;
      const n = fields.length;
      for (let k = 0; k <= n; k++) {
        const texts = fields.map((f, i) => (i < k ? `${f}的值${i}` : ''));
        const mask = (1 << k) - 1;
        const made = literal(texts, mask);
        // Only the full row and the three shorter ones have literals.
        if (k >= n - 3) expect(JSON.stringify(made)).toBe(definition(fields, texts));
        else expect(made).toBeUndefined();
      }
      // A gap before the last filled cell is no prefix: no literal.
      expect(literal(fields.map((f) => f), ((1 << n) - 1) & ~2)).toBeUndefined();
    }
  });

  it('reads every row of both layouts as the definition does, with any cells left empty', () => {
    const cell = fc.oneof(fc.constantFrom('执法程序', ' 整改中 ', '张志强', '', '  ', '2023年6月30日前'), fc.constant(null), fc.integer({ min: 1, max: 45_000 }));
    for (const header of [HEADER, AGGREGATE]) {
      // Rows filled up to a random column, then empty (the literals' rows), or with cells left empty anywhere.
      const row = fc.tuple(fc.array(cell, { minLength: header.length, maxLength: header.length }), fc.nat(header.length), fc.boolean())
        .map(([cells, filled, prefix]) => cells.map((c, i) => (prefix ? (i < filled ? (c === null || c === '' || c === '  ' ? `第${i}列` : c) : null) : c)));
      fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), (rows) => {
        const values: CellValue[][] = [header, ...rows.map((r, i) => [i + 1, ...r.slice(1, 2), `第${i}项问题：现场检查笔录未载明执法证号`, ...r.slice(3)])];
        const view = new SheetView(grid(values), 'a.xlsx');
        const layout = detectHeader(view)!;
        const fields = [...layout.columns.keys()];
        expect(fieldsLiteral(fields)).toBeDefined();
        for (const items = new ItemRows(view, layout); items.next();) {
          expect(JSON.stringify(items.fieldsObject())).toBe(definition(fields, items.text));
        }
      }), { numRuns: 300 });
    }
  });
});
