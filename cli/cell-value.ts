import type ExcelJS from 'exceljs';
import { dateToSerial } from '../shared/dates.js';
import type { CellValue } from '../shared/index.js';
import { dateText } from './date-text.js';

/** One cell as the grid model holds it (see shared/schema/grid.ts). */
export interface CellReading {
  value: CellValue;
  /** What Excel displays, where it differs from String(value); null otherwise. */
  text: string | null;
  /** The number format, null for General. */
  format: string | null;
}

// Formats Excel shows in the reader's locale; ExcelJS names them by their en-US pattern.
// The product's users run Chinese Excel, where built-in 14 shows 2023/5/31.
const LOCALE_FORMATS: Record<string, string> = {
  'mm-dd-yy': 'yyyy/m/d',
  'm/d/yy h:mm': 'yyyy/m/d h:mm',
};

/** The cell's number format as Excel (zh-CN) applies it; null for General. */
export function normaliseFormat(numFmt: string | undefined): string | null {
  if (!numFmt || numFmt === 'General') return null;
  return LOCALE_FORMATS[numFmt] ?? numFmt;
}

type Scalar = number | string | boolean | Date | null | undefined;

/** Flattens ExcelJS's value objects (rich text, hyperlink, formula, error) to a scalar. */
function scalarOf(value: ExcelJS.CellValue): Scalar {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return value.error;
  if ('hyperlink' in value) {
    // A hyperlink's text may itself be rich text.
    const text: unknown = value.text;
    return typeof text === 'string' ? text : scalarOf(text as ExcelJS.CellValue);
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined) return null; // never calculated: Excel would show nothing yet
    return typeof result === 'object' && !(result instanceof Date) ? result.error : result;
  }
  return null;
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

/**
 * Reads one ExcelJS cell. Dates become Excel serials; formulas their cached result.
 * @example readCell(ws.getCell('I5')) // { value: 45077, text: '2023年5月31日', format: 'yyyy"年"m"月"d"日"' }
 */
export function readCell(cell: ExcelJS.Cell): CellReading {
  const scalar = scalarOf(cell.value);
  let format = normaliseFormat(cell.numFmt);
  let value: CellValue;
  if (scalar instanceof Date) {
    value = dateToSerial(scalar);
    format ??= 'yyyy/m/d'; // a date object always displays as a date
  } else {
    value = scalar ?? null;
  }
  const text = displayText(value, format);
  // Keep `text` only where it says something the value does not (grid.ts: null = the value).
  return { value, text: text === String(value) ? null : text, format };
}
