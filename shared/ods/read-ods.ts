import type { Merge, WorkbookInput } from '../schema/grid.js';
import { isoSerial } from '../dates.js';
import type { SheetReader } from '../xlsx/sheet.js';
import { attr, XmlScanner, type XmlHandler } from '../xlsx/xml.js';
import { WorkbookGrids, type ReadOptions } from '../xlsx/workbook.js';
import { ByteBudget, readEntry, zipEntries, type Inflate } from '../xlsx/zip.js';

/**
 * An OpenDocument spreadsheet (.ods: LibreOffice's own format, and what WPS and other office
 * suites of 信创 desktops save when asked) as grids, through the SheetReader and WorkbookGrids the
 * .xlsx reader fills: each table of content.xml a grid, in order. Cells by their value type
 * (floats, percentages and currencies as numbers, dates and times as Excel serials with a date
 * or time format, truth values, errors LibreOffice marks, text from its paragraphs), repeated
 * cells and rows (as LibreOffice compresses equal neighbours) laid out again, spans as merged
 * areas, collapsed columns as hidden ones; a cell's annotation is not its text. Returns null
 * when the zip holds no spreadsheet content. Throws ZipError past `maxBytes`, GridLimitError past
 * `limits`.
 * @example await readOdsGrids(bytes, '台账.ods', { maxBytes, inflate: zlibInflate, limits })
 */
export async function readOdsGrids(bytes: Uint8Array, file: string, { maxBytes, inflate, limits }: { maxBytes: number; inflate: Inflate } & Pick<ReadOptions, 'limits'>): Promise<WorkbookInput | null> {
  const content = zipEntries(bytes).get('content.xml');
  if (!content) return null;
  const xml = await readEntry(bytes, content, new ByteBudget(maxBytes), inflate);
  const grids = new WorkbookGrids(file, FORMATS, false, limits);
  // One pass, its rows into each sheet's reader as they close: a 12,000-row sheet's content.xml
  // (~30 MB) is never one string, nor its cells all held at once.
  const scanner = new XmlScanner(tableReader(grids));
  const utf8 = new TextDecoder('utf-8');
  for (let at = 0; at < xml.length; at += CHUNK) {
    const last = at + CHUNK >= xml.length;
    scanner.push(utf8.decode(xml.subarray(at, at + CHUNK), { stream: !last }), last);
  }
  if (xml.length === 0) return null;
  return grids.finish();
}

/** The inflated content.xml decoded and scanned this many bytes at a time. */
const CHUNK = 256 * 1024;

// The styles the grids know a cell by: the value type's, since a date must read as a date (an
// ODS cell carries its date as such; its own display format is LibreOffice's, not Excel's).
const FORMATS: (string | undefined)[] = [undefined, 'yyyy-mm-dd', 'yyyy-mm-dd hh:mm:ss', '[h]:mm:ss', '0%'];
const [GENERAL, DATE, DATE_TIME, TIME, PERCENT] = [0, 1, 2, 3, 4];

/** Rows and columns are at most Excel's (an ODS table may say 1,048,576 repeats of an empty row). */
const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;

type Value = { kind: 'number'; n: number; style: number } | { kind: 'text' | 'bool' | 'error'; text: string };

/** An ISO 8601 duration of a time cell ("PT13H30M00S", hours past 24 too) as a fraction of a day. */
function durationDays(text: string): number {
  const m = /^(-)?P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text.trim());
  if (!m) return Number.NaN;
  const days = Number(m[2] ?? 0) + (Number(m[3] ?? 0) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0)) / 86_400;
  return m[1] ? -days : days;
}

