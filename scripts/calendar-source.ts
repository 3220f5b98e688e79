/** The shape of chinese-days' dist/chinese-days.json (date → "English,中文,days"). */
export interface PackageCalendar {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** The package's calendar as the core keeps it: per year, MMDD lists of days off and make-up days. */
export function compactCalendar(source: PackageCalendar): Record<number, { off: string; on: string }> {
  const years: Record<number, { off: string[]; on: string[] }> = {};
  const add = (dates: string[], which: 'off' | 'on') => {
    for (const d of dates.sort()) {
      const y = Number(d.slice(0, 4));
      (years[y] ??= { off: [], on: [] })[which].push(d.slice(5, 7) + d.slice(8, 10));
    }
  };
  add(Object.keys(source.holidays), 'off');
  add(Object.keys(source.workdays), 'on');
  return Object.fromEntries(Object.entries(years).map(([y, d]) => [Number(y), { off: d.off.join(' '), on: d.on.join(' ') }]));
}
