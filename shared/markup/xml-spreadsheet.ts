import type { Merge, WorkbookInput } from '../schema/grid.js';
import { isoSerial } from '../dates.js';
import { scanXml } from '../xlsx/parts.js';
import { attr } from '../xlsx/xml.js';
import { WorkbookGrids, type ReadOptions } from '../xlsx/workbook.js';

/**
 * An Excel 2003 XML spreadsheet (SpreadsheetML, `urn:schemas-microsoft-com:office:spreadsheet`),
 * as some systems export under an .xls name: each Worksheet a grid, through the SheetReader and
 * WorkbookGrids the .xlsx reader fills. Cells by ss:Index or in turn, merges by ss:MergeAcross
 * and ss:MergeDown, hidden columns, number formats by style (Excel's named ones, such as
 * "Short Date", as the patterns Chinese Excel shows), DateTime values as dates. Returns null
 * when it holds no worksheet. Throws an Error for XML it cannot read.
 * @example readXmlSpreadsheet(markupText(bytes), '报表.xls', { limits })
 */
export async function readXmlSpreadsheet(xml: string, file: string, { limits }: Pick<ReadOptions, 'limits'> = {}): Promise<WorkbookInput | null> {
  const book = parse(xml);
  if (book.sheets.length === 0) return null;
  const grids = new WorkbookGrids(file, book.formats, false, limits);
  for (const sheet of book.sheets) {
    const reader = grids.sheet(sheet.name, [], (r) => {
      let row = 0;
      for (const c of sheet.cells) {
        if (c.row !== row) r.startRow((row = c.row));
        const n = c.type === 'Number' ? Number(c.text.trim()) : c.type === 'DateTime' ? isoSerial(c.text) : Number.NaN;
        if (!Number.isNaN(n)) r.numberCell(c.col, c.style, n);
        else if (c.type === 'Boolean') r.cell(c.col, 'b', c.style, c.text.trim() === '1' || /^true$/i.test(c.text.trim()) ? '1' : '0');
        else if (c.type === 'Error') r.cell(c.col, 'e', c.style, c.text);
        else r.cell(c.col, 'inlineStr', c.style, c.text); // text, or a number or date it could not read
      }
      r.out.merges.push(...sheet.merges);
      r.out.colRanges.push(...sheet.hidden.map((c) => ({ min: c, max: c, hidden: true })));
    });
    grids.add(sheet.name, reader);
  }
  return grids.finish();
}

/** Excel's named number formats (SpreadsheetML writes these names), as Chinese Excel shows them. */
const NAMED_FORMATS: Record<string, string | undefined> = {
  'general': undefined,
  'general number': undefined,
  'general date': 'yyyy/m/d h:mm',
  'short date': 'yyyy/m/d',
  'medium date': 'd-mmm-yy',
  'long date': 'yyyy"年"m"月"d"日"',
  'short time': 'h:mm',
  'medium time': 'h:mm AM/PM',
  'long time': 'h:mm:ss',
  'fixed': '0.00',
  'standard': '#,##0.00',
  'percent': '0.00%',
  'scientific': '0.00E+00',
  '@': '@',
};

interface Cell {
  row: number;
  col: number;
  style: number;
  type: string;
  text: string;
}

interface Book {
  /** Number format by style index (0: the default, General). */
  formats: (string | undefined)[];
  sheets: { name: string; cells: Cell[]; merges: Merge[]; hidden: number[] }[];
}

function parse(xml: string): Book {
  const book: Book = { formats: [undefined], sheets: [] };
  const styleIndex = new Map<string, number>();
  let style: string | undefined;
  let sheet: Book['sheets'][number] | undefined;
  let row = 0;
  let col = 0;
  let column = 0;
  let cell: Cell | undefined;
  let inData = false;
  // A cell's comment holds Data of its own (the note's text): not the cell's value.
  let inComment = 0;
  scanXml(xml, {
    open(name, attrs, selfClosing) {
      switch (name) {
        case 'Style':
          style = attr(attrs, 'ss:ID');
          if (style !== undefined && !styleIndex.has(style)) {
            styleIndex.set(style, book.formats.length);
            book.formats.push(undefined);
          }
          break;
        case 'NumberFormat': {
          const format = attr(attrs, 'ss:Format');
          if (style !== undefined && format !== undefined) {
            const named = format.toLowerCase();
            // Backslash escapes dropped, as the .xlsx reader keeps a pattern (readStyles).
            book.formats[styleIndex.get(style)!] = named in NAMED_FORMATS ? NAMED_FORMATS[named] : format.replace(/[\\](.)/g, '$1');
          }
          break;
        }
        case 'Worksheet':
          sheet = { name: attr(attrs, 'ss:Name') ?? `Sheet${book.sheets.length + 1}`, cells: [], merges: [], hidden: [] };
          book.sheets.push(sheet);
          row = 0;
          column = 0;
          break;
        case 'Column': {
          if (!sheet) break;
          column = indexOr(attr(attrs, 'ss:Index'), column + 1);
          const span = Math.min(16_384, indexOr(attr(attrs, 'ss:Span'), 0));
          if (attr(attrs, 'ss:Hidden') === '1') for (let c = column; c <= column + span; c++) sheet.hidden.push(c);
          column += span;
          break;
        }
        case 'Row':
          row = indexOr(attr(attrs, 'ss:Index'), row + 1);
          col = 0;
          break;
        case 'Cell': {
          if (!sheet) break;
          col = indexOr(attr(attrs, 'ss:Index'), col + 1);
          const across = indexOr(attr(attrs, 'ss:MergeAcross'), 0);
          const down = indexOr(attr(attrs, 'ss:MergeDown'), 0);
          if (across || down) sheet.merges.push({ top: row, left: col, bottom: row + down, right: col + across });
          const id = attr(attrs, 'ss:StyleID');
          cell = { row, col, style: id === undefined ? 0 : styleIndex.get(id) ?? 0, type: '', text: '' };
          col += across;
          if (selfClosing) cell = undefined;
          break;
        }
        case 'Comment':
          if (!selfClosing) inComment++;
          break;
        case 'Data':
          if (cell && inComment === 0) {
            cell.type = attr(attrs, 'ss:Type') ?? 'String';
            inData = !selfClosing;
          }
          break;
        default:
      }
    },
    close(name) {
      if (name === 'Comment') inComment = Math.max(0, inComment - 1);
      else if (name === 'Data') inData = false;
      else if (name === 'Cell') {
        if (cell?.type && sheet) sheet.cells.push(cell);
        cell = undefined;
      } else if (name === 'Style') style = undefined;
    },
    text(text) {
      if (inData && cell) cell.text += text;
    },
  });
  return book;
}

/** A 1-based index attribute, or `otherwise` when missing or not a positive number. */
function indexOr(value: string | undefined, otherwise: number): number {
  const n = value === undefined ? Number.NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? n : otherwise;
}
