import type { Merge } from '../../shared/index.js';
import { unescapeOoxml } from './parts.js';
import { SheetRows, type RawValue } from './sheet-rows.js';
import { attr, type XmlHandler } from './xml.js';

/** ExcelJS decodes a formula's string result a second time, named entities only. */
function decodeNamed(text: string): string {
  return text.replace(/&([a-z]*);/g, (m) => NAMED[m] ?? m);
}
const NAMED: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' };

/**
 * Everything a worksheet part holds that the grid needs: the cells by row (already grid values,
 * text and formats), merges, hidden columns and tables.
 */
export interface SheetCells {
  cells: SheetRows;
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
  readonly out: SheetCells;
  private row = 0;
  private col = 0;
  private inCell = false;
  private type: string | undefined;
  private style = 0;
  private node: 'v' | 'f' | 't' | undefined;
  private value: string | undefined;
  private formula = false;
  private formulaText = '';
  private rich: string[] | null = null;
  private inRun = false;
  private runText = '';

  /** `numFmts`: each cell style's number format (styles.xml), as cli/xlsx/parts.ts reads it. */
  constructor(
    private readonly sharedStrings: readonly (string | null)[],
    private readonly isDateStyle: (style: number) => boolean,
    private readonly date1904: boolean,
    numFmts: readonly (string | undefined)[] = [],
  ) {
    this.out = { cells: new SheetRows(numFmts), merges: [], colRanges: [], tableRIds: [] };
  }

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
    let v: RawValue;
    // The two commonest, inline: a shared string and a number (plainValue reads them alike).
    if (type === 's') v = this.sharedStrings[Number.parseInt(value, 10)] ?? null;
    else if (type === undefined || type === 'n') {
      const n = Number.parseFloat(value);
      v = style && this.isDateStyle(style) ? this.asDate(n) : n;
    } else {
      this.type = type;
      this.style = style;
      this.value = value;
      this.formula = false;
      this.formulaText = '';
      this.rich = null;
      this.finishCell();
      return;
    }
    this.store(v, style);
  }

  /** A row starts (sheet-scan.ts reads `<row r="7" …>` itself and calls this). */
  startRow(row: number): void {
    this.row = row;
    this.col = 0;
    this.out.cells.startRow();
  }

  /** A cell with no value (`<c r="B7" s="1"/>`): ExcelJS keeps nothing; a next cell without r follows it. */
  emptyCell(col: number): void {
    this.col = col;
  }

  /** What cell(col, 's', style, String(index)) does, for an index sheet-scan.ts read as a number. */
  sharedCell(col: number, style: number, index: number): void {
    this.col = col;
    this.store(this.sharedStrings[index] ?? null, style);
  }

  /** What cell(col, undefined, style, String(n)) does, for a number sheet-scan.ts read as one. */
  numberCell(col: number, style: number, n: number): void {
    this.col = col;
    this.store(style && this.isDateStyle(style) ? this.asDate(n) : n, style);
  }

  text(text: string): void {
    if (!this.inCell) return;
    if (this.inRun) {
      if (this.node === 't') this.runText += text;
    } else if (this.node === 'f') this.formulaText += text;
    else if (this.node === 'v' || this.node === 't') this.value = (this.value ?? '') + text;
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
    if (this.formulaText) this.formula = true;
    const value = this.formula ? this.formulaResult() : this.plainValue();
    if (value === undefined) return; // an empty cell: ExcelJS keeps no value
    this.store(value, this.style);
  }

  /** Puts a value at the current row and column (SheetRows converts it for the grid). */
  private store(value: RawValue, style: number): void {
    this.out.cells.put(this.row, this.col, value, style);
  }

  private formulaResult(): RawValue {
    const v = this.value;
    if (!v) return null; // never calculated: Excel would show nothing yet
    let result: RawValue;
    if (this.type === 'str') result = decodeNamed(v);
    else if (this.type === 'b') result = Number.parseInt(v, 10) !== 0;
    else if (this.type === 'e') result = { error: v };
    else result = Number.parseFloat(v);
    return this.style && this.isDateStyle(this.style) ? this.asDate(result) : result;
  }

  private plainValue(): RawValue | undefined {
    if (this.rich) return this.rich.join('');
    const v = this.value;
    if (v === undefined) return undefined;
    switch (this.type) {
      case 's':
        return this.sharedStrings[Number.parseInt(v, 10)] ?? null;
      case 'str':
        return decodeNamed(v);
      case 'inlineStr':
        return v;
      case 'b':
        return Number.parseInt(v, 10) !== 0;
      case 'e':
        return { error: v };
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