/** A cell's value from its attributes (null: none there; its paragraphs' text decides). */
function valueOf(attrs: string): Value | null {
  const type = attr(attrs, 'office:value-type');
  if (attr(attrs, 'calcext:value-type') === 'error') return { kind: 'error', text: '' }; // its text is the error's
  switch (type) {
    case 'float':
    case 'currency':
    case 'percentage': {
      const n = Number(attr(attrs, 'office:value'));
      return Number.isFinite(n) ? { kind: 'number', n, style: type === 'percentage' ? PERCENT : GENERAL } : null;
    }
    case 'date': {
      const iso = attr(attrs, 'office:date-value') ?? '';
      const n = isoSerial(iso);
      return Number.isNaN(n) ? null : { kind: 'number', n, style: /T\d/.test(iso) && n % 1 !== 0 ? DATE_TIME : DATE };
    }
    case 'time': {
      const n = durationDays(attr(attrs, 'office:time-value') ?? '');
      return Number.isNaN(n) ? null : { kind: 'number', n, style: TIME };
    }
    case 'boolean':
      return { kind: 'bool', text: attr(attrs, 'office:boolean-value') === 'true' ? '1' : '0' };
    case 'string': {
      const s = attr(attrs, 'office:string-value');
      return s === undefined ? null : { kind: 'text', text: s };
    }
    default:
      return null;
  }
}

