import { describe, expect, it } from 'vitest';
import { checkWorkbooks, contentOf, mismatchedUnits, sameUnit, type ReturnedItem } from '../../shared/index.js';
import { grid, HEADER, itemRow, workbook } from './grid-builder.js';

const asOf = '2023-05-29';
const titled = (unit: string) => grid([[`${unit}综合行政执法不规范问题整改台账`], HEADER, itemRow(1), itemRow(2)]);

describe('the units a ledger states, beside a unit given explicitly (SPEC 12.1)', () => {
  it('keeps the title unit when the request names another, and says which ones differ', () => {
    const report = checkWorkbooks([workbook('rulin.xlsx', titled('儒林镇'))], { asOf, unit: '茅坪镇' });
    expect(report.sheets[0]!.unit).toBe('茅坪镇');
    expect(report.sheets[0]!.statedUnits).toEqual(['儒林镇']);
    expect(mismatchedUnits(report, '茅坪镇')).toEqual(['儒林镇']);
    expect(mismatchedUnits(report, '儒林镇')).toEqual([]);
  });

  it('reads the 填报单位 line and every name of a unit column', () => {
    const g = grid([
      ['填报单位：城步苗族自治县林业局（盖章）'],
      ['序号', '责任单位', ...HEADER.slice(1)],
      [1, '丹口镇', ...itemRow(1).slice(1)],
      [2, '西岩镇', ...itemRow(2).slice(1)],
    ]);
    const report = checkWorkbooks([workbook('a.xlsx', g)], { asOf, unit: '丹口镇' });
    expect(report.sheets[0]!.statedUnits).toEqual(['城步苗族自治县林业局', '丹口镇', '西岩镇']);
    expect(mismatchedUnits(report, '丹口镇')).toEqual(['城步苗族自治县林业局', '西岩镇']);
  });

  it('states nothing when no unit was given, and a county prefix is the same unit', () => {
    expect(checkWorkbooks([workbook('a.xlsx', titled('儒林镇'))], { asOf }).sheets[0]!.statedUnits).toBeUndefined();
    expect(sameUnit('儒林镇', '城步苗族自治县儒林镇')).toBe(true);
    expect(sameUnit('儒林镇', '茅坪镇')).toBe(false);
  });
});

describe('returned-unchanged (SPEC 12.3)', () => {
  const sheet = titled('儒林镇');
  const first = checkWorkbooks([workbook('a.xlsx', sheet)], { asOf });
  const [one, two] = first.sheets[0]!.items;
  const returned = new Map<string, ReturnedItem>([[one!.key, { content: contentOf(one!.fields), comment: '请写明涉及案件的文号' }]]);

  it('warns on a returned item whose content fields did not change, with the office’s comment', () => {
    const report = checkWorkbooks([workbook('a.xlsx', sheet)], { asOf, returned });
    const items = report.sheets[0]!.items;
    const d = items[0]!.diagnostics.find((x) => x.code === 'returned-unchanged');
    expect(d).toMatchObject({ severity: 'warning', row: 3 });
    expect(d!.message).toContain('（请写明涉及案件的文号）');
    expect(items[1]!.diagnostics.map((x) => x.code)).not.toContain('returned-unchanged');
    expect(two!.key).toBe(items[1]!.key);
  });

  it('does not warn once a content field changed', () => {
    const changed = grid([[`儒林镇综合行政执法不规范问题整改台账`], HEADER, itemRow(1, { 4: '逐案补正文号并建立文书审核台账' }), itemRow(2)]);
    const report = checkWorkbooks([workbook('a.xlsx', changed)], { asOf, returned });
    expect(report.sheets[0]!.items[0]!.diagnostics.map((x) => x.code)).not.toContain('returned-unchanged');
  });
});
