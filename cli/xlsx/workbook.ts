import type { Grid, WorkbookInput } from '../../shared/index.js';
import { displayText, loadNumberFormats } from '../cell-value.js';
import { cellsToGrid, type Later } from './grid.js';
import { readRels, readSharedStrings, readStyles, readTablePart, readWorkbookPart } from './parts.js';
import { SheetReader } from './sheet.js';
import { scanSheet } from './sheet-scan.js';
import { ByteBudget, inflateEntry, inflateString, zipEntries, type ZipEntry } from './zip.js';

/**
 * Most bytes one file's parts may unpack to. A 100,000-row ledger's sheet XML is about 60 MB;
 * four times that is room for wide sheets and rich text, and still a bounded amount of memory.
 */
export const XLSX_BYTE_BUDGET = 256 * 1024 * 1024;

/** ExcelJS's test for a date format (cell values in one load as dates): y m d h s b outside "" and []. */
function isExcelJsDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/**
 * Every worksheet of an .xlsx as grids, in tab order: the same grids the ExcelJS reading gives
 * (cli/exceljs-grid.ts; test/cli/xlsx-reader.test.ts compares them), read in one pass over
 * each part. numfmt loads only when a cell's text needs it. Returns null when the zip holds no
 * workbook (a renamed .docx). Throws ZipError or a parse Error for a damaged file.
 */
export async function readWorkbookGrids(bytes: Uint8Array, file: string, maxBytes: number): Promise<WorkbookInput | null> {
  const entries = zipEntries(bytes);
  const budget = new ByteBudget(maxBytes);
  const part = (path: string): ZipEntry | undefined => entries.get(path.toLowerCase());
  const text = (path: string): string | undefined => {
    const e = part(path);
    return e ? inflateString(bytes, e, budget) : undefined;
  };
  const rootRels = text('_rels/.rels');
  const bookPath = (rootRels && [...readRels(rootRels, '').values()].find((t) => /workbook\d*\.xml$/i.test(t))) || 'xl/workbook.xml';
  const bookXml = text(bookPath);
  if (bookXml === undefined) return null;
  const folder = bookPath.slice(0, bookPath.lastIndexOf('/') + 1);
  const book = readWorkbookPart(bookXml);
  const bookRels = readRels(text(`${folder}_rels/${bookPath.slice(folder.length)}.rels`) ?? '', folder);
  const sst = text(`${folder}sharedStrings.xml`);
  const shared = sst === undefined ? [] : readSharedStrings(sst);
  const stylesXml = text(`${folder}styles.xml`);
  const numFmts = stylesXml === undefined ? [] : readStyles(stylesXml);
  const dateStyles = numFmts.map(isExcelJsDateFormat);

  const sheets: Grid[] = [];
  const later: Later[] = [];
  for (const def of book.sheets) {
    const path = bookRels.get(def.rId);
    const entry = path && /\/worksheets\//i.test(`/${path}`) ? part(path) : undefined;
    if (!path || !entry) continue; // a chart sheet, or a sheet the file does not hold: ExcelJS skips it too
    const reader = new SheetReader(shared, (s) => dateStyles[s] === true, book.date1904, numFmts);
    scanSheet(inflateEntry(bytes, entry, budget), reader);
    const sheetFolder = path.slice(0, path.lastIndexOf('/') + 1);
    const sheetRels = reader.out.tableRIds.length ? readRels(text(`${sheetFolder}_rels/${path.slice(sheetFolder.length)}.rels`) ?? '', sheetFolder) : new Map<string, string>();
    const tables = reader.out.tableRIds.flatMap((id) => {
      const target = sheetRels.get(id);
      const xml = target ? text(target) : undefined;
      const t = xml ? readTablePart(xml) : null;
      return t ? [t] : [];
    });
    sheets.push(cellsToGrid(reader.out, def.name, file, tables, later));
  }
  if (sheets.length === 0) return null;
  if (later.length > 0) {
    await loadNumberFormats();
    for (const { row, k, value, format } of later) {
      const shown = displayText(value, format);
      row[k] = shown === String(value) ? null : shown;
    }
  }
  return { file, sheets };
}