/** A count attribute (repeats, spans), at least 1 and at most `max`. */
function count(attrs: string, name: string, max: number): number {
  const n = Number.parseInt(attr(attrs, name) ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

interface PendingCell {
  col: number;
  repeat: number;
  value: Value | null;
  /** The paragraphs' text, when the value is to come from it. */
  paragraphs: string[];
}

/**
 * The handler that reads content.xml's tables into `grids`, a sheet each, its rows into the
 * sheet's reader as each closes (a row's repeats then known). A GridLimitError is named by the sheet it was met in.
 */
function tableReader(grids: WorkbookGrids): XmlHandler {
  let inSpreadsheet = false;
  let table: { name: string; reader: SheetReader; merges: Merge[]; hidden: number[]; column: number } | null = null;
  let row = 1; // the current row, 1-based
  let nextRow = 1;
  let rowRepeat = 1;
  let cells: PendingCell[] = [];
  let col = 0; // the next cell's column, 1-based
  let cell: PendingCell | null = null;
  let paragraph: string | null = null;
  let hiddenText = 0; // inside an annotation or a note: not the cell's text
  let tables = 0;

  const guarded = (name: string, work: () => void) => {
    try {
      work();
    } catch (error) {
      throw WorkbookGrids.named(error, name);
    }
  };

  const endTable = () => {
    if (!table) return;
    const t = table;
    t.reader.out.merges.push(...t.merges);
    t.reader.out.colRanges.push(...t.hidden.map((c) => ({ min: c, max: c, hidden: true })));
    guarded(t.name, () => grids.end(t.name, t.reader));
    table = null;
  };

  const endParagraph = () => {
    if (cell && paragraph !== null) cell.paragraphs.push(paragraph);
    paragraph = null;
  };

  const endCell = () => {
    if (cell && (cell.value || cell.paragraphs.some((p) => p !== ''))) cells.push(cell);
    cell = null;
    paragraph = null;
  };

  // A row of values is laid out as often as it repeats; a run of empty ones only moves on.
  const endRow = () => {
    if (!table) return;
    const t = table;
    if (cells.length) {
      const repeat = Math.min(rowRepeat, MAX_ROW + 1 - row);
      guarded(t.name, () => {
        for (let k = 0; k < repeat; k++) {
          t.reader.startRow(row + k);
          for (const c of cells) {
            for (let j = 0; j < c.repeat; j++) {
              put(t.reader, c.col + j, c);
            }
          }
        }
      });
    }
    nextRow = row + rowRepeat;
    rowRepeat = 1;
    cells = [];
  };

  // Element names come without their prefixes (table:table-cell is table-cell: xlsx/xml.ts); attributes keep theirs.
  return {
    open(name, attrs, selfClosing) {
      if (name === 'spreadsheet') inSpreadsheet = true;
      if (!inSpreadsheet) return;
      switch (name) {
        case 'table':
          endTable();
          tables++;
          table = { name: attr(attrs, 'table:name') ?? `Sheet${tables}`, reader: grids.begin(), merges: [], hidden: [], column: 0 };
          nextRow = 1;
          if (selfClosing) endTable();
          break;
        case 'table-column': {
          if (!table) break;
          const n = count(attrs, 'table:number-columns-repeated', MAX_COL);
          const visibility = attr(attrs, 'table:visibility');
          if (visibility === 'collapse' || visibility === 'filter') for (let c = table.column + 1; c <= Math.min(MAX_COL, table.column + n); c++) table.hidden.push(c);
          table.column += n;
          break;
        }
        case 'table-row':
          if (!table) break;
          row = nextRow;
          rowRepeat = count(attrs, 'table:number-rows-repeated', MAX_ROW);
          cells = [];
          col = 1;
          if (selfClosing) endRow();
          break;
        case 'table-cell':
        case 'covered-table-cell': {
          if (!table) break;
          const repeat = count(attrs, 'table:number-columns-repeated', MAX_COL);
          const covered = name === 'covered-table-cell';
          const across = count(attrs, 'table:number-columns-spanned', MAX_COL);
          const down = count(attrs, 'table:number-rows-spanned', MAX_ROW);
          if (!covered && (across > 1 || down > 1)) table.merges.push({ top: row, left: col, bottom: row + down - 1, right: col + across - 1 });
          cell = covered ? null : { col, repeat, value: valueOf(attrs), paragraphs: [] };
          col += repeat;
          if (selfClosing) endCell();
          break;
        }
        case 'annotation':
        case 'note':
          if (!selfClosing) hiddenText++;
          break;
        case 'p':
        case 'h':
          if (cell && hiddenText === 0) {
            paragraph = '';
            if (selfClosing) endParagraph();
          }
          break;
        case 's':
          if (paragraph !== null && hiddenText === 0) paragraph += ' '.repeat(count(attrs, 'text:c', 10_000));
          break;
        case 'tab':
          if (paragraph !== null && hiddenText === 0) paragraph += '\t';
          break;
        case 'line-break':
          if (paragraph !== null && hiddenText === 0) paragraph += '\n';
          break;
        default:
      }
    },
    close(name) {
      if (!inSpreadsheet) return;
      switch (name) {
        case 'spreadsheet':
          endTable();
          inSpreadsheet = false;
          break;
        case 'table':
          endTable();
          break;
        case 'table-row':
          endRow();
          break;
        case 'table-cell':
          endCell();
          break;
        case 'annotation':
        case 'note':
          hiddenText = Math.max(0, hiddenText - 1);
          break;
        case 'p':
        case 'h':
          if (hiddenText === 0) endParagraph();
          break;
        default:
      }
    },
    text(text) {
      if (paragraph !== null && hiddenText === 0) paragraph += text;
    },
  };
}

/**
 * A copy of a text that holds none of the chunk it was cut from: V8 keeps a slice of a long string
 * pointing into it, so each cell's text would keep its 256 KB chunk, and the sheet the whole file.
 * Concatenation then slicing copies (`' ' + s` is flattened into a new string first).
 */
const own = (text: string) => (' ' + text).slice(1);

/** One cell into the reader: its value, else its paragraphs' text (lines joined as Excel shows them). */
function put(r: SheetReader, col: number, c: PendingCell): void {
  const text = own(c.paragraphs.join('\n'));
  const v = c.value;
  // A number's displayed text is the file's own (what LibreOffice or WPS shows, 2023年6月30日 or
  // 12.5%), not the format the grid gives it to be read as a date or number by.
  // A 序号 shown as itself (the commonest number) is kept as a plain number: the grid gives it no
  // text either. So is one the file shows as nothing: the suite that saved it could not render its
  // format (LibreOffice in English writes [DBNum1]'s Chinese numerals as an empty paragraph), and a
  // value read as empty would be lost.
  if (v?.kind === 'number') {
    const asItself = v.style === GENERAL && Number.isInteger(v.n) && Math.abs(v.n) < 1e11 && text === String(v.n);
    if (text !== '' && !asItself) r.shownNumberCell(col, v.style, v.n, text);
    else r.numberCell(col, v.style, v.n);
  } else if (v?.kind === 'bool') r.cell(col, 'b', GENERAL, v.text);
  else if (v?.kind === 'error') r.cell(col, 'e', GENERAL, text);
  else r.cell(col, 'inlineStr', GENERAL, v?.kind === 'text' && v.text !== '' ? own(v.text) : text);
}
