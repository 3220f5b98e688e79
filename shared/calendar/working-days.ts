import { addDays, dayNumber } from '../dates.js';
import { CALENDAR_YEARS } from './data.js';

/** A year's days off and make-up working days, as sets of MMDD, read once from the data. */
const byYear = new Map<number, { off: Set<string>; on: Set<string> }>();
function yearOf(y: number): { off: Set<string>; on: Set<string> } | undefined {
  let sets = byYear.get(y);
  if (!sets) {
    const data = CALENDAR_YEARS[y];
    if (!data) return undefined;
    sets = { off: new Set(data.off.split(' ')), on: new Set(data.on.split(' ').filter(Boolean)) };
    byYear.set(y, sets);
  }
  return sets;
}

/** True when the official calendar of that year is known (else working days are Monday–Friday). */
export function calendarCovers(year: number): boolean {
  return CALENDAR_YEARS[year] !== undefined;
}

/**
 * A working day by the official calendar: Monday–Friday unless a public holiday, and the
 * weekend days made working days (调休). In a year not covered: Monday–Friday.
 * @example isWorkingDay('2023-04-23') === true // a Sunday made up for May Day
 */
export function isWorkingDay(iso: string): boolean {
  const sets = yearOf(Number(iso.slice(0, 4)));
  const mmdd = iso.slice(5, 7) + iso.slice(8, 10);
  if (sets?.on.has(mmdd)) return true;
  if (sets?.off.has(mmdd)) return false;
  const weekday = (dayNumber(iso) + 4) % 7; // 1970-01-01 was a Thursday (4)
  return weekday !== 0 && weekday !== 6;
}

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
const counted = new Map<string, WorkingDaysResult>();
const COUNTED_MAX = 10_000;

/**
 * `start` + n working days, as 15个工作日内 is counted: the n-th working day after start.
 * @example addWorkingDays('2023-04-28', 1).due === '2023-05-04' // over the May Day holiday
 */
export function addWorkingDays(start: string, n: number): WorkingDaysResult {
  const id = `${start}|${n}`;
  let result = counted.get(id);
  if (!result) {
    if (counted.size >= COUNTED_MAX) counted.clear();
    counted.set(id, (result = countWorkingDays(start, n)));
  }
  // A copy: what a caller does with its answer is not the next caller's.
  return { due: result.due, uncovered: [...result.uncovered] };
}

function countWorkingDays(start: string, n: number): WorkingDaysResult {
  let day = start;
  let left = n;
  const uncovered = new Set<number>();
  if (!calendarCovers(Number(start.slice(0, 4)))) uncovered.add(Number(start.slice(0, 4)));
  while (left > 0) {
    day = addDays(day, 1);
    const y = Number(day.slice(0, 4));
    if (!calendarCovers(y)) uncovered.add(y);
    if (isWorkingDay(day)) left--;
  }
  return { due: day, uncovered: [...uncovered].sort() };
}
