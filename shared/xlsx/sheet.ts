import { columnLetter } from '../columns.js';
import { isoSerial } from '../dates.js';
import type { Merge } from '../schema/grid.js';
import { unescapeOoxml } from './parts.js';
import { PICTURE_TEXT } from '../cell-picture.js';
import { attr, type XmlHandler } from './xml.js';

/** ExcelJS decodes a formula's string result a second time, named entities only. */
function decodeNamed(text: string): string {
  return text.replace(/&([a-z]*);/g, (m) => NAMED[m] ?? m);
}
const NAMED: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' };

/**
 * A sheet whose grid would hold more rows or cells than the reader's limits allow; `where` names
 * the sheet and, once its used range is known, the range (「台账」A1:XFD1048576), for the person
 * to find the stray cell.
 */
export class GridLimitError extends Error {
  constructor(
    readonly kind: 'rows' | 'cells',
    /** What was passed, without where. */
    readonly detail: string,
    readonly where = '',
  ) {
    super(where ? `${where}: ${detail}` : detail);
  }
}

/**
 * A cell as ExcelJS would hold it after load, before it becomes a grid value; `shown` is a number
 * whose displayed text the file itself gives (an .ods keeps each cell's text as shown), kept as the
 * grid's text instead of one made from the number format.
 */
export type RawValue = string | number | boolean | { error: string } | { date: number } | { shown: string; value: number | { date: number } } | null;

/**
 * Everything a worksheet part holds that the grid needs. Cells are kept by row as they arrive:
 * one array of values and one of styles per row, indexed by column number, null (style 0) where
 * the row has no value, so the grid is built row by row without sorting or a second list.
 */
export interface SheetCells {
  /** Each stored row's number, in the order rows first appear. */
  rows: number[];
  /** Per stored row, its values by column number (index 0: a reference without letters); null where none. */
  values: RawValue[][];
  /** Per stored row, each value's style (cellXfs index), by column number. */
  styles: number[][];
  merges: Merge[];
  /** `<col>` ranges as written. */
  colRanges: { min: number; max: number; hidden: boolean }[];
  /** Relationship ids of the sheet's tables. */
  tableRIds: string[];
}

/** Column number of an A1 address ("AB12" → 28), 0 when it has none. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 97 || c > 122) break;
    n = n * 26 + (c - 96);
  }
  return n;
}

function rowOf(ref: string): number {
  const m = /\d+$/.exec(ref);
  return m ? Number(m[0]) : 0;
}

/**
 * A date cell stored as ISO 8601 text (`t="d"`, as SheetJS writes dates with cellDates): the
 * date Excel shows (isoSerial), as the other cells' dates are held. ExcelJS reads it as a number
 * (2023-05-29 → 2023), which no one sees in Excel. Text it cannot read stays text.
 */
function isoDate(v: string): RawValue {
  const serial = isoSerial(v);
  return Number.isNaN(serial) ? v : { date: Math.round((serial - 25569) * 86_400_000) };
}

/** "A1:Q1" as a merge; null when malformed. */
export function rangeOf(ref: string): Merge | null {
  const [a, b = a] = ref.split(':');
  const m = { top: rowOf(a!), left: columnOf(a!), bottom: rowOf(b!), right: columnOf(b!) };
  if (!m.top || !m.left || !m.bottom || !m.right) return null;
  return { top: Math.min(m.top, m.bottom), left: Math.min(m.left, m.right), bottom: Math.max(m.top, m.bottom), right: Math.max(m.left, m.right) };
}

/**
 * Reads a worksheet part tag by tag (fed in chunks by XmlScanner), with ExcelJS's reading of
 * each cell: its type attribute, formula results, shared and inline strings, rich text, and
 * numbers in a date format as dates.
 */
export class SheetReader implements XmlHandler {
  readonly out: SheetCells = { rows: [], values: [], styles: [], merges: [], colRanges: [], tableRIds: [] };
  private row = 0;
  /** The current row's arrays (undefined until its first value), and the stored row index of each row number seen twice. */
  private rowValues: RawValue[] | undefined;
  private rowStyles: number[] = [];
  private lastStoredRow = Number.NEGATIVE_INFINITY;
  private revisited: Map<number, number> | undefined;
  private col = 0;
  private inCell = false;
  private type: string | undefined;
  private style = 0;
  private node: 'v' | 'f' | 't' | undefined;
  private value: string | undefined;
  private formula = false;
  private formulaText = '';
  private rich: string[] | null = null;
  /** The current cell's value-metadata index (vm), read only when the workbook has pictures in cells. */
  private vm: string | undefined;
  /** The vm indices that stand for pictures placed in cells (pictures.ts): such a cell reads as PICTURE_TEXT. */
  pictureValues: ReadonlySet<number> | undefined;
  private inRun = false;
  private runText = '';
  /** The value and style slots the stored rows hold (a row is held from column 0 to its last value). */
  slots = 0;

