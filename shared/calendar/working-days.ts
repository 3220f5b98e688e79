import { addDays, dayNumber, isValidDate } from '../dates.js';
import { CALENDAR_YEARS } from './data.js';

/** A year's days off and make-up working days, as sets of MMDD. */
interface YearSets {
  off: Set<string>;
  on: Set<string>;
}

/**
 * A year's arrangement as a campaign writes it (its `holidays`), from the State Council's notice
 * (国务院办公厅关于某年部分节假日安排的通知): `off` the days off, each a date or a span
 * `2027-10-01..2027-10-07`; `on` the weekend days worked (调休上班).
 */
export interface HolidayYear {
  off: readonly string[];
  on?: readonly string[] | undefined;
}
export type HolidayYears = Readonly<Record<string, HolidayYear>>;

export interface WorkingDaysResult {
  /** The n-th working day after `start` (start itself not counted). */
  due: string;
  /** Years the count ran through that the calendar does not cover (counted Monday–Friday). */
  uncovered: number[];
}

/**
 * Counts already made, by start and n: the count walks day by day (~11 µs for 5 working days),
 * and the Worker asks it for every item it lists (a review's due date: 55 ms of a page of 5,000
 * in the brief view), where a county's items share a few hundred dates. Bounded: cleared when full.
 */
const COUNTED_MAX = 10_000;

/**
 * The official calendar: the pinned package's years, and the years a campaign writes itself
 * (for a year the package does not cover yet: the notice comes out each November, the package
 * later). A year the campaign writes replaces the package's.
 */
export class WorkingCalendar {
  private readonly years = new Map<number, YearSets>();
  private readonly counted = new Map<string, WorkingDaysResult>();

  constructor(
    private readonly packaged: Readonly<Record<number, { off: string; on: string }>>,
    own: HolidayYears = {},
  ) {
    for (const [year, arrangement] of Object.entries(own)) this.years.set(Number(year), yearSets(arrangement));
  }

  private yearOf(y: number): YearSets | undefined {
    let sets = this.years.get(y);
    if (!sets) {
      const data = this.packaged[y];
      if (!data) return undefined;
      sets = { off: new Set(data.off.split(' ')), on: new Set(data.on.split(' ').filter(Boolean)) };
      this.years.set(y, sets);
    }
    return sets;
  }

  /** True when the official calendar of that year is known (else working days are Monday–Friday). */
  covers(year: number): boolean {
    return this.years.has(year) || this.packaged[year] !== undefined;
  }

  /** Monday–Friday unless a public holiday, and the weekend days made working days (调休). */
  isWorkingDay(iso: string): boolean {
    const sets = this.yearOf(Number(iso.slice(0, 4)));
    const mmdd = iso.slice(5, 7) + iso.slice(8, 10);
    if (sets?.on.has(mmdd)) return true;
    if (sets?.off.has(mmdd)) return false;
    const weekday = (dayNumber(iso) + 4) % 7; // 1970-01-01 was a Thursday (4)
    return weekday !== 0 && weekday !== 6;
  }

  /** `start` + n working days, as 15个工作日内 is counted: the n-th working day after start. */
  addWorkingDays(start: string, n: number): WorkingDaysResult {
    const id = `${start}|${n}`;
    let result = this.counted.get(id);
    if (!result) {
      if (this.counted.size >= COUNTED_MAX) this.counted.clear();
      this.counted.set(id, (result = this.count(start, n)));
    }
    // A copy: what a caller does with its answer is not the next caller's.
    return { due: result.due, uncovered: [...result.uncovered] };
  }

  private count(start: string, n: number): WorkingDaysResult {
    let day = start;
    let left = n;
    const uncovered = new Set<number>();
    if (!this.covers(Number(start.slice(0, 4)))) uncovered.add(Number(start.slice(0, 4)));
    while (left > 0) {
      day = addDays(day, 1);
      const y = Number(day.slice(0, 4));
      if (!this.covers(y)) uncovered.add(y);
      if (this.isWorkingDay(day)) left--;
    }
    return { due: day, uncovered: [...uncovered].sort() };
  }
}

