import type { Campaign } from './campaign.js';
import { isoDate, isValidDate, monthEnd } from './dates.js';
import { monthRelative, spanDeadline, type DeadlineStart } from './relative-deadline.js';
import type { Deadline } from './schema/report.js';
import { asciiDigits, stripSpaces } from './text.js';

/** What the reader knows of a deadline cell: its shown text and, for a date cell, the day. */
export interface DeadlineCell {
  text: string;
  /** ISO date when the cell holds a real date (serial in a date-formatted cell). */
  date: string | null;
}

const IMMEDIATE = ['立行立改', '即知即改', '立即整改', '立查立改', '马上就改', '即查即改'];
const ONGOING = ['长期坚持', '持续推进', '持续整改', '常态化', '长期', '持续'];

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十二 → 12, 三十一 → 31: Chinese numerals up to 99, as months and days are written. */
function chineseNumber(s: string): number | null {
  if (!/^[〇零一二两三四五六七八九十]+$/.test(s)) return null;
  if (!s.includes('十')) return s.length === 1 ? (CN_DIGIT[s] ?? null) : null;
  const [tens, ones] = s.split('十');
  const t = tens ? CN_DIGIT[tens] : 1;
  const o = ones ? CN_DIGIT[ones] : 0;
  return t === undefined || o === undefined ? null : t * 10 + o;
}

/** Month and day numerals before 月/日/号 to digits: 六月底 → 6月底. */
function numeralsToDigits(s: string): string {
  return s.replace(/([〇零一二两三四五六七八九十]{1,3})(?=[月日号])/g, (m) => String(chineseNumber(m) ?? m));
}

/**
 * One pass over the written text: every date expression SPEC section 4 lists, in the order a
 * person reads them. Each alternative is a named group so the match says which form it was.
 */
const DATE_EXPR = new RegExp(
  [
    '(?<ymd>(?<y1>\\d{4})\\s*[年/.\\-]\\s*(?<m1>\\d{1,2})\\s*[月/.\\-]\\s*(?<d1>\\d{1,2})[日号]?)',
    '(?<compact>(?<y6>20\\d{2})(?<m6>[01]\\d)(?<d6>[0-3]\\d))(?!\\d)',
    '(?<xun>(?:(?<y2>\\d{4})年)?(?<m2>\\d{1,2})月(?<xunPart>上|中|下)旬)',
    '(?<md>(?:(?<y3>\\d{4})年)?(?<m3>\\d{1,2})月(?<d3>\\d{1,2})[日号])',
    '(?<ym>(?:(?<y4>\\d{4})年)?(?<m4>\\d{1,2})月(?:份|底|末)?)',
    '(?<ymDash>(?<y10>\\d{4})[/.\\-](?<m10>\\d{1,2})(?![\\d/.\\-]))',
    // 6.30, 6/30, 6-30 (SPEC 12.2): a day of the campaign year; not 4-6月 (a range of months).
    '(?<mdNum>(?<![\\d/.\\-])(?<m11>\\d{1,2})[/.\\-](?<d11>\\d{1,2})(?![\\d/.\\-月]))',
    '(?<half>(?:(?<y5>\\d{4})年)?(?<halfPart>上|下)半年)',
    '(?<quarter>(?:(?<y7>\\d{4})年)?(?:第)?(?<q>[一二三四1-4])季度)',
    '(?<yearEnd>(?:(?<y8>\\d{4})年(?:度)?)?(?:年底|年末|年内|本年度|年度内|底前|全年))',
    '(?<yearOnly>(?<y9>\\d{4})年(?:底|末|内)?)',
  ].join('|'),
  'g',
);

interface Found {
  due: string | null;
  year: number | null;
}

/**
 * Normalises a deadline as written (SPEC section 4): a date cell, or text such as 2023年5月31日前,
 * 6月底前, 二季度末, 年底前, 2023年4月-6月 (the end of a range), 立行立改, 长期坚持.
 * @example normaliseDeadline({ text: '6月底前', date: null }, campaign) → { kind: 'date', due: '2023-06-30', … }
 */
export function normaliseDeadline(cell: DeadlineCell, campaign: Campaign, start: DeadlineStart = {}): Deadline {
  return { ...sharedDeadline(cell.text, cell.date, campaign, start.assignedOn, start.fillDate) };
}

const MISSING: Deadline = Object.freeze({ kind: 'missing', text: '' });

/**
 * normaliseDeadline with the cell and the start given as values, for the per-item checks: the
 * answer is shared by every item that writes the same deadline (a report holds one object per
 * distinct deadline, not one per item), so it is frozen: a report's deadlines are read, not edited.
 */
export function sharedDeadline(written: string, date: string | null, campaign: Campaign, assignedOn: string | undefined, fillDate: string | undefined): Deadline {
  const text = written.trim();
  if (date) return dateDeadline(date, text);
  if (!text) return MISSING;
  // Ledgers repeat their deadline phrases (年底前, 长期坚持…): read each once per campaign and
  // start (a sheet's items share its fill date, so the cache still hits).
  const cache = cacheFor(campaign, assignedOn ?? '', fillDate ?? '');
  const hit = cache.get(text);
  if (hit) return hit;
  const start: DeadlineStart = {};
  if (assignedOn !== undefined) start.assignedOn = assignedOn;
  if (fillDate !== undefined) start.fillDate = fillDate;
  const read = Object.freeze(readText(text, campaign, start));
  if (++cached > 20_000) forgetDeadlines();
  else cache.set(text, read);
  return read;
}