  /**
   * `maxSlots`: the most slots the rows may hold before GridLimitError('cells'). A row is padded
   * out to its last value, so one value per row in column XFD holds 16,385 slots a row: a small
   * file could otherwise make gigabytes of padding before any grid limit is looked at.
   */
  constructor(
    private readonly sharedStrings: readonly (string | null)[],
    private readonly isDateStyle: (style: number) => boolean,
    private readonly date1904: boolean,
    private readonly maxSlots = Number.POSITIVE_INFINITY,
  ) {}

  open(name: string, attrs: string, selfClosing: boolean): void {
    if (this.inCell) {
      if (name === 'v' || name === 't') {
        if (this.inRun) this.node = 't';
        else this.node = name;
      } else if (name === 'f') {
        this.node = 'f';
        if (attr(attrs, 't') !== undefined) this.formula = true;
      } else if (name === 'r') {
        this.inRun = true;
        this.runText = '';
      }
      return;
    }
    switch (name) {
      case 'row': {
        const r = attr(attrs, 'r');
        this.startRow(r ? Number.parseInt(r, 10) : this.row + 1);
        return;
      }
      case 'c': {
        const r = attr(attrs, 'r');
        this.col = r ? columnOf(r) : this.col + 1;
        this.type = attr(attrs, 't');
        this.vm = this.pictureValues?.size ? attr(attrs, 'vm') : undefined;
        const s = attr(attrs, 's');
        this.style = s ? Number.parseInt(s, 10) : 0;
        this.value = undefined;
        this.formula = false;
        this.formulaText = '';
        this.rich = null;
        this.inRun = false;
        this.node = undefined;
        this.inCell = !selfClosing;
        if (selfClosing) this.finishCell();
        return;
      }
      case 'mergeCell': {
        const m = rangeOf(attr(attrs, 'ref') ?? '');
        if (m) this.out.merges.push(m);
        return;
      }
      case 'col': {
        const hidden = attr(attrs, 'hidden');
        this.out.colRanges.push({
          min: Number.parseInt(attr(attrs, 'min') ?? '0', 10),
          max: Number.parseInt(attr(attrs, 'max') ?? '0', 10),
          hidden: hidden === '1' || hidden === 'true',
        });
        return;
      }
      case 'tablePart': {
        const id = attr(attrs, 'r:id');
        if (id) this.out.tableRIds.push(id);
        return;
      }
      default:
    }
  }

  /**
   * A cell sheet-scan.ts read in one match: what open('c'), its `<v>` text and close('c') do.
   * `col` is -1 for a cell without an r attribute (the one after the last).
   */
  cell(col: number, type: string | undefined, style: number, value: string | undefined): void {
    this.col = col >= 0 ? col : this.col + 1;
    if (value === undefined) return; // no <v>, no formula, no rich text: ExcelJS keeps no value
    // The two commonest, as sheet-scan.ts's own readings of them: a shared string and a number (plainValue reads them alike).
    if (type === 's') this.sharedCell(this.col, style, Number.parseInt(value, 10));
    else if (type === undefined || type === 'n') this.numberCell(this.col, style, Number.parseFloat(value));
    else {
      this.type = type;
      this.style = style;
      this.value = value;
      this.vm = undefined; // sheet-scan.ts takes a cell with a vm to open() instead
      this.formula = false;
      this.formulaText = '';
      this.rich = null;
      this.finishCell();
    }
  }

  /** A row starts (sheet-scan.ts reads `<row r="7" …>` itself and calls this). */
  startRow(row: number): void {
    this.row = row;
    this.col = 0;
    this.rowValues = undefined;
  }

  /** A cell with no value (`<c r="B7" s="1"/>`): ExcelJS keeps nothing; a next cell without r follows it. */
  emptyCell(col: number): void {
    this.col = col;
  }

  /** A shared-string cell (`t="s"`), its index read as a number (by sheet-scan.ts, or by cell). */
  sharedCell(col: number, style: number, index: number): void {
    this.col = col;
    this.store(this.sharedStrings[index] ?? null, style);
  }

  /** A number cell (no `t` or `t="n"`), its value read as a number (by sheet-scan.ts, or by cell); a date style makes it a date. */
  numberCell(col: number, style: number, n: number): void {
    this.col = col;
    this.store(style && this.isDateStyle(style) ? this.asDate(n) : n, style);
  }

  /** A number cell with the text the file shows for it (an .ods cell's paragraphs: 2023年6月30日, 12.5%, 1,234). */
  shownNumberCell(col: number, style: number, n: number, shown: string): void {
    this.col = col;
    this.store({ shown, value: style && this.isDateStyle(style) ? this.asDate(n) as { date: number } : n }, style);
  }

  text(text: string): void {
    if (!this.inCell) return;
    if (this.inRun) {
      if (this.node === 't') this.runText += text;
    } else if (this.node === 'f') this.formulaText += text;
    // An inline string's text is its <is>; a <v> written beside it (some writers do) is not shown.
    else if (this.node === 't' || (this.node === 'v' && this.type !== 'inlineStr')) this.value = (this.value ?? '') + text;
  }

