import { dateToSerial } from '../../shared/dates.js';
import type { CellValue } from '../../shared/index.js';
import { normaliseFormat, quickDisplayText } from '../cell-value.js';

/** A cell as ExcelJS would hold it after load, before it becomes a grid value. */
export type RawValue = string | number | boolean | { error: string } | { date: number } | null;

/** The text of a cell numfmt must show: filled in once numfmt is loaded (cli/xlsx/grid.ts). */
export const PENDING = '\u0000numfmt';

type Row<T> = (T | null)[];

/** Widest a new row's values array is made before its cells come. */
const WIDTH_GUESS_LIMIT = 256;

/**
 * A worksheet's cells as they arrive, already as the grid holds them (value, displayed text,
 * number format), kept by row: one array of values per stored row, indexed by column number
 * (index 0: a reference without letters), null where the row has no value. Text and formats get
 * a row array only where the row has one (most rows have neither), so each cell is converted
 * once, here, and the grid (cli/xlsx/grid.ts) only cuts rows to the used range.
 * A row's values array is made at the width of the widest row so far, so it rarely grows.
 */
export class SheetRows {
  /** Each stored row's number, in the order rows first appear. */
  readonly rows: number[] = [];
  readonly values: Row<CellValue>[] = [];
  /** Per stored row: displayed text where it differs from the value (PENDING: numfmt's to say), or undefined for none. */
  readonly text: (Row<string> | undefined)[] = [];
  /** Per stored row: number formats (null for General), or undefined for none. */
  readonly formats: (Row<string> | undefined)[] = [];
  /** Stored row index and column of each PENDING text, in pairs. */
  readonly pending: number[] = [];

  private current: Row<CellValue> | undefined;
  private at = 0;
  private blank: null[] = [];
  private lastStoredRow = Number.NEGATIVE_INFINITY;
  private revisited: Map<number, number> | undefined;
  /** Each style's grid format, normalised once. */
  private readonly formatOf: (string | null | undefined)[] = [];

  constructor(private readonly numFmts: readonly (string | undefined)[]) {}

  /** A new row starts: its arrays are found or made at its first value. */
  startRow(): void {
    this.current = undefined;
  }

  /**
   * Puts a cell at (row, col); a cell written twice keeps the last value (as ExcelJS does), a
   * null one included.
   */
  put(row: number, col: number, raw: RawValue, style: number): void {
    const values = this.current ?? this.open(row);
    while (values.length < col) values.push(null);
    let format = this.formatOf[style];
    if (format === undefined) format = this.formatOf[style] = style ? normaliseFormat(this.numFmts[style]) : null;
    if (typeof raw === 'string') {
      // Text shows as itself (displayText gives null for it).
      values[col] = raw;
      this.setFormat(col, format);
      this.setText(col, null);
      return;
    }
    if (raw === null) {
      values[col] = null;
      this.setFormat(col, null);
      this.setText(col, null);
      return;
    }
    let value: CellValue;
    if (typeof raw !== 'object') value = raw;
    else if ('error' in raw) value = raw.error;
    else {
      value = dateToSerial(new Date(raw.date));
      format ??= 'yyyy/m/d'; // a date always shows as one
    }
    values[col] = value;
    this.setFormat(col, format);
    // The commonest number, a 序号, shows as itself: no text to keep.
    const shown = format === null && typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e11 ? null : quickDisplayText(value, format);
    if (shown === undefined) {
      this.setText(col, PENDING);
      this.pending.push(this.at, col);
    } else this.setText(col, shown === String(value) ? null : shown);
  }

  private setFormat(col: number, format: string | null): void {
    let formats = this.formats[this.at];
    if (formats === undefined) {
      if (format === null) return;
      formats = this.formats[this.at] = [];
    } else if (format === null && formats.length <= col) return;
    while (formats.length < col) formats.push(null);
    formats[col] = format;
  }

  private setText(col: number, text: string | null): void {
    let row = this.text[this.at];
    if (row === undefined) {
      if (text === null) return;
      row = this.text[this.at] = [];
    } else if (text === null && row.length <= col) return;
    while (row.length < col) row.push(null);
    row[col] = text;
  }

  /**
   * The row's values array: rows usually come once and in order; a row number seen before (or
   * going back) is looked up among the stored rows.
   */
  private open(row: number): Row<CellValue> {
    if (Number.isNaN(row)) throw new Error('malformed row number');
    const last = this.values[this.values.length - 1];
    // The previous row's width (a sheet's rows are mostly alike), up to a bound: one far cell widens one row, not all.
    if (last && last.length !== this.blank.length) this.blank = new Array<null>(Math.min(last.length, WIDTH_GUESS_LIMIT)).fill(null);
    let at = -1;
    if (row <= this.lastStoredRow) {
      if (!this.revisited) {
        this.revisited = new Map();
        for (let i = 0; i < this.rows.length; i++) this.revisited.set(this.rows[i]!, i);
      }
      at = this.revisited.get(row) ?? -1;
    }
    if (at < 0) {
      at = this.rows.length;
      this.rows.push(row);
      this.values.push(this.blank.slice());
      this.text.push(undefined);
      this.formats.push(undefined);
      this.revisited?.set(row, at);
    }
    if (row > this.lastStoredRow) this.lastStoredRow = row;
    this.at = at;
    return (this.current = this.values[at]!);
  }
}
