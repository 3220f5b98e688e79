import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, CALENDAR_SOURCE, calendarCovers, isWorkingDay } from '../../shared/index.js';
import { CALENDAR_YEARS } from '../../shared/calendar/data.js';
import { compactCalendar, type PackageCalendar } from '../../scripts/calendar-source.js';

describe('the official holiday calendar (chinese-days, 调休 included)', () => {
  it('is the pinned package’s data, regenerated when the package changes', () => {
    const pkg = JSON.parse(readFileSync('node_modules/chinese-days/package.json', 'utf8')) as { version: string };
    const source = JSON.parse(readFileSync('node_modules/chinese-days/dist/chinese-days.json', 'utf8')) as PackageCalendar;
    expect(CALENDAR_SOURCE).toBe(`chinese-days ${pkg.version}`);
    expect(CALENDAR_YEARS).toEqual(compactCalendar(source));
  });

  it('covers 2004 to 2026 and no other year', () => {
    expect(calendarCovers(2004)).toBe(true);
    expect(calendarCovers(2023)).toBe(true);
    expect(calendarCovers(2026)).toBe(true);
    expect(calendarCovers(2003)).toBe(false);
    expect(calendarCovers(2027)).toBe(false);
  });

  it('knows the May Day week of 2023: 04-29 to 05-03 off, Sunday 04-23 and Saturday 05-06 worked', () => {
    const week: [string, boolean][] = [
      ['2023-04-22', false], ['2023-04-23', true], ['2023-04-28', true], ['2023-04-29', false], ['2023-04-30', false],
      ['2023-05-01', false], ['2023-05-02', false], ['2023-05-03', false], ['2023-05-04', true], ['2023-05-05', true],
      ['2023-05-06', true], ['2023-05-07', false], ['2023-05-08', true],
    ];
    for (const [day, working] of week) expect([day, isWorkingDay(day)]).toEqual([day, working]);
  });

  it('knows the National Day week of 2023: 09-29 to 10-06 off, the weekend 10-07/10-08 worked', () => {
    const week: [string, boolean][] = [
      ['2023-09-28', true], ['2023-09-29', false], ['2023-09-30', false], ['2023-10-02', false], ['2023-10-06', false],
      ['2023-10-07', true], ['2023-10-08', true], ['2023-10-09', true], ['2023-10-14', false],
    ];
    for (const [day, working] of week) expect([day, isWorkingDay(day)]).toEqual([day, working]);
  });

  it('counts working days across the holidays', () => {
    // 04-27, 04-28, then the holiday, 05-04, 05-05, 05-06 (a Saturday worked): the 5th working day.
    expect(addWorkingDays('2023-04-26', 5)).toEqual({ due: '2023-05-06', uncovered: [] });
    expect(addWorkingDays('2023-04-28', 1).due).toBe('2023-05-04');
    // 09-26, 27, 28, then 10-07 and 10-08 (worked weekend), 10-09…
    expect(addWorkingDays('2023-09-25', 5).due).toBe('2023-10-08');
  });

  it('counts Monday to Friday in a year it does not cover, and says which year', () => {
    // 2027-09-30 is a Thursday; National Day 2027 is not known, so 10-01 counts as a working day.
    expect(addWorkingDays('2027-09-30', 3)).toEqual({ due: '2027-10-05', uncovered: [2027] });
    expect(isWorkingDay('2027-10-02')).toBe(false);
    expect(addWorkingDays('2026-12-30', 3)).toEqual({ due: '2027-01-04', uncovered: [2027] });
  });

  it('answers a count asked again the same, each caller its own answer, past as many counts as it keeps', () => {
    const first = addWorkingDays('2026-12-30', 3);
    first.uncovered.push(1999);
    first.due = 'changed';
    expect(addWorkingDays('2026-12-30', 3)).toEqual({ due: '2027-01-04', uncovered: [2027] });
    // 12,000 distinct counts (more than it keeps), each the day-by-day count's answer, asked twice.
    const starts = Array.from({ length: 3000 }, (_, i) => new Date(Date.UTC(2019, 0, 1 + i)).toISOString().slice(0, 10));
    const byDays = (start: string, n: number) => {
      let day = start;
      for (let left = n; left > 0; ) {
        day = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
        if (isWorkingDay(day)) left--;
      }
      return day;
    };
    const asks = starts.flatMap((start) => [1, 5, 10, 15].map((n) => [start, n] as const));
    const want = asks.map(([start, n]) => `${start}+${n}=${byDays(start, n)}`);
    for (const round of [0, 1]) expect(asks.map(([start, n]) => `${start}+${n}=${addWorkingDays(start, n).due}`), `round ${round}`).toEqual(want);
  });
});
