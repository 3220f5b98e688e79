import { isoDate, isValidDate } from './dates.js';
import { asciiDigits, stripSpaces } from './text.js';

const FULL = /(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})/;
const COMPACT = /(?:^|\D)(20\d{2})([01]\d)([0-3]\d)(?:\D|$)/;
const MONTH_DAY = /(?:^|\D)(\d{1,2})月(\d{1,2})[日号]/;

/**
 * A single day written as text (a completion or fill date): 2023年4月24日, 2023-4-24,
 * 2023.4.24, 20230424, or 4月24日 in the given year. Vaguer text (5月底) is not a day.
 * @example parseDayText('填报时间：2023年4月24日') === '2023-04-24'
 */
export function parseDayText(text: string, year?: number): string | null {
  const s = asciiDigits(stripSpaces(text));
  const full = FULL.exec(s) ?? COMPACT.exec(s);
  if (full) {
    const [y, m, d] = [Number(full[1]), Number(full[2]), Number(full[3])];
    return isValidDate(y, m, d) ? isoDate(y, m, d) : null;
  }
  const md = MONTH_DAY.exec(s);
  if (md && year) {
    const [m, d] = [Number(md[1]), Number(md[2])];
    return isValidDate(year, m, d) ? isoDate(year, m, d) : null;
  }
  return null;
}
