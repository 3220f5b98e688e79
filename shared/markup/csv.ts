import type { WorkbookInput } from '../schema/grid.js';
import { WorkbookGrids, type ReadOptions } from '../xlsx/workbook.js';
import { sheetNameFor, textOrNumber } from './sheet-text.js';

/**
 * A CSV file (Excel's 另存为 CSV, in GBK on Chinese Windows; a system's export, often UTF-8 with
 * a byte-order mark) as one sheet named after the file, as Excel opens it: fields separated by
 * commas (or tabs, or semicolons, whichever the first line holds most of), quoted fields with
 * doubled quotes, line breaks inside quotes kept (as LF, Excel's in-cell break); a plain number (no leading zero, no
 * separators) a number, all else text as written (dates too: the core reads dates written as
 * text). Returns null when no field holds anything.
 * @example readCsv(markupText(bytes), '台账.csv', { limits })
 */
export async function readCsv(text: string, file: string, { limits }: Pick<ReadOptions, 'limits'> = {}): Promise<WorkbookInput | null> {
  const delimiter = delimiterOf(text);
  const grids = new WorkbookGrids(file, [], false, limits);
  const name = sheetNameFor(file);
  let any = false;
  const reader = grids.sheet(name, [], (r) => {
    let row = 1;
    let col = 1;
    let field = '';
    let quoted = false;
    let started = false;
    r.startRow(row);
    const put = () => {
      if (field !== '') {
        any = true;
        const value = quoted ? field : textOrNumber(field);
        if (typeof value === 'number') r.numberCell(col, 0, value);
        else r.cell(col, 'inlineStr', 0, value);
      }
      field = '';
      quoted = false;
      started = false;
    };
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"' && !started) {
        // A quoted field: up to the quote not doubled.
        quoted = true;
        started = true;
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            field += text.slice(j).replace(/\r\n?/g, '\n');
            j = text.length;
            break;
          }
          field += text.slice(j, q).replace(/\r\n?/g, '\n'); // a line break in a cell is Excel's LF
          if (text[q + 1] === '"') {
            field += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        i = j - 1;
      } else if (c === delimiter) {
        put();
        col++;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        put();
        row++;
        col = 1;
        r.startRow(row);
      } else {
        field += c;
        started = true;
      }
    }
    put();
  });
  if (!any) return null;
  grids.add(name, reader);
  return grids.finish();
}

/** The separator the first line holds most of: a comma, a tab or a semicolon (Excel's list separator in some locales). */
function delimiterOf(text: string): string {
  const end = text.search(/[\r\n]/);
  const first = end < 0 ? text : text.slice(0, end);
  const count = (d: string) => first.split(d).length - 1;
  return [',', '\t', ';'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}
