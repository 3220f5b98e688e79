import type { Merge, WorkbookInput } from '../schema/grid.js';
import { WorkbookGrids, type ReadOptions } from '../xlsx/workbook.js';
import { sheetNameFor, textOrNumber } from './sheet-text.js';

/**
 * The tables of a web page saved under an Excel name (many a system's 导出Excel writes one),
 * read as Excel opens such a file: one worksheet (named as the export names it, else after the
 * file), the page's tables one
 * below the other, a cell spanning rows or columns a merged area, <br> a line break, runs of
 * white space one space, a cell whose text is a plain number (no leading zero, no separators) a
 * number unless its style says text (mso-number-format:"\@"), all else text as shown (dates
 * too: the core reads dates written as text). Returns null when the page has no table.
 * @example readHtmlTables(markupText(bytes), '系统导出.xls', { limits })
 */
export async function readHtmlTables(html: string, file: string, { limits }: Pick<ReadOptions, 'limits'> = {}): Promise<WorkbookInput | null> {
  const cells = layOut(html);
  if (!cells) return null;
  const grids = new WorkbookGrids(file, [], false, limits);
  const name = sheetName(html, file);
  const reader = grids.sheet(name, [], (r) => {
    let row = 0;
    for (const c of cells.cells) {
      if (c.row !== row) r.startRow((row = c.row));
      if (typeof c.value === 'number') r.numberCell(c.col, 0, c.value);
      else r.cell(c.col, 'inlineStr', 0, c.value);
    }
    r.out.merges.push(...cells.merges);
  });
  grids.add(name, reader);
  return grids.finish();
}

/**
 * The sheet's name as Excel gives it: the <x:Name> an Excel-style export writes in its
 * <x:ExcelWorksheet> block (inside a conditional comment), else the file's.
 */
function sheetName(html: string, file: string): string {
  const named = /<x:Name>([^<]{1,200})<\/x:Name>/i.exec(html)?.[1];
  return sheetNameFor(file, named === undefined ? undefined : decodeEntities(named).trim());
}

interface Placed {
  row: number;
  col: number;
  value: string | number;
}

/** The HTML standard's limits on spans. */
const MAX_COLSPAN = 1000;
const MAX_ROWSPAN = 65534;

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+|<)/g;

/** Every table's cells in row order with their places (1-based), and the merges spans make; null without a table. */
function layOut(html: string): { cells: Placed[]; merges: Merge[] } | null {
  const cells: Placed[] = [];
  const merges: Merge[] = [];
  // Spans from rows above that still cover columns of later rows: [bottom, left, right].
  let spans: [number, number, number][] = [];
  let tables = 0;
  let depth = 0; // table nesting: only the outermost tables' rows and cells are laid out
  let row = 0;
  let col = 1;
  let cell: { text: string; colspan: number; rowspan: number; asText: boolean } | null = null;
  const endCell = () => {
    if (!cell) return;
    const c = cell;
    cell = null;
    // The first column from `col` on that no span from above covers.
    for (let moved = true; moved; ) {
      moved = false;
      for (const [bottom, left, right] of spans) {
        if (bottom >= row && col >= left && col <= right) {
          col = right + 1;
          moved = true;
        }
      }
    }
    const text = c.text.replace(/[ \t\r\n\f]*\n[ \t\r\n\f]*/g, '\n').replace(/^[ \n]+|[ \n]+$/g, '');
    if (text !== '') cells.push({ row, col, value: c.asText ? text : textOrNumber(text) });
    if (c.colspan > 1 || c.rowspan > 1) {
      merges.push({ top: row, left: col, bottom: row + c.rowspan - 1, right: col + c.colspan - 1 });
      if (c.rowspan > 1) spans.push([row + c.rowspan - 1, col, col + c.colspan - 1]);
    }
    col += c.colspan;
  };
  const startRow = () => {
    endCell();
    row++;
    col = 1;
    spans = spans.filter(([bottom]) => bottom >= row);
  };
  let inRow = false;
  let skipTo = -1;
  for (const m of html.matchAll(TOKEN)) {
    if (m.index! < skipTo) continue;
    const [whole, closing, tagName, attrs, text] = m;
    if (text !== undefined) {
      if (cell) cell.text += decodeEntities(text).replace(/[ \t\r\n\f]+/g, ' ');
      continue;
    }
    if (!tagName) continue; // a comment
    const tag = tagName.toLowerCase();
    if (!closing && (tag === 'script' || tag === 'style')) {
      const end = html.toLowerCase().indexOf(`</${tag}`, m.index! + whole.length);
      skipTo = end < 0 ? html.length : end;
      continue;
    }
    if (tag === 'table') {
      if (closing) {
        if (depth === 1) endCell();
        depth = Math.max(0, depth - 1);
      } else if (++depth === 1) {
        tables++;
        inRow = false;
      }
      continue;
    }
    if (depth !== 1) {
      // A table inside a cell is that cell's text, its cells a space apart.
      if (cell && tag === 'br') cell.text += '\n';
      else if (cell && !closing && (tag === 'td' || tag === 'th')) cell.text += ' ';
      continue;
    }
    if (tag === 'tr') {
      if (!closing) {
        startRow();
        inRow = true;
      } else {
        endCell();
        inRow = false;
      }
    } else if (tag === 'td' || tag === 'th') {
      if (closing) endCell();
      else {
        if (!inRow) {
          startRow();
          inRow = true;
        }
        endCell();
        const span = (name: string, most: number) => Math.min(most, Math.max(1, Number.parseInt(attrOf(attrs!, name) ?? '1', 10) || 1));
        const style = attrOf(attrs!, 'style') ?? '';
        cell = { text: '', colspan: span('colspan', MAX_COLSPAN), rowspan: span('rowspan', MAX_ROWSPAN), asText: /mso-number-format\s*:\s*["']?\\?@/i.test(style) || attrOf(attrs!, 'x:str') !== undefined };
      }
    } else if (tag === 'br' && cell) cell.text += '\n';
    else if ((tag === 'p' || tag === 'div') && closing && cell) cell.text += '\n';
  }
  endCell();
  return tables ? { cells, merges } : null;
}

/** An attribute's value (quoted or not), or undefined; `x:str` alone counts as present. */
function attrOf(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}(?:\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+)))?(?=\\s|$)`, 'i').exec(attrs);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', middot: '·', mdash: '—', ndash: '–', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', hellip: '…', times: '×', yen: '¥', copy: '©' };

function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([a-zA-Z]+));?/g, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name.toLowerCase()] ?? whole;
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}
