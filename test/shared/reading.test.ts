import { describe, expect, it } from 'vitest';
import { checkWorkbooks, isoToSerial, itemKey } from '../../shared/index.js';
import { grid, HEADER, itemRow, merge, workbook } from './grid-builder.js';

const AS_OF = '2023-05-29';
const run = (...books: ReturnType<typeof workbook>[]) => checkWorkbooks(books, { asOf: AS_OF });

describe('which rows are items', () => {
  it('skips blank rows, footers, a lone 经自查暂未发现问题 with its 序号, and a column-number row', () => {
    const r = run(
      workbook('a.xlsx', grid([
        HEADER,
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        itemRow(1),
        [],
        [null, null, null],
        [2, null, '经自查暂未发现问题'],
        [3, '执法程序', '经自查，暂未发现问题'],
        itemRow(4),
        ['填表人：李红梅', null, null, null, null, null, '联系电话：0739-7322001'],
      ])),
    );
    expect(r.sheets[0]!.items.map((i) => i.row)).toEqual([3, 8]);
  });

  it('gives a merged cell value to every row it covers, in its first column', () => {
    const rows = [HEADER, itemRow(1), itemRow(2, { 5: null }), itemRow(3, { 5: null })];
    const r = run(workbook('a.xlsx', grid(rows, { merges: [merge(2, 6, 4, 6)] })));
    expect(r.sheets[0]!.items.map((i) => i.fields.leader)).toEqual(['张志强', '张志强', '张志强']);
    expect(r.sheets[0]!.items.flatMap((i) => i.diagnostics)).toEqual([]);
  });

  it('keeps the sheet’s own row numbers for a grid that starts lower down', () => {
    const r = run(workbook('a.xlsx', grid([HEADER, itemRow(1)], { top: 7 })));
    expect(r.sheets[0]!.headerRows).toEqual([7]);
    expect(r.sheets[0]!.items[0]!.row).toBe(8);
  });

  it('reads dates as Excel serials in date-formatted cells, and as text', () => {
    const serial = isoToSerial('2023-06-15');
    const r = run(workbook('a.xlsx', grid([HEADER, itemRow(1, { 7: serial }), itemRow(2, { 7: serial })], { formats: [[], Array(11).fill('yyyy/m/d')], text: [[], Array(11).fill(null)] })));
    expect(r.sheets[0]!.items[0]!.deadline).toMatchObject({ kind: 'date', due: '2023-06-15', text: '2023-06-15' });
    // Without a date format the number is a number, not a date.
    expect(r.sheets[0]!.items[1]!.deadline.kind).toBe('invalid');
  });

  it('shows each field as the cell’s displayed text', () => {
    const r = run(workbook('a.xlsx', grid([HEADER, itemRow(1, { 7: 45107 })], { formats: [[], [null, null, null, null, null, null, null, 'yyyy"年"m"月"d"日"']], text: [[], [null, null, null, null, null, null, null, '2023年6月30日']] })));
    expect(r.sheets[0]!.items[0]!.fields.deadline).toBe('2023年6月30日');
    expect(r.sheets[0]!.items[0]!.deadline.due).toBe('2023-06-30');
  });
});

describe('which unit a ledger belongs to', () => {
  const body = [HEADER, itemRow(1), itemRow(2)];
  const unitOf = (g: ReturnType<typeof grid>, file = 'x.xlsx', unit?: string) => checkWorkbooks([workbook(file, g)], { asOf: AS_OF, unit }).sheets[0]!.unit;

  it('takes the unit given explicitly first', () => {
    expect(unitOf(grid([['填报单位：某局'], ...body]), 'x.xlsx', '儒林镇')).toBe('儒林镇');
  });

  it('then a 填报单位 label above the header, without （盖章）', () => {
    expect(unitOf(grid([['茅坪镇综合行政执法问题整改台账'], ['填报单位：城步苗族自治县市场监督管理局（盖章）', null, null, '填报时间：2023年4月24日'], ...body]))).toBe('城步苗族自治县市场监督管理局');
    expect(unitOf(grid([['填报单位（盖章）：', '西岩镇'], ...body]))).toBe('西岩镇');
  });

  it('then the title before 综合行政执法, 行政执法, 整改台账 or 整改清单', () => {
    expect(unitOf(grid([['儒林镇综合行政执法不规范问题整改清单'], ...body]))).toBe('儒林镇');
    expect(unitOf(grid([['2023年丹口镇整改台账'], ...body]))).toBe('丹口镇');
  });

  it('then the sheet name unless it is generic, then the file name', () => {
    expect(unitOf(grid(body, { sheet: '茅坪镇' }))).toBe('茅坪镇');
    expect(unitOf(grid(body, { sheet: 'Sheet1' }), 'dir/五团镇.xlsx')).toBe('五团镇');
    expect(unitOf(grid(body, { sheet: '整改台账' }), '汀坪乡整改台账.xlsx')).toBe('汀坪乡');
  });

  it('gives each row of a county aggregate the unit of its 责任单位 column', () => {
    const head = ['序号', '责任单位', ...HEADER.slice(1)];
    const row = (seq: number, unit: string) => { const r = itemRow(seq); return [r[0]!, unit, ...r.slice(1)]; };
    const r = run(workbook('全县汇总.xlsx', grid([head, row(1, '儒林镇'), row(2, '茅坪镇'), row(3, '儒林镇')])));
    expect(r.sheets[0]!.items.map((i) => i.unit)).toEqual(['儒林镇', '茅坪镇', '儒林镇']);
    expect(r.units.map((u) => [u.unit, u.items])).toEqual([['儒林镇', 2], ['茅坪镇', 1]]);
  });

  it('reads the fill date from a 填报时间 label', () => {
    const r = run(workbook('a.xlsx', grid([['填报单位：某局', '填报时间：2023年4月26日'], ...body])));
    expect(r.sheets[0]!.fillDate).toBe('2023-04-26');
    expect(r.units[0]!.reasons).toContain('late');
  });
});

