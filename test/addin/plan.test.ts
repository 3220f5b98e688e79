import { describe, expect, it } from 'vitest';
import { assembleGrid, chunkPlan, parseAreas, rowsPerChunk } from '../../addin/excel/chunks.js';
import { WriteBatch } from '../../addin/excel/batch.js';
import { marksSheetName, runMarksName } from '../../addin/excel/state.js';
import { MARK, NOTE_MARK, planAnnotations, REPORT_TITLE } from '../../addin/annotation-plan.js';
import numfmt from 'numfmt';
import { checkWorkbooks, DAYS_LEFT_FORMAT, displayWidth, ENRICHMENT_COLUMNS, widthInPoints } from '../../shared/index.js';

const HEADER = ['序号', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改状态', '佐证材料'];
const ROW = (n: number, over: Record<number, string | null> = {}) => {
  const r: (string | number | null)[] = [n, '执法程序', `2023年3月第${n}起案件送达回证无受送达人签名`, '规范送达程序并补正全部送达材料', '张志强', '杨帆', '2023年6月30日前', '整改中', null];
  for (const [i, v] of Object.entries(over)) r[Number(i)] = v;
  return r;
};
const report = (rows: (string | number | null)[][]) => checkWorkbooks([{ file: 'a.xlsx', sheets: [{ sheet: '台账', values: rows }] }], { asOf: '2023-05-29' }).sheets[0]!;

describe('what a check writes, planned from the report', () => {
  it('marks each diagnosed cell with its worst severity, in a block over the item rows', () => {
    const plan = planAnnotations(report([HEADER, ROW(1, { 5: null }), [], ROW(3, { 1: '执法态度', 2: '执法不规范' })]), { usedRight: 9 });
    expect(plan.marked).toEqual({ top: 2, left: 1, bottom: 4, right: 9 });
    expect(plan.marks[0]![5]).toBe(MARK.error); // F2 required-empty
    expect(plan.marks[1]!.every((m) => m === 0)).toBe(true); // blank row 3
    expect(plan.marks[2]![1]).toBe(MARK.error); // B4 category-invalid
    expect(plan.marks[2]![2]).toBe(MARK.warning); // C4 description-vague
  });

  it('writes one note per diagnosed cell, marked as ours, with every message', () => {
    const plan = planAnnotations(report([HEADER, ROW(1, { 2: '执法不规范', 3: '加强学习' })]), { usedRight: 9 });
    expect([...plan.notes.keys()]).toEqual(['C2', 'D2']);
    expect(plan.notes.get('C2')).toMatch(new RegExp(`^${NOTE_MARK}问题描述过于笼统`));
  });

  it('puts the computed columns right of everything the user has, or back where they were', () => {
    const fresh = planAnnotations(report([HEADER, ROW(1)]), { usedRight: 11 });
    expect(fresh.enrichment).toMatchObject({ headerRow: 1, firstRow: 2, left: 12, headers: ENRICHMENT_COLUMNS.map((c) => c.header) });
    expect(fresh.enrichment!.rows[0]![1]).toBe(45107); // 2023-06-30 as a real date
    const again = planAnnotations(report([[...HEADER, ...ENRICHMENT_COLUMNS.map((c) => c.header)], ROW(1)]), { usedRight: 15 });
    expect(again.enrichment!.left).toBe(10);
  });

  it('extends the columns of a sheet checked before 检查·佐证材料 existed, unless the user has a column right of them', () => {
    const older = [...HEADER, ...ENRICHMENT_COLUMNS.slice(0, -1).map((c) => c.header)]; // J..O
    const extended = planAnnotations(report([older, ROW(1)]), { usedRight: 15 });
    expect(extended.enrichment!.left).toBe(10);
    expect(extended.enrichment!.headers.at(-1)).toBe('检查·佐证材料');
    // Something typed in P: the new column would overwrite it, so all of them move right of it.
    expect(planAnnotations(report([older, ROW(1)]), { usedRight: 16 }).enrichment!.left).toBe(17);
    // Columns with a gap between them are not reused either.
    const gapped = [...HEADER, ...ENRICHMENT_COLUMNS.slice(0, 2).map((c) => c.header), '备注', ...ENRICHMENT_COLUMNS.slice(2, -1).map((c) => c.header)];
    expect(planAnnotations(report([gapped, ROW(1)]), { usedRight: 16 }).enrichment!.left).toBe(17);
  });

  it('lists every finding in the report sheet with a link to its cell', () => {
    const plan = planAnnotations(report([HEADER, ROW(1, { 6: '尽快' })]), { usedRight: 9 });
    expect(plan.report[0]![0]).toBe(REPORT_TITLE);
    expect(plan.report[1]!.slice(0, 4)).toEqual(['级别', '问题类型', '问题代码', '单元格']);
    expect(plan.report.slice(2).map((r) => r[2])).toContain('deadline-invalid');
    const line = plan.report.find((r) => r[2] === 'deadline-invalid')!;
    // The code reads in Chinese, with the code beside it for whoever looks it up.
    expect(line[1]).toBe('整改时限不明确');
    expect(line[3]).toBe(`=HYPERLINK("#'台账'!G2","G2")`);
  });

  it('makes the computed columns wide enough to read their headers, and 剩余天数 explain a negative number', () => {
    const plan = planAnnotations(report([HEADER, ROW(1)]), { usedRight: 11 });
    ENRICHMENT_COLUMNS.forEach((c, i) => expect(plan.enrichment!.widths[i]).toBeGreaterThanOrEqual(widthInPoints(displayWidth(c.header) + 2)));
    const daysLeft = ENRICHMENT_COLUMNS.findIndex((c) => c.id === 'daysLeft');
    expect(plan.enrichment!.formats[daysLeft]).toBe(DAYS_LEFT_FORMAT);
    // The format keeps the value a number and shows a negative one as days overdue (numfmt is Excel's formatter here).
    expect(numfmt.format(DAYS_LEFT_FORMAT, -12)).toBe('已逾期 12 天');
    expect(numfmt.format(DAYS_LEFT_FORMAT, 30)).toBe('30');
    expect(numfmt.format(DAYS_LEFT_FORMAT, 0)).toBe('0');
  });
});

describe('reading and writing in chunks under the payload limit', () => {
  it('sizes chunks from the measured bytes per row', () => {
    expect(rowsPerChunk(200, 160_000, 4_000_000)).toBe(4000);
    expect(chunkPlan(10_000, 200, 4000)).toEqual([{ start: 200, count: 4000 }, { start: 4200, count: 4000 }, { start: 8200, count: 1800 }]);
    expect(chunkPlan(150, 150, 4000)).toEqual([]);
  });

  it('writes rows in slices that fill each request to the budget, sharing requests between writes', async () => {
    let syncs = 0;
    const batch = new WriteBatch({ sync: async () => void syncs++ } as unknown as Excel.RequestContext, 10_000);
    const rows = Array.from({ length: 200 }, (_, i) => [`第${String(i).padStart(3, '0')}行`, 'x'.repeat(100)]);
    const written: { start: number; rows: string[][]; at: number }[] = [];
    await batch.add(5_000, () => {});
    await batch.addRows(rows, (start, slice) => written.push({ start, rows: slice, at: syncs }));
    await batch.flush();
    expect(written.flatMap((w) => w.rows)).toEqual(rows);
    expect(written.map((w) => w.start)).toEqual(written.map((_, i) => written.slice(0, i).reduce((n, w) => n + w.rows.length, 0)));
    // The first slice goes in the request the 5,000 bytes already opened; each later one fills a request.
    expect(written[0]!.at).toBe(0);
    const perRow = new TextEncoder().encode(JSON.stringify(rows[0])).length + 1;
    // (each queued write also counts 400 bytes of paths and ids)
    expect(written[0]!.rows.length).toBe(Math.floor((10_000 - 5_400 - 400) / perRow));
    for (const w of written.slice(1, -1)) expect(w.rows.length).toBe(Math.floor((10_000 - 400) / perRow));
    expect(written.length).toBeGreaterThan(2);
    expect(syncs).toBe(written.length);
  });

  it('parses merged areas, quoted sheet names included', () => {
    expect(parseAreas("'整改 台账'!A1:Q1, '整改 台账'!A3:A4,'整改 台账'!C5")).toEqual([
      { top: 1, left: 1, bottom: 1, right: 17 },
      { top: 3, left: 1, bottom: 4, right: 1 },
      { top: 5, left: 3, bottom: 5, right: 3 },
    ]);
  });

  it('turns Excel blanks into empty cells and keeps only text that differs from the value', () => {
    const g = assembleGrid('S', 2, 3, [{ values: [['a', '', 45077]], text: [['a', '', '2023年5月31日']], numberFormat: [['General', 'General', 'yyyy"年"m"月"d"日"']] }], [], [], []);
    expect(g).toMatchObject({ top: 2, left: 3, values: [['a', null, 45077]], text: [[null, null, '2023年5月31日']], formats: [[null, null, 'yyyy"年"m"月"d"日"']] });
  });

  it('reads WPS\'s picture in a cell, its =DISPIMG text still in Excel, as [图片], as ledger-check and the upload do', () => {
    const picture = '=DISPIMG("ID_343DFC770DE840EFB3B0EC4FD4D2FCC0",1)';
    const g = assembleGrid('S', 1, 1, [{ values: [[picture, '=DISPIMG 是 WPS 的函数']], text: [[picture, '=DISPIMG 是 WPS 的函数']], numberFormat: [['General', 'General']] }], [], [], []);
    expect(g.values).toEqual([['[图片]', '=DISPIMG 是 WPS 的函数']]);
    expect(g.text).toEqual([[null, null]]);
  });

  it('moves a 1904 workbook\'s dates into the 1900 system, and only its dates', () => {
    const block = { values: [[43615, 43615, 0.5, '2023.5.15']], text: [['2023年5月31日', '43615', '12:00', '2023.5.15']], numberFormat: [['yyyy"年"m"月"d"日"', '0', 'h:mm', 'General']] };
    expect(assembleGrid('S', 1, 1, [block], [], [], [], 1462).values).toEqual([[45077, 43615, 0.5, '2023.5.15']]);
    expect(assembleGrid('S', 1, 1, [block], [], [], []).values).toEqual([[43615, 43615, 0.5, '2023.5.15']]);
  });

  it('names each sheet’s marks sheet from the sheet’s id, within Excel’s 31 characters (a run’s own name too)', () => {
    const id = '{B7A4F3C2-9D1E-4F6A-8B2C-3D4E5F6A7B8C}';
    expect(runMarksName(id, 'zzzzz').length).toBeLessThanOrEqual(31);
    expect(runMarksName(id, 'abcde').startsWith(`${marksSheetName(id)}_`)).toBe(true);
    expect(marksSheetName('{00000000-0001-0000-0001-000000000000}')).not.toBe(marksSheetName('{00000000-0001-0000-0002-000000000000}'));
  });
});
