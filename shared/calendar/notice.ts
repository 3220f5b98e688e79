import { makeDiagnostic } from '../diagnostics/make.js';
import type { SheetReport } from '../schema/report.js';
import type { Campaign } from '../campaign.js';
import { calendarFor } from './working-days.js';

/**
 * `calendar-unknown` (info), once per report: some working-day deadline (15个工作日内) ran
 * through a year the holiday calendar does not cover, so it was counted Monday to Friday.
 * It goes on the first sheet with such an item.
 */
export function noteUnknownCalendar(sheets: SheetReport[], campaign: Campaign): void {
  const calendar = calendarFor(campaign);
  for (const sheet of sheets) {
    const years = new Set<number>();
    for (const item of sheet.items) {
      const d = item.deadline;
      if (d.kind !== 'relative' || !d.start || !d.due || !d.text.includes('工作日')) continue;
      for (let y = Number(d.start.slice(0, 4)); y <= Number(d.due.slice(0, 4)); y++) if (!calendar.covers(y)) years.add(y);
    }
    if (years.size) {
      sheet.diagnostics.push(makeDiagnostic('calendar-unknown', { file: sheet.file, sheet: sheet.sheet }, { years: [...years].sort().join('、') }));
      return;
    }
  }
}