describe('item keys', () => {
  it('derives a key from unit and 序号, else from the description, stable across runs', () => {
    expect(itemKey('儒林镇', '3', 'a')).toBe(itemKey('儒林镇', ' 3 ', 'b'));
    expect(itemKey('儒林镇', '3', 'a')).not.toBe(itemKey('茅坪镇', '3', 'a'));
    expect(itemKey('儒林镇', '', '执法 不规范。')).toBe(itemKey('儒林镇', '', '执法不规范'));
    expect(itemKey('儒林镇', '1', '')).toMatch(/^ZG-[0-9A-Z]{14}$/);
  });

  it('prefers the key the add-in wrote into the sheet, and keeps keys unique within a sheet', () => {
    const head = [...HEADER, '检查·事项编号'];
    const r = run(workbook('a.xlsx', grid([head, [...itemRow(1), 'ZG-WRITTEN'], itemRow(2, { 0: 2 }), itemRow(3, { 0: 2 })])));
    const keys = r.sheets[0]!.items.map((i) => i.key);
    expect(keys[0]).toBe('ZG-WRITTEN');
    expect(new Set(keys).size).toBe(3);
    expect(r.sheets[0]!.enrichmentColumns).toEqual({ key: 'L' });
  });
});

describe('key attention', () => {
  const own: Record<string, string> = {
    甲镇: '2023年1月至3月共有4起违建投诉超过15日未处置',
    乙镇: '辖区内3家砂石场夜间作业扰民，巡查发现后未立案',
    丙镇: '农贸市场2处占道经营长期存在，仅口头劝导未处罚',
    丁镇: '执法车辆使用登记不全，1至3月有6次出车无审批记录',
  };
  // Each unit's items in its own words, so only the reasons under test apply.
  const ledger = (sheet: string, rows: ReturnType<typeof itemRow>[]) =>
    workbook(`${sheet}.xlsx`, grid([HEADER, ...rows.map((r) => (String(r[2]).startsWith('2023年3月办理') ? Object.assign([...r], { 2: `${own[sheet]}（第${r[0]}项）` }) : r))], { sheet }));

  it('flags too few items, vague findings, overdue items, and no one else', () => {
    const r = run(
      ledger('甲镇', [itemRow(1)]),
      ledger('乙镇', [itemRow(1, { 2: '执法不规范' }), itemRow(2, { 2: '学习不够深入' }), itemRow(3)]),
      ledger('丙镇', [1, 2, 3].map((n) => itemRow(n, { 7: '2023年5月1日' }))),
      ledger('丁镇', [itemRow(1), itemRow(2)]),
    );
    expect(Object.fromEntries(r.units.map((u) => [u.unit, u.reasons]))).toEqual({
      甲镇: ['too-few'],
      乙镇: ['imprecise'],
      丙镇: ['overdue'],
      丁镇: [],
    });
    expect(r.units.find((u) => u.unit === '丁镇')!.keyAttention).toBe(false);
  });

  it('an empty ledger still names its unit, which then has too few items', () => {
    const r = run(ledger('空白镇', []));
    expect(r.units).toMatchObject([{ unit: '空白镇', items: 0, keyAttention: true, reasons: ['too-few'] }]);
  });
});
