import type { WorkbookInput } from '../schema/grid.js';
import type { ReadOptions } from '../xlsx/workbook.js';
import { readCsv } from './csv.js';
import { readHtmlTables } from './html-tables.js';
import { markupText } from './markup-text.js';
import { readXmlSpreadsheet } from './xml-spreadsheet.js';

/** The text formats a file's content can be (shared/xlsx/sniff.ts tells them apart). */
export type MarkupKind = 'web-page' | 'xml-spreadsheet' | 'csv';

const READERS = { 'web-page': readHtmlTables, 'xml-spreadsheet': readXmlSpreadsheet, csv: readCsv };

/**
 * A text file's grids by its kind, decoded as exports are (markupText): the one reading of web
 * pages, Excel 2003 XML and CSV for ledger-check and the Worker's uploads. Null when it holds no
 * table, worksheet or value; throws GridLimitError past `limits`, an Error for XML that does not parse.
 * @example await readMarkupGrids(bytes, '导出.xls', sniffFileKind(bytes) as MarkupKind, { limits })
 */
export function readMarkupGrids(bytes: Uint8Array, file: string, kind: MarkupKind, options: Pick<ReadOptions, 'limits'>): Promise<WorkbookInput | null> {
  return READERS[kind](markupText(bytes), file, options);
}