/** A year's days as MMDD sets; spans expanded (checked by the campaign's schema: holidayProblems). */
function yearSets(arrangement: HolidayYear): YearSets {
  const off = new Set<string>();
  for (const entry of arrangement.off) for (const day of daysOf(entry)) off.add(day.slice(5, 7) + day.slice(8, 10));
  return { off, on: new Set((arrangement.on ?? []).map((day) => day.slice(5, 7) + day.slice(8, 10))) };
}

/** The dates of `2027-10-01` or `2027-10-01..2027-10-07` (inclusive); none for a span written backwards. */
function daysOf(entry: string): string[] {
  const [from, to = from] = entry.split('..') as [string, string?];
  const days: string[] = [];
  for (let d = from; d <= to && days.length <= 366; d = addDays(d, 1)) days.push(d);
  return days;
}

/**
 * What is wrong with a campaign's `holidays`, one message a problem with where (empty: nothing).
 * Each date a real one of its year; a span not backwards; no day both off and worked.
 */
export function holidayProblems(years: HolidayYears): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  for (const [year, arrangement] of Object.entries(years)) {
    const inYear = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d.startsWith(`${year}-`) && isValidDate(Number(year), Number(d.slice(5, 7)), Number(d.slice(8, 10)));
    const off = new Set<string>();
    arrangement.off.forEach((entry, i) => {
      const [from, to = from] = entry.split('..') as [string, string?];
      if (!inYear(from) || !inYear(to)) problems.push({ path: [year, 'off', i], message: `不是${year}年的日期 / not a date of ${year}: ${entry}` });
      else if (to < from) problems.push({ path: [year, 'off', i], message: `起止日期写反了 / the span ends before it starts: ${entry}` });
      else for (const day of daysOf(entry)) off.add(day);
    });
    (arrangement.on ?? []).forEach((day, i) => {
      if (!inYear(day)) problems.push({ path: [year, 'on', i], message: `不是${year}年的日期 / not a date of ${year}: ${day}` });
      else if (off.has(day)) problems.push({ path: [year, 'on', i], message: `同一天既放假又上班 / a day both off and worked: ${day}` });
    });
  }
  return problems;
}

/** The package's calendar alone. */
export const PACKAGED_CALENDAR = new WorkingCalendar(CALENDAR_YEARS);

/** One calendar per campaign `holidays` object (a deployment has one campaign: one calendar, one memo). */
const byHolidays = new WeakMap<HolidayYears, WorkingCalendar>();

/** The calendar a campaign counts working days by: the package's, with the years it writes. */
export function calendarFor(campaign: { holidays?: HolidayYears | undefined }): WorkingCalendar {
  const own = campaign.holidays;
  if (!own || !Object.keys(own).length) return PACKAGED_CALENDAR;
  let calendar = byHolidays.get(own);
  if (!calendar) byHolidays.set(own, (calendar = new WorkingCalendar(CALENDAR_YEARS, own)));
  return calendar;
}

/**
 * The years from `from` to `days` later that the campaign's calendar does not cover: what working
 * days counted in that reach (15个工作日内, a review's due date) would count Monday to Friday. The
 * county office is told ahead (the task pane, the dashboard), before any such date is counted.
 * @example calendarGaps(campaign, '2026-11-30') // [2027] with the package alone
 */
export function calendarGaps(campaign: { holidays?: HolidayYears | undefined }, from: string, days = 92): number[] {
  const calendar = calendarFor(campaign);
  const gaps: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(addDays(from, days).slice(0, 4)); y++) if (!calendar.covers(y)) gaps.push(y);
  return gaps;
}

/** True when the package covers that year. */
export function calendarCovers(year: number): boolean {
  return PACKAGED_CALENDAR.covers(year);
}

/**
 * A working day by the package's calendar. In a year not covered: Monday–Friday.
 * @example isWorkingDay('2023-04-23') === true // a Sunday made up for May Day
 */
export function isWorkingDay(iso: string): boolean {
  return PACKAGED_CALENDAR.isWorkingDay(iso);
}

/**
 * `start` + n working days by the package's calendar (calendarFor(campaign) for a campaign's).
 * @example addWorkingDays('2023-04-28', 1).due === '2023-05-04' // over the May Day holiday
 */
export function addWorkingDays(start: string, n: number): WorkingDaysResult {
  return PACKAGED_CALENDAR.addWorkingDays(start, n);
}
