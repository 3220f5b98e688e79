import { describe, expect, it } from 'vitest';
import { checkWorkbooks, DIAGNOSTICS, isoToSerial, ReportSchema, type CellValue, type Report } from '../../shared/index.js';
import { grid, HEADER, itemRow, workbook } from './grid-builder.js';

const AS_OF = '2023-05-29';
const check = (rows: CellValue[][], extra = {}) => checkWorkbooks([workbook('某局.xlsx', grid(rows, extra))], { asOf: AS_OF });
const codesAt = (report: Report, row: number) => report.sheets[0]!.items.find((i) => i.row === row)?.diagnostics.map((d) => `${d.code}@${d.column}`) ?? [];
const sheetCodes = (report: Report) => report.sheets.flatMap((s) => s.diagnostics.map((d) => d.code));
const DATE = 'yyyy"年"m"月"d"日"';

/** A ledger of HEADER with one item row (row 2) built from overrides. */
function one(overrides: Record<number, CellValue>, formats?: (string | null)[]) {
  return check([HEADER, itemRow(1, overrides)], formats ? { formats: [[], formats] } : {});
}

describe('each diagnostic code fires when it should, and only then', () => {
  it('a clean item has no diagnostics at all', () => {
    const r = one({});
    expect(codesAt(r, 2)).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('header-not-found: a file whose sheets hold no ledger', () => {
    const r = checkWorkbooks([workbook('notes.xlsx', grid([['填表说明'], ['请按要求填写']], { sheet: '说明' }), grid([['a', 'b']], { sheet: 'Sheet2' }))], { asOf: AS_OF });
    expect(sheetCodes(r)).toEqual(['header-not-found']);
    expect(r.sheets[0]!.diagnostics[0]!.message).toContain('“说明”“Sheet2”');
    expect(r.valid).toBe(false);
  });

  it('sheet-skipped: an instructions sheet beside the ledger is fine', () => {
    const r = checkWorkbooks([workbook('a.xlsx', grid([['填表说明']], { sheet: '填表说明' }), grid([HEADER, itemRow(1)], { sheet: '台账' }))], { asOf: AS_OF });
    expect(r.sheets.map((s) => [s.sheet, s.isLedger, s.diagnostics.map((d) => `${d.code}:${d.severity}`)])).toEqual([
      ['填表说明', false, ['sheet-skipped:info']],
      ['台账', true, []],
    ]);
    expect(r.valid).toBe(true);
  });

  it('column-missing: an error for a required field, a warning for a recommended one', () => {
    const r = check([['序号', '问题描述', '问题类别', '整改时限', '责任人']]);
    const missing = r.sheets[0]!.diagnostics.filter((d) => d.code === 'column-missing').map((d) => `${d.field}:${d.severity}`);
    expect(missing).toEqual(['cause:warning', 'measures:error', 'leader:error', 'status:warning', 'completedOn:warning', 'evidence:warning']);
  });

  it('column-ambiguous: two columns for one field', () => {
    const r = check([[...HEADER, '存在问题'], itemRow(1)]);
    expect(r.sheets[0]!.diagnostics.find((d) => d.code === 'column-ambiguous')).toMatchObject({ field: 'description', severity: 'warning' });
  });

  it('required-empty: an empty required cell, pointing at it', () => {
    expect(codesAt(one({ 6: null }), 2)).toEqual(['required-empty@G']);
    expect(codesAt(one({ 5: '' }), 2)).toEqual(['required-empty@F']);
    // An empty deadline is required-empty, not also deadline-invalid.
    expect(codesAt(one({ 7: null }), 2)).toEqual(['required-empty@H']);
  });

  it('category-invalid: a category outside the campaign list (but 执法程序类 is fine)', () => {
    expect(codesAt(one({ 1: '执法态度' }), 2)).toEqual(['category-invalid@B']);
    expect(codesAt(one({ 1: '执法程序类' }), 2)).toEqual([]);
  });

  it('deadline-invalid and deadline-before-campaign', () => {
    expect(codesAt(one({ 7: '尽快' }), 2)).toEqual(['deadline-invalid@H']);
    const before = one({ 7: '2023年3月1日', 8: '已完成', 9: '2023年3月1日', 10: '报告' });
    expect(codesAt(before, 2)).toEqual(['deadline-before-campaign@H']);
  });

  it('status-invalid (error) and status-empty (info)', () => {
    expect(codesAt(one({ 8: '待定' }), 2)).toEqual(['status-invalid@I']);
    const empty = one({ 8: null });
    expect(codesAt(empty, 2)).toEqual(['status-empty@I']);
    expect(empty.sheets[0]!.items[0]!.status).toBe('in_progress');
    expect(empty.valid).toBe(true);
  });

  it('closed-not-completed and closed-without-evidence', () => {
    const head = [...HEADER, '是否销号'];
    const notDone = check([head, [...itemRow(1), '是']]);
    expect(codesAt(notDone, 2)).toEqual(['closed-not-completed@L']);
    expect(notDone.sheets[0]!.items[0]!.status).toBe('in_progress');
    const noEvidence = check([head, [...itemRow(1, { 8: '已完成', 9: '2023年5月1日' }), '已销号']]);
    expect(codesAt(noEvidence, 2)).toEqual(['closed-without-evidence@K']);
    expect(noEvidence.sheets[0]!.items[0]!.status).toBe('closed_out');
    const fine = check([head, [...itemRow(1, { 8: '已完成', 9: '2023年5月1日', 10: '整改报告' }), '已销号']]);
    expect(codesAt(fine, 2)).toEqual([]);
  });

  it('completed-without-evidence, completed-without-date and completed-in-future', () => {
    expect(codesAt(one({ 8: '已完成', 9: '2023年5月1日' }), 2)).toEqual(['completed-without-evidence@K']);
    expect(codesAt(one({ 8: '已完成', 10: '报告' }), 2)).toEqual(['completed-without-date@J']);
    expect(codesAt(one({ 8: '已完成', 9: isoToSerial('2023-06-02'), 10: '报告' }, [null, null, null, null, null, null, null, null, null, DATE]), 2)).toEqual([
      'completed-in-future@J',
    ]);
    // On an open item a date in the completion column is a plan, not a finding.
    expect(codesAt(one({ 9: '2023年6月2日' }), 2)).toEqual([]);
  });

  it('overdue: an open item past its deadline, with the days', () => {
    const r = one({ 7: '2023年4月30日' });
    expect(codesAt(r, 2)).toEqual(['overdue@H']);
    expect(r.sheets[0]!.items[0]!.timeliness).toEqual({ state: 'overdue', daysOverdue: 29 });
    // Completed late is done_late, not overdue.
    const late = one({ 7: '2023年4月30日', 8: '已完成', 9: '2023年5月3日', 10: '报告' });
    expect(codesAt(late, 2)).toEqual([]);
    expect(late.sheets[0]!.items[0]!.timeliness.state).toBe('done_late');
  });

  it('description-vague and measures-vague', () => {
    expect(codesAt(one({ 2: '执法不规范', 4: '加强学习' }), 2)).toEqual(['description-vague@C', 'measures-vague@E']);
    // Long enough or concrete: not vague.
    expect(codesAt(one({ 2: '2023年3月有2起案件未按时送达处罚决定书' }), 2)).toEqual([]);
  });

  it('duplicate-item: on the later of two items with the same normalised description', () => {
    const r = check([HEADER, itemRow(1, { 2: '处罚决定书送达不规范，2起案件无签名' }), itemRow(2, { 2: '处罚决定书送达不规范 2起案件无签名。' })]);
    expect(codesAt(r, 2)).toEqual([]);
    expect(codesAt(r, 3)).toEqual(['duplicate-item@C']);
    expect(r.sheets[0]!.items[1]!.diagnostics[0]!.message).toContain('第2行');
  });

  it('near-duplicate: nearly the same description in another unit, both ways, with the pair listed once', () => {
    const a = grid([HEADER, itemRow(1, { 2: '对违规建房巡查不到位，2023年3月发现违建2处未及时制止' })], { sheet: '茅坪镇' });
    const b = grid([HEADER, itemRow(1, { 2: '对违规建房巡查不到位，2023年3月发现违建1处未及时制止' })], { sheet: '儒林镇' });
    const r = checkWorkbooks([workbook('a.xlsx', a), workbook('b.xlsx', b)], { asOf: AS_OF });
    expect(r.sheets.map((s) => s.items[0]!.diagnostics.map((d) => d.code))).toEqual([['near-duplicate'], ['near-duplicate']]);
    expect(r.crossUnit).toHaveLength(1);
    expect(r.crossUnit[0]!.similarity).toBeGreaterThanOrEqual(0.8);
    // The same unit twice is a duplicate matter, never a near-duplicate.
    const same = checkWorkbooks([workbook('a.xlsx', a), workbook('a2.xlsx', { ...b, sheet: '茅坪镇' })], { asOf: AS_OF });
    expect(same.crossUnit).toEqual([]);
  });

  it('every catalogued code has a severity and messages in Chinese and English', () => {
    for (const [code, def] of Object.entries(DIAGNOSTICS)) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['error', 'warning', 'info']).toContain(def.severity);
      expect(def.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(def.en).toMatch(/^[A-Z"]/);
      expect(def.en).not.toMatch(/[。，；]/);
    }
    expect(Object.keys(DIAGNOSTICS)).toHaveLength(22);
    expect(DIAGNOSTICS['returned-unchanged'].severity).toBe('warning');
  });

  it('every report validates against the wire schema', () => {
    expect(() => ReportSchema.parse(one({ 1: '执法态度', 7: '尽快' }))).not.toThrow();
  });
});