/** A date cell's deadline, by day and shown text. */
let DATE_CELLS = new Map<string, Map<string, Deadline>>();
let dateCells = 0;

function dateDeadline(due: string, text: string): Deadline {
  let byText = DATE_CELLS.get(due);
  if (!byText) DATE_CELLS.set(due, (byText = new Map()));
  let d = byText.get(text);
  if (!d) {
    d = Object.freeze({ kind: 'date', due, text }) as Deadline;
    if (++dateCells > 20_000) {
      DATE_CELLS = new Map();
      dateCells = 0;
    } else byText.set(text, d);
  }
  return d;
}

/** Deadlines read, by campaign, then start (交办 date | fill date), then text; at most 20,000 of them. */
let CACHE = new WeakMap<Campaign, Map<string, Map<string, Deadline>>>();
let cached = 0;

function forgetDeadlines(): void {
  CACHE = new WeakMap();
  last = undefined;
  cached = 0;
}

/** The map asked for last: a sheet's items mostly share their campaign and start. */
let last: { campaign: Campaign; assignedOn: string; fillDate: string; map: Map<string, Deadline> } | undefined;

function cacheFor(campaign: Campaign, assignedOn: string, fillDate: string): Map<string, Deadline> {
  if (last && last.campaign === campaign && last.assignedOn === assignedOn && last.fillDate === fillDate) return last.map;
  let byStart = CACHE.get(campaign);
  if (!byStart) CACHE.set(campaign, (byStart = new Map()));
  const id = `${assignedOn}|${fillDate}`;
  let map = byStart.get(id);
  if (!map) byStart.set(id, (map = new Map()));
  last = { campaign, assignedOn, fillDate, map };
  return map;
}

function readText(text: string, campaign: Campaign, start: DeadlineStart): Deadline {
  const s = numeralsToDigits(asciiDigits(stripSpaces(text)));
  // 下月底 before the dates: 底前 alone reads as the year's end.
  const month = monthRelative(s, text, campaign, start);
  if (month) return month;
  const due = lastDate(s, campaign);
  if (due) return { kind: 'date', due, text };
  const span = spanDeadline(s, text, campaign, start);
  if (span) return span;
  if (IMMEDIATE.some((w) => s.includes(w))) return { kind: 'immediate', due: immediateDue(campaign), text };
  if (ONGOING.some((w) => s.includes(w))) return { kind: 'ongoing', text };
  return { kind: 'invalid', text };
}

export function immediateDue(campaign: Campaign): string {
  const [y, m, d] = campaign.selfCheckDue.split('-').map(Number) as [number, number, number];
  const base = Date.UTC(y, m - 1, d) + campaign.immediateGraceDays * 86_400_000;
  return new Date(base).toISOString().slice(0, 10);
}

/** The last date expression in the text (a range ends at its last one); years carry forward. */
function lastDate(s: string, campaign: Campaign): string | null {
  let year: number | null = null;
  let due: string | null = null;
  let invalid = false;
  DATE_EXPR.lastIndex = 0;
  for (let m = DATE_EXPR.exec(s); m; m = DATE_EXPR.exec(s)) {
    if (m[0] === '') {
      DATE_EXPR.lastIndex++;
      continue;
    }
    const found = resolve(m.groups ?? {}, year, campaign);
    if (!found) {
      invalid = true;
      continue;
    }
    if (found.year !== null) year = found.year;
    if (found.due) due = found.due;
  }
  return invalid && !due ? null : due;
}

function resolve(g: Record<string, string | undefined>, carried: number | null, campaign: Campaign): Found | null {
  const explicit = Number(g.y1 ?? g.y2 ?? g.y3 ?? g.y4 ?? g.y5 ?? g.y6 ?? g.y7 ?? g.y8 ?? g.y9 ?? g.y10) || null;
  const year = explicit ?? carried;
  const inYear = (month: number, day: number | 'end'): Found | null => {
    const y = year ?? campaign.year;
    if (month < 1 || month > 12) return null;
    const d = day === 'end' ? Number(monthEnd(y, month).slice(8)) : day;
    if (!isValidDate(y, month, d)) return null;
    let iso = isoDate(y, month, d);
    // Written without a year and before the campaign starts: it means next year.
    if (year === null && iso < campaign.startsOn) {
      if (!isValidDate(y + 1, month, d)) return null;
      iso = day === 'end' ? monthEnd(y + 1, month) : isoDate(y + 1, month, d);
    }
    return { due: iso, year: explicit ?? year };
  };
  if (g.ymd) return inYear(Number(g.m1), Number(g.d1));
  if (g.compact) return inYear(Number(g.m6), Number(g.d6));
  if (g.mdNum) return inYear(Number(g.m11), Number(g.d11));
  if (g.xun) {
    const m = Number(g.m2);
    return g.xunPart === '上' ? inYear(m, 10) : g.xunPart === '中' ? inYear(m, 20) : inYear(m, 'end');
  }
  if (g.md) return inYear(Number(g.m3), Number(g.d3));
  if (g.half) return g.halfPart === '上' ? inYear(6, 30) : inYear(12, 31);
  if (g.quarter) {
    const q = chineseNumber(g.q ?? '') ?? Number(g.q);
    return inYear(q * 3, 'end');
  }
  if (g.yearEnd) return inYear(12, 31);
  if (g.yearOnly) return { due: isoDate(Number(g.y9), 12, 31), year: Number(g.y9) };
  if (g.ym) return inYear(Number(g.m4), 'end');
  if (g.ymDash) return inYear(Number(g.m10), 'end');
  return null;
}
