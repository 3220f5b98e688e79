import type { CellValue } from '../schema/grid.js';
import { dateText } from './date-text.js';

/**
 * The text Excel (zh-CN) shows for a cell's value under its number format, as the grid model
 * keeps it (shared/schema/grid.ts): read by the .xlsx reader here, the CLI's ExcelJS reading and
 * the Worker's uploads alike.
 */

// Formats Excel shows in the reader's locale; ExcelJS names them by their en-US pattern.
// The product's users run Chinese Excel, where built-in 14 shows 2023/5/31.
const LOCALE_FORMATS: Record<string, string> = {
  'mm-dd-yy': 'yyyy/m/d',
  'm/d/yy h:mm': 'yyyy/m/d h:mm',
};

// A format of nothing but a locale, colour or numeral-system tag: Excel and LibreOffice show the
// number as General (LibreOffice saves [DBNum1] to .xls as [$-1000409]), where numfmt shows "".
const TAGS_ONLY = /^(?:\[(?:\$[^\]]*|Red|Black|Blue|Cyan|Green|Magenta|White|Yellow|Color\s*\d+|DBNum\d|NatNum\d+)\])+$/i;

/** The cell's number format as Excel (zh-CN) applies it; null for General. */
export function normaliseFormat(numFmt: string | undefined): string | null {
  if (!numFmt || numFmt === 'General' || TAGS_ONLY.test(numFmt)) return null;
  return LOCALE_FORMATS[numFmt] ?? numFmt;
}

// numfmt loads only when a cell needs it (most ledgers: integers, strings and plain dates).
let formatNumber: typeof import('numfmt').format | undefined;

/** Loads numfmt, which displayText needs for numbers quickDisplayText cannot show. */
export async function loadNumberFormats(): Promise<void> {
  const numfmt = await import('numfmt');
  // numfmt is CommonJS: bundled into the CLI's chunks it arrives as the default export only.
  formatNumber ??= numfmt.format ?? (numfmt as unknown as { default: typeof numfmt }).default.format;
}

// Ledgers repeat the same few values thousands of times: format each (format, value) once.
const formatted = new Map<string, string>();
const FORMATTED_LIMIT = 50_000;

function formatCached(format: string, value: number): string {
  if (!formatNumber) throw new Error('numfmt is not loaded: await loadNumberFormats() first');
  const key = `${format}\u0000${value}`;
  let text = formatted.get(key);
  if (text === undefined) {
    try {
      text = formatNumber(format, value, { locale: 'zh-CN', throws: true });
    } catch {
      // A pattern numfmt cannot parse: show the number as General rather than fail the file.
      text = formatNumber('General', value);
    }
    if (formatted.size >= FORMATTED_LIMIT) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/**
 * The displayed text where it is known without numfmt: null for strings, booleans, integers
 * under General, whole-day dates under date-only formats; undefined where numfmt must say.
 */
export function quickDisplayText(value: CellValue, format: string | null): string | null | undefined {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value !== 'number') return null;
  // The commonest number, a 序号: General shows an integer of up to 11 digits as is.
  if (format === null) return Number.isInteger(value) && Math.abs(value) < 1e11 ? String(value) : undefined;
  return dateText(format, value);
}

/**
 * The displayed text of a number under a format, as Excel shows it; null for plain strings.
 * numfmt must be loaded (loadNumberFormats) unless quickDisplayText knows the answer.
 * @example displayText(45077, 'yyyy"年"m"月"d"日"') === '2023年5月31日'
 */
export function displayText(value: CellValue, format: string | null): string | null {
  const quick = quickDisplayText(value, format);
  return quick !== undefined ? quick : formatCached(format ?? 'General', value as number);
}
