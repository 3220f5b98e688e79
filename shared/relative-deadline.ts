import type { Campaign } from './campaign.js';
import { calendarFor } from './calendar/working-days.js';
import { addDays, daysInMonth, isoDate, monthEnd } from './dates.js';
import type { Deadline, DeadlineFrom } from './schema/report.js';

/** What a relative deadline can count from (SPEC 12.2): the 交办 date, the fill date, selfCheckDue. */
export interface DeadlineStart {
  /** The date the county office assigned (交办) the item, once it has. */
  assignedOn?: string | undefined;
  /** The ledger's fill date (填报时间). */
  fillDate?: string | undefined;
}

const CN: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 15 or 十五 → 15 (numerals up to 99). */
function count(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!s.includes('十')) return s.length === 1 ? (CN[s] ?? null) : null;
  const [tens, ones] = s.split('十');
  const t = tens ? CN[tens] : 1;
  const o = ones ? CN[ones] : 0;
  return t === undefined || o === undefined ? null : t * 10 + o;
}

// 本月底, 下月中旬, 下月末…: a month counted from the fill date.
const MONTH_REL = /(本|当|下)月(底|末|上旬|中旬|下旬)/;
// 30日内, 30天内, 15个工作日内, 一个月内 (not 6月30日内: a month before the number is a date).
const SPAN = /(?<![\d月年./-])(\d{1,3}|[一二两三四五六七八九十]{1,3})(个工作日|个自然日|个月|工作日|日|天)内/;

function monthStart(campaign: Campaign, start: DeadlineStart): { base: string; from: DeadlineFrom } {
  return start.fillDate ? { base: start.fillDate, from: 'fill-date' } : { base: campaign.selfCheckDue, from: 'self-check-due' };
}

/**
 * 本月底 / 下月底 / 下月中旬 (as of the fill date, else selfCheckDue): a date; null when the text
 * is not one of them. `s` is the cleaned text (ASCII digits, no spaces).
 * @example monthRelative('下月底前', '…', c, { fillDate: '2023-04-24' }) → { kind: 'date', due: '2023-05-31', from: 'fill-date' }
 */
export function monthRelative(s: string, text: string, campaign: Campaign, start: DeadlineStart): Deadline | null {
  const m = MONTH_REL.exec(s);
  if (!m) return null;
  const { base, from } = monthStart(campaign, start);
  let y = Number(base.slice(0, 4));
  let month = Number(base.slice(5, 7));
  if (m[1] === '下') [y, month] = month === 12 ? [y + 1, 1] : [y, month + 1];
  const part = m[2];
  const due = part === '上旬' ? isoDate(y, month, 10) : part === '中旬' ? isoDate(y, month, 20) : monthEnd(y, month);
  return { kind: 'date', due, text, from, start: base };
}

/**
 * 30日内, 自交办之日起30日内, 交办后一个月内 (calendar days; a month is the same day next month)
 * and 15个工作日内 (working days by the official calendar), counted from the 交办 date, else the
 * fill date, else selfCheckDue. Null when the text is not such a span.
 * @example spanDeadline('15个工作日内', '…', c, { assignedOn: '2023-04-26' }).due === '2023-05-19'
 */
export function spanDeadline(s: string, text: string, campaign: Campaign, start: DeadlineStart): Deadline | null {
  const m = SPAN.exec(s);
  if (!m) return null;
  const n = count(m[1]!);
  if (n === null || n <= 0) return null;
  const [base, from]: [string, DeadlineFrom] = start.assignedOn
    ? [start.assignedOn, 'assigned']
    : start.fillDate ? [start.fillDate, 'fill-date'] : [campaign.selfCheckDue, 'self-check-due'];
  const unit = m[2]!;
  const due = unit.includes('工作日') ? calendarFor(campaign).addWorkingDays(base, n).due : unit === '个月' ? addMonths(base, n) : addDays(base, n);
  return { kind: 'relative', due, text, from, start: base };
}

/** The same day n months later, or that month's last day when it has no such day (01-31 + 1 → 02-28). */
export function addMonths(iso: string, n: number): string {
  const total = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + n;
  const y = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return isoDate(y, month, Math.min(Number(iso.slice(8, 10)), daysInMonth(y, month)));
}
