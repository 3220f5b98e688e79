import type { BriefItem, RemindersResponse, SummaryResponse } from '../../shared/schema/api.js';
import { REVIEW_ZH, TIMELINESS_ZH } from '../../shared/index.js';
import { REASONS } from '../i18n.js';

/**
 * The county sheets the add-in writes, one group: each name starts with 全县· so they sort and
 * read together, apart from the ledger, and each A1 title starts with its name, which marks it as ours.
 */
export const COUNTY_PREFIX = '全县·';
export const COUNTY_SHEETS = { summary: `${COUNTY_PREFIX}汇总`, attention: `${COUNTY_PREFIX}重点关注`, reminders: `${COUNTY_PREFIX}催办清单`, review: `${COUNTY_PREFIX}会诊事项` } as const;
/** The group's tab colour, so the county sheets stand apart from a unit's own. */
export const COUNTY_TAB_COLOR = '#1F4E79';

export type Cell = string | number;
export interface SheetTable {
  name: string;
  rows: Cell[][];
  /** Rows of the chart's source table (summary sheet only), below the main table. */
  chart?: { top: number; rows: Cell[][] };
  /** A column whose cells offer a dropdown of these words (0-based column, 1-based rows). */
  dropdown?: { column: number; firstRow: number; lastRow: number; choices: readonly string[] };
}

const SUBMISSION_ZH = { on_time: '按时报送', late: '逾期报送', missing: '未报送' } as const;
const STATUS_ZH: Record<string, string> = { not_started: '未整改', in_progress: '整改中', completed: '已完成', closed_out: '已销号', unknown: '状态不明' };
const CHART_STATES = ['on_track', 'due_soon', 'overdue', 'done_on_time', 'done_late', 'done', 'ongoing', 'unknown'] as const;

/** 全县汇总: per unit, submission, counts by category, status and timeliness, close-out rate. */
export function summarySheet(s: SummaryResponse, categories: readonly string[]): SheetTable {
  const statuses = ['not_started', 'in_progress', 'completed', 'closed_out'];
  const header: Cell[] = ['单位', '报送情况', '首次报送', '事项数', ...categories, ...statuses.map((x) => STATUS_ZH[x]!), '已逾期', '即将到期', '销号率', '重点关注', '工作提示', '约谈人数'];
  const rows: Cell[][] = [[`${COUNTY_SHEETS.summary}（截至 ${s.asOf}）`], header];
  for (const u of s.units) {
    rows.push([
      u.unit, SUBMISSION_ZH[u.submission], u.firstSubmittedOn ?? '', u.items,
      ...categories.map((c) => u.byCategory[c] ?? 0),
      ...statuses.map((x) => u.byStatus[x] ?? 0),
      u.byTimeliness.overdue ?? 0, u.byTimeliness.due_soon ?? 0,
      Math.round(u.closeOutRate * 1000) / 10,
      u.keyAttention ? reasonsZh(u.reasons) : '', u.notices, u.peopleInterviewed,
    ]);
  }
  const t = s.totals;
  rows.push(['合计', `未报送${t.missing}个，逾期${t.late}个`, '', t.items, ...categories.map(() => ''), ...statuses.map(() => ''), t.overdue, '', '', `${t.keyAttention}个单位`, t.notices, t.peopleInterviewed]);
  const chartRows: Cell[][] = [['单位', ...CHART_STATES.map((x) => TIMELINESS_ZH[x])]];
  for (const u of s.units) chartRows.push([u.unit, ...CHART_STATES.map((x) => u.byTimeliness[x] ?? 0)]);
  return { name: COUNTY_SHEETS.summary, rows, chart: { top: rows.length + 3, rows: chartRows } };
}

/** 重点关注: the units flagged, with their reasons and the counts behind them. */
export function attentionSheet(s: SummaryResponse): SheetTable {
  const rows: Cell[][] = [[`${COUNTY_SHEETS.attention}（截至 ${s.asOf}）`], ['单位', '原因', '事项数', '描述笼统', '与其他单位雷同', '逾期事项', '报送情况']];
  for (const u of s.units.filter((x) => x.keyAttention)) {
    rows.push([u.unit, reasonsZh(u.reasons), u.items, u.vague, u.nearDuplicates, u.overdue, SUBMISSION_ZH[u.submission]]);
  }
  if (rows.length === 2) rows.push(['（无）']);
  return { name: COUNTY_SHEETS.attention, rows };
}

/** 催办清单: units with overdue items or no submission, each item a line, ready for a work notice. */
export function remindersSheet(r: RemindersResponse): SheetTable {
  const rows: Cell[][] = [[`${COUNTY_SHEETS.reminders}（截至 ${r.asOf}）`], ['单位', '催办原因', '事项编号', '问题描述', '整改时限', '逾期天数', '上次催办', '已催办次数']];
  for (const u of r.units) {
    const why = u.reason === 'missing' ? '未报送整改台账' : `${u.overdueItems.length}项事项逾期`;
    if (!u.overdueItems.length) rows.push([u.unit, why, '', '', '', '', u.lastNoticeOn ?? '', u.notices]);
    for (const it of u.overdueItems) rows.push([u.unit, why, it.key, it.description, it.due, it.daysOverdue, u.lastNoticeOn ?? '', u.notices]);
  }
  if (rows.length === 2) rows.push(['（无：没有逾期事项，也没有未报送的单位）']);
  return { name: COUNTY_SHEETS.reminders, rows };
}

/** The decision words the county office types into 会诊事项's 决定 column, and what they mean. */
export const DECISIONS: Record<string, 'assign' | 'return' | 'close_out'> = { 交办: 'assign', 退回完善: 'return', 退回: 'return', 销号: 'close_out' };
/** The words the 决定 column's dropdown offers. */
export const DECISION_CHOICES = ['交办', '退回完善', '销号'] as const;
export const REVIEW_COLUMNS = { key: 0, decision: 7, comment: 8, result: 9 } as const;

/** 会诊事项: every current item with its review state, and blank 决定 / 意见 columns to fill in. */
export function reviewSheet(items: BriefItem[], asOf: string, total = items.length): SheetTable {
  // A county past what the sheet lists says so in the title: the list is not the county.
  const listed = total > items.length ? `；共 ${total} 项，本表列出前 ${items.length} 项` : '';
  const rows: Cell[][] = [
    [`${COUNTY_SHEETS.review}（截至 ${asOf}${listed}；在“决定”列选择 交办 / 退回完善 / 销号，再点“提交会诊决定”）`],
    ['事项编号', '单位', '问题描述', '整改状态', '时效', '会诊状态', '会诊期限', '决定', '意见', '提交结果'],
  ];
  for (const i of items) {
    rows.push([i.key, i.unit, i.description, STATUS_ZH[i.status] ?? i.status, TIMELINESS_ZH[i.timeliness.state], REVIEW_ZH[i.review.state] ?? i.review.state, i.review.overdue ? `已超期（${i.review.due ?? ''}）` : (i.review.due ?? ''), '', '', '']);
  }
  // The dropdown covers every item row (at least one, so an empty list still shows how to decide).
  return { name: COUNTY_SHEETS.review, rows, dropdown: { column: REVIEW_COLUMNS.decision, firstRow: 3, lastRow: Math.max(3, rows.length), choices: DECISION_CHOICES } };
}

function reasonsZh(reasons: readonly string[]): string {
  return reasons.map((r) => REASONS[r]?.zh ?? r).join('、');
}
