import { describe, expect, it } from 'vitest';
import { todayIn } from '../../shared/dates.js';

/** The calendar date in a zone as Intl gives it (the reference: ICU's time-zone data). */
function intlDate(timeZone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

// Asia/Shanghai is read without Intl (China has kept UTC+8 without daylight saving since 1991);
// every other zone goes to Intl. Either way the date is the one Intl gives.
describe('todayIn', () => {
  const HOUR = 3_600_000;
  const instants: Date[] = [];
  // Around midnight in Beijing (16:00 UTC) and in UTC, across years, month ends and leap days.
  for (const day of ['1992-01-01', '1999-12-31', '2000-02-28', '2000-02-29', '2023-05-31', '2023-12-31', '2024-02-29', '2026-11-28', '2037-06-30']) {
    const midnightUtc = Date.parse(`${day}T00:00:00Z`);
    for (const offset of [-8, -1, 0, 1, 8, 15.999, 16, 16.001, 23.999]) instants.push(new Date(midnightUtc + offset * HOUR));
  }
  // And every 7 hours 13 minutes over four years.
  for (let t = Date.parse('2023-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 7 * HOUR + 13 * 60_000) instants.push(new Date(t));

  it('gives Intl’s date in Asia/Shanghai at every instant, midnight on either side included', () => {
    for (const at of instants) expect(todayIn('Asia/Shanghai', at), at.toISOString()).toBe(intlDate('Asia/Shanghai', at));
    expect(todayIn('Asia/Shanghai', new Date('2023-05-31T15:59:59.999Z'))).toBe('2023-05-31');
    expect(todayIn('Asia/Shanghai', new Date('2023-05-31T16:00:00.000Z'))).toBe('2023-06-01');
    // Under 1988's daylight saving (UTC+9), 15:30 UTC was already the next day.
    expect(todayIn('Asia/Shanghai', new Date('1988-06-30T15:30:00Z'))).toBe(intlDate('Asia/Shanghai', new Date('1988-06-30T15:30:00Z')));
  });

  it('gives Intl’s date in zones with daylight saving or another offset', () => {
    for (const zone of ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Pacific/Chatham', 'Asia/Urumqi']) {
      for (const at of instants.slice(0, 200)) expect(todayIn(zone, at), `${zone} ${at.toISOString()}`).toBe(intlDate(zone, at));
    }
  });

  it('refuses a zone Intl does not know, as before', () => {
    expect(() => todayIn('Mars/Olympus_Mons', new Date())).toThrow(RangeError);
  });
});
