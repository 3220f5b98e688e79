import type ExcelJS from 'exceljs';
import { dateToSerial } from '../shared/dates.js';
import type { CellValue } from '../shared/index.js';
import { displayText, normaliseFormat } from '../shared/xlsx/display-text.js';

/** One cell as the grid model holds it (see shared/schema/grid.ts). */
export interface CellReading {
  value: CellValue;
  /** What Excel displays, where it differs from String(value); null otherwise. */
  text: string | null;
  /** The number format, null for General. */
  format: string | null;
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
