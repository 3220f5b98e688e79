/**
 * Calendar dates as ISO strings (YYYY-MM-DD), computed in UTC so no local time zone leaks in.
 * Excel serials count days from 1899-12-30 (the 1900 leap-year bug included).
 */
const DAY_MS = 86_400_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

export type IsoDate = string;

/** @example isoDate(2023, 5, 31) === '2023-05-31' */
export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True when year/month/day name a real calendar day. */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** @example monthEnd(2023, 6) === '2023-06-30' */
export function monthEnd(year: number, month: number): IsoDate {
  return isoDate(year, month, daysInMonth(year, month));
}

/** Days since the Unix epoch of an ISO date (for differences). */
export function dayNumber(iso: IsoDate): number {
  // The usual YYYY-MM-DD read digit by digit: no substrings for each of the many items.
  if (iso.length === 10 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45) {
    const y = digits(iso, 0, 4);
    const m = digits(iso, 5, 7);
    const d = digits(iso, 8, 10);
    if (y >= 0 && m >= 0 && d >= 0) return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
  }
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** The number the ASCII digits text[from..to) write; -1 when one is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** @example daysBetween('2023-04-30', '2023-05-29') === 29 */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** @example addDays('2023-04-25', 3) === '2023-04-28' */
export function addDays(iso: IsoDate, days: number): IsoDate {
  return new Date((dayNumber(iso) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Excel serial (days, fraction = time of day) → ISO date; null outside Excel's range. */
export function serialToIso(serial: number): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  // A ledger's dates repeat (one deadline for many items): each day is written once and shared.
  const day = Math.floor(serial);
  let iso = ISO_OF_SERIAL.get(day);
  if (iso === undefined) {
    iso = new Date(EXCEL_EPOCH_MS + day * DAY_MS).toISOString().slice(0, 10);
    if (ISO_OF_SERIAL.size >= 50_000) ISO_OF_SERIAL.clear();
    ISO_OF_SERIAL.set(day, iso);
  }
  return iso;
}

const ISO_OF_SERIAL = new Map<number, IsoDate>();

/** ISO date → Excel serial. */
export function isoToSerial(iso: IsoDate): number {
  return Math.round((Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) - EXCEL_EPOCH_MS) / DAY_MS);
}

/** A JS Date's calendar day as Excel would store it (its UTC date parts, as ExcelJS and SheetJS give them). */
export function dateToSerial(date: Date): number {
  return (date.getTime() - EXCEL_EPOCH_MS) / DAY_MS;
}

/**
 * An ISO 8601 date, date-time or time ("2023-05-29", "2023-05-29T14:30:00.000Z", "10:10:10") as
 * Excel's serial, NaN when it is none: how a file that stores dates as text (an .xlsx cell of
 * t="d", Excel 2003 XML's DateTime) means them. A zone after a time is dropped (Excel keeps
 * none); a time alone is a fraction of day 0; before 1900-03-01 a serial is one less than the
 * days since 1899-12-30, since Excel counts a 29 February 1900 that never was (1 is 1900-01-01).
 * @example isoSerial('1900-03-01') === 61
 */
export function isoSerial(text: string): number {
  let t = text.trim();
  if (/T\d/.test(t)) t = t.replace(/(?:Z|[+-]\d{2}:?\d{2})$/, '');
  const m = ISO_DATE_TIME.exec(t) ?? ISO_TIME.exec(t);
  if (!m) return Number.NaN;
  const [y, mo, d] = m[1] ? [Number(m[1]), Number(m[2]), Number(m[3])] : [1899, 12, 30];
  const days = (Date.UTC(y, mo - 1, d, Number(m[4] ?? 0), Number(m[5] ?? 0)) + Math.round(Number(m[6] ?? 0) * 1000) - EXCEL_EPOCH_MS) / DAY_MS;
  return m[1] && days < 61 ? days - 1 : days;
}
const ISO_TIME_PART = '(\\d{2}):(\\d{2})(?::(\\d{2}(?:\\.\\d+)?))?';
const ISO_DATE_TIME = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})(?:[T ]${ISO_TIME_PART})?$`);
const ISO_TIME = new RegExp(`^()()()T?${ISO_TIME_PART}$`);

/** From here on China keeps UTC+8 all year (its last daylight saving ended in September 1991). */
const SHANGHAI_FIXED_FROM = Date.UTC(1992, 0, 1);
const SHANGHAI_FIXED_UNTIL = Date.UTC(9000, 0, 1); // four-digit years, as toISOString writes them
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * Today's date in a time zone, e.g. the campaign's Asia/Shanghai. Asia/Shanghai since 1992 is
 * UTC+8, worked out directly: Intl.DateTimeFormat with a time zone loads ICU's zone data on
 * first use (about 30 ms of a CLI run). Other zones and earlier instants ask Intl.
 */
export function todayIn(timeZone: string, now: Date = new Date()): IsoDate {
  const t = now.getTime();
  if (timeZone === 'Asia/Shanghai' && t >= SHANGHAI_FIXED_FROM && t < SHANGHAI_FIXED_UNTIL) return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** True for a well-formed, real ISO date string. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return !!m && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}
