// What a cell shows (`Range.text`) for its value and number format, and how Excel reads text
// written to `Range.values` as if it were typed (numbers, dates, percentages, booleans, errors).
import { format, getFormatFromId, isDateFormat, isValidFormat, parseValue } from 'numfmt';
import { CellError, isErrorCode, type CellValue, type ErrorCode } from './cell.js';

export const GENERAL = 'General';

/**
 * Days from a 1904-system serial to the 1900 system's for the same date. A workbook on the 1904
 * date system (a Mac's of old, or 文件 → 选项 → 高级 → 使用 1904 日期系统) keeps every date this many
 * days lower, and `Range.values` answers what it keeps; numfmt knows the 1900 system only.
 */
export const DAYS_1904 = 1462;

/**
 * The text Excel displays for a value under a number format (column width is not modelled, so a
 * too-narrow column never shows `###`).
 * @example formatText(45047, 'yyyy/m/d') // '2023/5/1'
 */
export function formatText(value: CellValue, numberFormat: string, locale = 'zh-CN', date1904 = false): string {
  if (value === null) return '';
  if (date1904 && typeof value === 'number' && numberFormat && isDateFormat(numberFormat)) value += DAYS_1904;
  if (value instanceof CellError) return value.code;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string' && (!numberFormat || numberFormat === GENERAL || numberFormat === '@')) return value;
  try {
    return format(numberFormat || GENERAL, value, { locale, throws: false, nbsp: false });
  } catch {
    return format(GENERAL, value, { locale });
  }
}

export function isValidNumberFormat(fmt: string): boolean {
  return fmt === GENERAL || isValidFormat(fmt);
}

/** The result of typing text into a cell. */
export interface TypedInput {
  value: CellValue;
  formula?: string;
  /** The number format Excel applies when the cell's format was General. */
  numberFormat?: string;
}

const CN_DATE = /^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$/;

/** Excel's serial number of a calendar date (1900 system, with its 1900-02-29). */
export function dateSerial(year: number, month: number, day: number): number {
  const serial = (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 31)) / 86_400_000;
  return serial >= 60 ? serial + 1 : serial;
}

/**
 * Reads a string written to `Range.values` the way Excel does when the cell is not formatted as
 * text (`@`): `'2023-05-01'` becomes the date serial 45047 with a date format, `'12%'` becomes
 * 0.12, `'=A1'` a formula, `"'007"` the text `007`.
 * @example parseTypedInput('2023-05-01', 'General').value // 45047
 */
export function parseTypedInput(text: string, currentFormat: string, locale = 'zh-CN', date1904 = false): TypedInput {
  const typed = typedInput(text, currentFormat, locale);
  // A date typed into a 1904 workbook is kept in its own system.
  if (date1904 && typeof typed.value === 'number' && isDateFormat(typed.numberFormat ?? currentFormat)) return { ...typed, value: typed.value - DAYS_1904 };
  return typed;
}

function typedInput(text: string, currentFormat: string, locale: string): TypedInput {
  // An empty string empties the cell, text format or not (Excel keeps no zero-length constant).
  if (text === '') return { value: null };
  if (currentFormat === '@') return { value: text };
  if (text.startsWith("'")) return { value: text.slice(1) };
  if (text.startsWith('=') && text.length > 1) return { value: null, formula: text };
  // Text that starts with a Chinese character is never a number, date or logical value.
  if (/^[\u4e00-\u9fff\u3001-\u303f]/.test(text)) return { value: text };
  const trimmed = text.trim();
  if (isErrorCode(trimmed)) return { value: new CellError(trimmed.toUpperCase() as ErrorCode) };
  const general = !currentFormat || currentFormat === GENERAL;
  const cn = CN_DATE.exec(trimmed);
  if (cn) {
    const serial = dateSerial(Number(cn[1]), Number(cn[2]), Number(cn[3]));
    return general ? { value: serial, numberFormat: 'yyyy"年"m"月"d"日"' } : { value: serial };
  }
  const parsed = parseValue(trimmed, { locale }) as { value: number | boolean; formatId?: number } | undefined | null;
  if (!parsed || (typeof parsed.value !== 'number' && typeof parsed.value !== 'boolean')) return { value: text };
  if (typeof parsed.value === 'boolean') return { value: parsed.value };
  if (general && parsed.formatId !== undefined) {
    const fmt = getFormatFromId(parsed.formatId, locale);
    if (fmt && fmt !== GENERAL) return { value: parsed.value, numberFormat: fmt };
  }
  return { value: parsed.value };
}