  close(name: string): void {
    if (!this.inCell) return;
    if (name === 'c') {
      this.inCell = false;
      this.finishCell();
    } else if (name === 'r' && this.inRun) {
      this.inRun = false;
      (this.rich ??= []).push(unescapeOoxml(this.runText));
    } else if (name === 'v' || name === 't' || name === 'f') this.node = undefined;
  }

  private finishCell(): void {
    if (this.vm !== undefined && this.pictureValues!.has(Number(this.vm))) {
      this.store(PICTURE_TEXT, this.style);
      return;
    }
    if (this.formulaText) this.formula = true;
    const value = this.formula ? this.formulaResult() : this.plainValue();
    if (value === undefined) return; // an empty cell: ExcelJS keeps no value
    this.store(value, this.style);
  }

  /**
   * Puts a value at the current row and column; a cell written twice keeps the last value (as
   * ExcelJS does), a null one included. Rows usually come once and in order: a row number seen
   * before (or going back) is looked up among the stored rows.
   */
  private store(value: RawValue, style: number): void {
    const values = this.rowValues ?? this.openRow();
    const styles = this.rowStyles;
    const k = this.col;
    if (k >= values.length) {
      this.slots += k + 1 - values.length;
      // `where` is the cell that passed the bound (a far-right one): the workbook adds the sheet.
      if (this.slots > this.maxSlots) throw new GridLimitError('cells', `the sheet's rows hold more than ${this.maxSlots} cells`, `${columnLetter(k)}${this.row}`);
    }
    while (values.length < k) {
      values.push(null);
      styles.push(0);
    }
    values[k] = value;
    styles[k] = style;
  }

  /**
   * The current row's arrays at its first value. Rows usually come once and in order: a row
   * number seen before (or going back) is looked up among the stored rows.
   */
  private openRow(): RawValue[] {
    const o = this.out;
    const row = this.row;
    if (Number.isNaN(row)) throw new Error('malformed row number');
    let at = -1;
    if (row <= this.lastStoredRow) {
      if (!this.revisited) {
        this.revisited = new Map();
        for (let i = 0; i < o.rows.length; i++) this.revisited.set(o.rows[i]!, i);
      }
      at = this.revisited.get(row) ?? -1;
    }
    if (at < 0) {
      at = o.rows.length;
      o.rows.push(row);
      o.values.push([]);
      o.styles.push([]);
      this.revisited?.set(row, at);
    }
    if (row > this.lastStoredRow) this.lastStoredRow = row;
    this.rowStyles = o.styles[at]!;
    return (this.rowValues = o.values[at]!);
  }

  private formulaResult(): RawValue {
    // A formula whose result is written as an inline string (<is>), as some writers do.
    if (this.type === 'inlineStr') return this.plainValue() ?? null;
    const v = this.value;
    if (!v) return null; // never calculated: Excel would show nothing yet
    let result: RawValue;
    // Text results hold Excel's escapes as shared strings do (_x000D_ a carriage return, CHAR(13)).
    if (this.type === 'str') result = unescapeOoxml(decodeNamed(v));
    else if (this.type === 'd') return isoDate(v);
    else if (this.type === 'b') result = Number.parseInt(v, 10) !== 0;
    else if (this.type === 'e') result = { error: v };
    else result = Number.parseFloat(v);
    // Only a number is a date: an error or text result in a date-formatted cell stays itself.
    return typeof result === 'number' && this.style && this.isDateStyle(this.style) ? this.asDate(result) : result;
  }

  private plainValue(): RawValue | undefined {
    // An inline string may hold a plain <t> before its runs (<is><t>…</t><r>…</r></is>): Excel
    // shows them one after the other, as a shared string's are read (ExcelJS keeps the runs only).
    if (this.rich) return (this.type === 'inlineStr' ? unescapeOoxml(this.value ?? '') : '') + this.rich.join('');
    const v = this.value;
    if (v === undefined) return undefined;
    switch (this.type) {
      case 's':
        return this.sharedStrings[Number.parseInt(v, 10)] ?? null;
      case 'str':
        return decodeNamed(v);
      case 'inlineStr':
        return unescapeOoxml(v); // _x000D_ and the like, as a shared string's are read
      case 'b':
        return Number.parseInt(v, 10) !== 0;
      case 'e':
        return { error: v };
      case 'd':
        return isoDate(v);
      default: {
        const n = Number.parseFloat(v);
        return this.style && this.isDateStyle(this.style) ? this.asDate(n) : n;
      }
    }
  }

  /** ExcelJS turns the serial into a JS date and back: the same serial, rounded to the millisecond. */
  private asDate(v: RawValue): RawValue {
    const n = typeof v === 'object' && v !== null ? Number.NaN : (v as number);
    const ms = Math.round((n - 25569 + (this.date1904 ? 1462 : 0)) * 24 * 3600 * 1000);
    return { date: ms };
  }
}
