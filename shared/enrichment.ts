import type { ItemReport, TimelinessState } from './schema/report.js';

/**
 * 检查·剩余天数 stays a number (sortable, filterable, usable in formulas) while a negative one
 * reads as what it means: -12 shows 已逾期 12 天 (Excel shows a negative section without its sign).
 */
export const DAYS_LEFT_FORMAT = '0;"已逾期 "0" 天";0';

/**
 * How wide a text is in Excel's column-width units (a character of the default font): CJK and
 * full-width characters count two.
 * @example displayWidth('检查·剩余天数') === 13
 */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 2 : 1;
  return w;
}

/** Excel's column width in characters as points (Calibri/等线 11: about 7 px a character plus padding). */
export function widthInPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/**
 * The computed columns every shell writes to the right of a ledger (SPEC section 8). Their
 * headers carry the 检查· prefix so the reader recognises them on the next run (and updates
 * them instead of adding new ones) and never mistakes them for ledger fields: 检查·规范时限
 * would otherwise read as a deadline column. `format` is the number format each shell writes and
 * `width` (characters) is wide enough to read the header, so both shells look alike.
 */
export const ENRICHMENT_COLUMNS = [
  { id: 'key', header: '检查·事项编号', headerEn: 'Check: item key', format: '@', width: 18 },
  { id: 'due', header: '检查·规范时限', headerEn: 'Check: due date', format: 'yyyy-mm-dd', width: 16 },
  { id: 'daysLeft', header: '检查·剩余天数', headerEn: 'Check: days left', format: DAYS_LEFT_FORMAT, width: 16 },
  { id: 'timeliness', header: '检查·时效', headerEn: 'Check: timeliness', format: '@', width: 12 },
  { id: 'review', header: '检查·会诊状态', headerEn: 'Check: review', format: '@', width: 16 },
  { id: 'diagnostics', header: '检查·问题摘要', headerEn: 'Check: findings', format: '@', width: 48 },
  // Last, so a sheet checked before this column existed gains it at its right edge (annotation-plan.ts).
  { id: 'evidence', header: '检查·佐证材料', headerEn: 'Check: evidence', format: '@', width: 16 },
] as const;
export type EnrichmentId = (typeof ENRICHMENT_COLUMNS)[number]['id'];

const BY_HEADER = new Map<string, EnrichmentId>(ENRICHMENT_COLUMNS.flatMap((c) => [[c.header, c.id], [c.headerEn, c.id]]));

/** The enrichment column a header names, if any (exact match after trimming). */
export function enrichmentIdOf(header: string): EnrichmentId | undefined {
  return BY_HEADER.get(header.trim());
}

export const TIMELINESS_ZH: Record<TimelinessState, string> = {
  done_on_time: '按期完成',
  done_late: '逾期完成',
  done: '已完成',
  ongoing: '长期坚持',
  unknown: '时限不明',
  overdue: '已逾期',
  due_soon: '即将到期',
  on_track: '正常推进',
};

export const REVIEW_ZH: Record<string, string> = {
  pending: '待会诊',
  assigned: '已交办',
  returned: '退回完善',
  revised: '已修改待复核',
  closed_out: '已销号',
  reopened: '回头看重新打开',
};

/** What the county server says of an item beyond its state: the office's latest comment, the effective due date. */
export interface ServerFacts {
  comment?: string | undefined;
  /** The decision the comment came with (assign, return, close_out, reopen). */
  decision?: string | undefined;
  /** The effective due date (an approved extension's), when the server has one. */
  due?: string | undefined;
  /** Evidence files (佐证材料) the server holds for the item; absent when it was not asked. */
  evidence?: number | undefined;
}

const STATE_OF_DECISION: Record<string, string> = { assign: 'assigned', return: 'returned', close_out: 'closed_out', reopen: 'reopened' };

/**
 * The 检查·会诊状态 text: the state, and the office's comment when it came with the decision that
 * led to that state (SPEC 12.3).
 * @example reviewText('returned', { comment: '请写明涉及案件的文号', decision: 'return' }) === '退回完善：请写明涉及案件的文号'
 */
export function reviewText(state: string, facts: ServerFacts = {}): string {
  const label = REVIEW_ZH[state] ?? state;
  return facts.comment && facts.decision && STATE_OF_DECISION[facts.decision] === state ? `${label}：${facts.comment}` : label;
}

/** One enrichment value: a date is written as a real date (ISO here, a serial in Excel). */
export type EnrichmentValue = { kind: 'text'; text: string } | { kind: 'number'; value: number } | { kind: 'date'; iso: string } | { kind: 'empty' };

/**
 * The 检查·佐证材料 text: how many files the server holds for the item.
 * @example evidenceText(2) === '2 份'
 */
export function evidenceText(count: number): string {
  return `${count} 份`;
}

/**
 * The enrichment values of one item, in ENRICHMENT_COLUMNS order.
 * @example enrichmentRow(item).map((v) => v.kind)  // ['text', 'date', 'number', 'text', 'text', 'text', 'empty']
 */
export function enrichmentRow(item: ItemReport, reviewState?: string, server: ServerFacts = {}): EnrichmentValue[] {
  const t = item.timeliness;
  const daysLeft = t.daysLeft ?? (t.daysOverdue !== undefined ? -t.daysOverdue : undefined);
  // An approved extension's date is the item's due date (SPEC 12.3); the ledger keeps what it wrote.
  const due = server.due ?? item.deadline.due;
  return [
    { kind: 'text', text: item.key },
    due ? { kind: 'date', iso: due } : { kind: 'empty' },
    daysLeft !== undefined ? { kind: 'number', value: daysLeft } : { kind: 'empty' },
    { kind: 'text', text: TIMELINESS_ZH[t.state] },
    reviewState ? { kind: 'text', text: reviewText(reviewState, server) } : { kind: 'empty' },
    { kind: 'text', text: diagnosticsSummary(item) },
    // Blank when the server was not asked (a local check), 0 份 when it holds none.
    server.evidence !== undefined ? { kind: 'text', text: evidenceText(server.evidence) } : { kind: 'empty' },
  ];
}

/** A short Chinese summary of an item's findings, worst first: "错误1 警告2：…". */
export function diagnosticsSummary(item: ItemReport): string {
  const shown = item.diagnostics.filter((d) => d.severity !== 'info');
  if (shown.length === 0) return '';
  const errors = shown.filter((d) => d.severity === 'error');
  const warnings = shown.filter((d) => d.severity === 'warning');
  const head = [errors.length ? `错误${errors.length}` : '', warnings.length ? `警告${warnings.length}` : ''].filter(Boolean).join(' ');
  return `${head}：${[...errors, ...warnings].map((d) => d.message.split('。')[0]).join('；')}`;
}
