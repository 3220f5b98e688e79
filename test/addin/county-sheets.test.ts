import { describe, expect, it } from 'vitest';
import { attentionSheet, remindersSheet, reviewSheet, summarySheet } from '../../addin/county/county-sheets.js';
import type { RemindersResponse, SummaryResponse } from '../../shared/schema/api.js';

const unit = (name: string, over: Partial<SummaryResponse['units'][number]> = {}): SummaryResponse['units'][number] => ({
  unit: name, submission: 'on_time', versions: 1, items: 3, byCategory: { 执法程序: 2, 执法效率: 1 }, byStatus: { in_progress: 2, completed: 1 },
  byTimeliness: { on_track: 2, overdue: 1 }, byReview: { pending: 3 }, reviewOverdue: 0, closedOut: 1, closedOutReported: 1, closeOutRate: 1 / 3,
  vague: 0, overdue: 1, nearDuplicates: 0, keyAttention: false, reasons: [], notices: 0, workNotices: 0, reminders: 0, interviews: 0, peopleInterviewed: 0, ...over,
});
const SUMMARY: SummaryResponse = {
  asOf: '2023-05-29', campaign: 'c', crossUnit: [],
  totals: { units: 2, submitted: 1, late: 0, missing: 1, items: 3, overdue: 1, closedOut: 1, reviewOverdue: 0, keyAttention: 1, notices: 0, workNotices: 0, reminders: 0, interviews: 0, peopleInterviewed: 0 },
  units: [unit('儒林镇', { keyAttention: true, reasons: ['imprecise', 'copied'], vague: 2, nearDuplicates: 1 }), unit('茅坪镇', { submission: 'missing', items: 0 })],
};

describe('the county sheets', () => {
  it('全县汇总 lists every unit with submission, categories, statuses, overdue and close-out rate, and a chart table', () => {
    const t = summarySheet(SUMMARY, ['执法程序', '执法效率']);
    expect(t.name).toBe('全县·汇总');
    expect(t.rows[0]![0]).toBe('全县·汇总（截至 2023-05-29）');
    expect(t.rows[1]).toContain('销号率');
    expect(t.rows[2]!.slice(0, 6)).toEqual(['儒林镇', '按时报送', '', 3, 2, 1]);
    expect(t.rows[3]![1]).toBe('未报送');
    expect(t.rows[2]).toContain(33.3);
    expect(t.chart!.rows[0]![0]).toBe('单位');
    expect(t.chart!.rows.slice(1).map((r) => r[0])).toEqual(['儒林镇', '茅坪镇']);
  });

  it('重点关注 lists only flagged units with their reasons in Chinese', () => {
    const rows = attentionSheet(SUMMARY).rows.slice(2);
    expect(rows).toEqual([['儒林镇', '问题描述不精准、与其他单位问题雷同', 3, 2, 1, 1, '按时报送']]);
  });

  it('催办清单 has a line per overdue item and one for a unit that has not submitted', () => {
    const r: RemindersResponse = { asOf: '2023-05-29', units: [
      { unit: '茅坪镇', reason: 'missing', overdueItems: [], notices: 1, lastNoticeOn: '2023-05-20' },
      { unit: '儒林镇', reason: 'overdue', overdueItems: [{ key: 'K1', description: '送达不规范', due: '2023-04-30', daysOverdue: 29 }], notices: 0 },
    ] };
    expect(remindersSheet(r).rows.slice(2)).toEqual([
      ['茅坪镇', '未报送整改台账', '', '', '', '', '2023-05-20', 1],
      ['儒林镇', '1项事项逾期', 'K1', '送达不规范', '2023-04-30', 29, '', 0],
    ]);
    // Nobody to chase: the sheet says so, as 重点关注 does, rather than end at its header.
    expect(remindersSheet({ asOf: '2023-04-24', units: [] }).rows.slice(2)).toEqual([['（无：没有逾期事项，也没有未报送的单位）']]);
  });

  it('会诊事项 leaves the 决定 and 意见 columns blank for the office to fill', () => {
    const t = reviewSheet([{ key: 'K1', unit: '儒林镇', description: 'd', status: 'in_progress', timeliness: { state: 'on_track', daysLeft: 32 }, review: { state: 'pending', since: '2023-05-20', due: '2023-05-25', overdue: true } }], '2023-05-29');
    expect(t.rows[1]!.slice(7)).toEqual(['决定', '意见', '提交结果']);
    expect(t.rows[2]).toEqual(['K1', '儒林镇', 'd', '整改中', '正常推进', '待会诊', '已超期（2023-05-25）', '', '', '']);
    // The 决定 column (H) offers the three decisions on every item row.
    expect(t.dropdown).toEqual({ column: 7, firstRow: 3, lastRow: 3, choices: ['交办', '退回完善', '销号'] });
    expect(t.rows[0]![0]).toBe('全县·会诊事项（截至 2023-05-29；在“决定”列选择 交办 / 退回完善 / 销号，再点“提交会诊决定”）');
    // A county with more items than the sheet lists says how many there are.
    const part = reviewSheet([], '2023-05-29', 25_000);
    expect(part.rows[0]![0]).toBe('全县·会诊事项（截至 2023-05-29；共 25000 项，本表列出前 0 项；在“决定”列选择 交办 / 退回完善 / 销号，再点“提交会诊决定”）');
  });
});
