import { serialToIso } from './dates.js';
import type { CellValue, Grid, Merge } from './schema/grid.js';

/**
 * Read access to one grid in the sheet's own coordinates (1-based rows and columns),
 * tolerant of ragged rows, offsets and merges that are malformed or fall outside the grid.
 */
export class SheetView {
  readonly sheet: string;
  readonly file: string;
  readonly top: number;
  readonly left: number;
  /** Last row and column that hold any value (1-based, inclusive); below top/left when empty. */
  readonly bottom: number;
  readonly right: number;
  readonly merges: readonly Merge[];
  /** Whether the adapter gave displayed texts (else a cell's text is its value as text). */
  readonly hasShownText: boolean;
  private readonly hidden: ReadonlySet<number>;

  constructor(private readonly grid: Grid, file?: string) {
    this.sheet = String(grid.sheet ?? '');
    this.file = file ?? grid.file ?? '';
    this.top = positiveInt(grid.top);
    this.left = positiveInt(grid.left);
    const values = Array.isArray(grid.values) ? grid.values : [];
    let width = 0;
    for (const row of values) if (Array.isArray(row) && row.length > width) width = row.length;
    this.bottom = this.top + values.length - 1;
    this.right = this.left + width - 1;
    this.merges = (grid.merges ?? []).filter(
      (m) => m && Number.isInteger(m.top) && Number.isInteger(m.left) && m.bottom >= m.top && m.right >= m.left && m.top >= 1 && m.left >= 1,
    );
    this.hidden = new Set(grid.hiddenColumns ?? []);
    this.hasShownText = grid.text !== undefined && grid.text !== null;
  }

  isHidden(column: number): boolean {
    return this.hidden.has(column);
  }

  value(row: number, column: number): CellValue {
    const v = this.grid.values[row - this.top]?.[column - this.left];
    return v === undefined ? null : v;
  }

  format(row: number, column: number): string | null {
    return this.grid.formats?.[row - this.top]?.[column - this.left] ?? null;
  }

  /** The text Excel shows in the cell: the adapter's displayed text, else the value as text. */
  text(row: number, column: number): string {
    const shown = this.grid.text?.[row - this.top]?.[column - this.left];
    if (typeof shown === 'string') return shown.trim();
    return valueText(this.value(row, column), this.format(row, column));
  }

  /**
   * The texts of one row's cells at the given columns, into `out` (what text() gives each, read
   * from the row's arrays once instead of a lookup per cell). With `seen`, the string each out[k]
   * was trimmed from (a reader hands one string object for every cell of a shared string, and a
   * column repeats its 张志强, 整改中, 年底前): the same string again keeps out[k] as it is.
   * A caller that writes out[k] itself sets seen[k] to NOT_SEEN.
   */
  rowTexts(row: number, columns: readonly number[], out: string[], seen?: unknown[]): void {
    const i = row - this.top;
    const values = this.grid.values[i];
    const shown = this.grid.text?.[i];
    const formats = this.grid.formats?.[i];
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k]! - this.left;
      // A shown text (a formatted number's display) wins over the value, and is read the same way.
      const t = shown?.[c];
      const v = typeof t === 'string' ? t : values?.[c];
      if (typeof v === 'string') {
        if (seen === undefined) out[k] = v.trim();
        else if (seen[k] !== v) {
          out[k] = v.trim();
          seen[k] = v;
        }
        continue;
      }
      out[k] = v === undefined || v === null ? '' : valueText(v, formats?.[c] ?? null);
      if (seen !== undefined) seen[k] = NOT_SEEN;
    }
  }

  /** A date the cell holds as a date (a serial in a date-formatted cell), as ISO. */
  dateValue(row: number, column: number): string | null {
    const v = this.value(row, column);
    if (typeof v !== 'number') return null;
    return isDateFormat(this.format(row, column)) ? serialToIso(v) : null;
  }
}

/** What rowTexts' `seen` holds where out[k] came from no string (never equal to a cell's value). */
export const NOT_SEEN: unknown = Symbol('not seen');

function positiveInt(n: unknown): number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : 1;
}

/** A value as text when the adapter gave no displayed text: dates as ISO, numbers plainly. */
export function valueText(value: CellValue, format: string | null): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    if (isDateFormat(format)) return serialToIso(value) ?? String(value);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value).trim();
}

const DATE_FORMAT_CACHE = new Map<string, boolean>();
/** The format asked last and its answer: a column's cells mostly share one format. */
let lastFormat: string | undefined;
let lastIsDate = false;

/**
 * True when an Excel number format shows a date: it has y/m/d/e tokens outside quoted text,
 * escapes and brackets (colours, locales), or is one of Excel's built-in date formats.
 * @example isDateFormat('yyyy"年"m"月"d"日"') === true; isDateFormat('0.00') === false
 */
export function isDateFormat(format: string | null | undefined): boolean {
  if (!format || format === 'General' || format === '@') return false;
  if (format === lastFormat) return lastIsDate;
  let cached = DATE_FORMAT_CACHE.get(format);
  if (cached === undefined) {
    const bare = format
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, '')
      .replace(/\[(?!\$-)[^\]]*\]/g, '')
      .replace(/\[\$-[^\]]*\]/g, '');
    const tokens = bare.replace(/General/gi, '').replace(/e[+-]/gi, '');
    // y (year), d (day), e (era year) mean a date; m alone means month, but minutes beside h or s.
    cached = /[yde]/i.test(tokens) || (/m/i.test(tokens) && !/[hs]/i.test(tokens));
    DATE_FORMAT_CACHE.set(format, cached);
  }
  lastFormat = format;
  lastIsDate = cached;
  return cached;
}
