import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zlibInflate } from '../../cli/zlib-inflate.js';
import { checkWorkbooks, type WorkbookInput } from '../../shared/index.js';
import { LOCAL_GRID_LIMITS } from '../../shared/grid-limits.js';
import { readWorkbookFile, WorkbookFileError } from '../../shared/workbook-file.js';
import { GridLimitError } from '../../shared/xlsx/workbook.js';
import { sniffFileKind } from '../../shared/xlsx/sniff.js';
import { XlsError } from '../../shared/xls/workbook.js';
import { oldBiff } from './old-biff-writer.js';

// Excel 2.x–4.0 worksheets (bare BIFF2–4 streams: shared/xls/old-biff.ts), as old systems'
// "导出Excel" writers still write them. Excel's own such files are read against xlrd in
// xls-reader.test.ts (test/fixtures/xls/real: sheetjs_CRLFX5_2/3/4.XLS and two BIFF4 files).
const FIXTURES = join(import.meta.dirname, '../fixtures');
const OPTIONS = { limits: LOCAL_GRID_LIMITS, maxBytes: 64 * 1024 * 1024, inflate: zlibInflate };
const read = (bytes: Uint8Array, name: string) => readWorkbookFile(bytes, name, OPTIONS);
const findings = (book: WorkbookInput) => checkWorkbooks([book], { asOf: '2023-05-29' }).sheets.map((s) => s.items.map((it) => [it.row, it.fields, it.diagnostics.map((d) => [d.code, d.column])]));

describe('a ledger exported as an Excel 2.x–4.0 worksheet reads as the same ledger in .xlsx', () => {
  const cases = ['rulin-town', 'maoping-town', 'scj-market-regulation'].flatMap((name) => ([2, 3, 4] as const).map((v) => [name, v] as const));
  it.each(cases)('%s as BIFF%s (GBK text, number formats, dates)', async (name, version) => {
    const xlsx = (await read(new Uint8Array(readFileSync(join(FIXTURES, 'spec', `${name}.xlsx`))), `${name}.xls`)).input;
    const sheet = xlsx.sheets[0]!;
    const bytes = oldBiff(sheet, version);
    expect(sniffFileKind(bytes)).toBe('legacy-xls');
    const file = await read(bytes, `${name}.xls`);
    expect(file.format).toBe('xls');
    const old = file.input.sheets[0]!;
    expect(old.sheet).toBe(name); // a worksheet file's one sheet takes the file's name, as Excel's tab does
    expect(old.values).toEqual(sheet.values);
    expect(old.text).toEqual(sheet.text);
    if (version > 2) expect(old.hiddenColumns).toEqual(sheet.hiddenColumns);
    expect(findings(file.input)).toEqual(findings({ ...xlsx, sheets: [{ ...sheet, merges: [] }] }));
  });

  it('a file naming no code page (as simple writers leave it out): GBK text read as GBK, Western text as Western, even where its bytes pair up as GBK', async () => {
    const grid = (await read(new Uint8Array(readFileSync(join(FIXTURES, 'spec', 'rulin-town.xlsx'))), 'a.xls')).input.sheets[0]!;
    expect((await read(oldBiff(grid, 2, { codePage: false }), 'a.xls')).input.sheets[0]!.values).toEqual(grid.values);
    // Western text reads as Western: where its bytes are no valid GBK (an accented letter before a
    // space or at the end), and where an accented letter before an ASCII letter pairs up as GBK.
    const western = { sheet: 'S', values: [['Café', 'Café au lait', 'plain', 'Müller', 'Crème brûlée', 'Straße', 'São Paulo', 'FRANÇAIS'], [1, 2, 3, 4, 5, 6, 7, 8]] };
    expect((await read(oldBiff(western, 2, { codePage: false, western: true }), 'a.xls')).input.sheets[0]!.values).toEqual(western.values);
    // Chinese text with a character outside GB2312 (GBK's extension: 喆 86 B4, 镕 E9 46) stays Chinese.
    const rare = { sheet: 'S', values: [['王喆', '朱镕基', '喆', '整改'], [1, 2, 3, 4]] };
    expect((await read(oldBiff(rare, 3, { codePage: false }), 'a.xls')).input.sheets[0]!.values).toEqual(rare.values);
  });

  it('BIFF2\'s records in a BIFF3 or BIFF4 stream, as SheetJS writes them, read as SheetJS reads them', async () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['No', 'Item', 'Amount', 'Due'], [1, 'late filing', 1234.5, new Date(Date.UTC(2023, 5, 30))], [2, 'no record', true, 'June']], { cellDates: true }), 'S');
    for (const bookType of ['biff2', 'biff3', 'biff4'] as const) {
      const bytes = new Uint8Array(XLSX.write(book, { type: 'array', bookType: bookType as XLSX.BookType }) as ArrayBuffer); // biff3 and biff4 are written though not typed
      const ours = (await read(bytes, 'export.xls')).input.sheets[0]!;
      expect(ours.values, bookType).toEqual([['No', 'Item', 'Amount', 'Due'], [1, 'late filing', 1234.5, 45107], [2, 'no record', true, 'June']]);
      expect(ours.formats?.[1]?.[3], bookType).toBe('m/d/yy');
    }
  });

  it('an Excel 4.0 workbook (its globals naming each sheet, then each worksheet) gives each of its worksheets by name', async () => {
    const grid = (await read(new Uint8Array(readFileSync(join(FIXTURES, 'spec', 'rulin-town.xlsx'))), 'a.xls')).input.sheets[0]!;
    const first = oldBiff(grid, 4);
    const second = oldBiff({ ...grid, values: grid.values.slice(0, 3), text: grid.text?.slice(0, 3), formats: grid.formats?.slice(0, 3) }, 4);
    const name = (text: string, offset: number) => [0x8e, 0x00, 6 + 1 + text.length, 0x00, offset & 255, (offset >>> 8) & 255, 0, 0, 0, 0, text.length, ...[...text].map((c) => c.charCodeAt(0))];
    const globalsLength = 10 + name('Ledger', 0).length + name('Short', 0).length + 4; // BOF, the two names, EOF
    const globals = [0x09, 0x04, 0x06, 0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, ...name('Ledger', globalsLength), ...name('Short', globalsLength + first.length), 0x0a, 0x00, 0x00, 0x00];
    const book = (await read(Uint8Array.from([...globals, ...first, ...second]), 'book.xlw')).input;
    expect(book.sheets.map((s) => [s.sheet, s.values.length])).toEqual([['Ledger', grid.values.length], ['Short', 3]]);
    expect(book.sheets[0]!.values).toEqual(grid.values);
  });

  it('a stream that is not one (a BOF, then a record cut short) is damage, not a crash; one cut short of its EOF or padded past it is read', async () => {
    const bof = [0x09, 0x00, 0x04, 0x00, 0x07, 0x00, 0x10, 0x00];
    await expect(read(Uint8Array.from([...bof, 0x04, 0x00, 0x20, 0x00, 1, 2]), 'a.xls')).rejects.toMatchObject({ problem: 'damaged' });
    // Cut short of its EOF: the cells it holds; padded past it: the padding passed over.
    const ledger = oldBiff({ sheet: 'S', values: [['序号', '问题描述'], [1, '执法不规范']] }, 2);
    expect((await read(ledger.subarray(0, ledger.length - 4), 'cut.xls')).input.sheets[0]!.values).toEqual([['序号', '问题描述'], [1, '执法不规范']]);
    expect((await read(Uint8Array.from([...ledger, ...new Array(60).fill(0)]), 'padded.xls')).input.sheets[0]!.values).toEqual([['序号', '问题描述'], [1, '执法不规范']]);
    // A worksheet with no cells reads as an empty sheet.
    expect((await read(Uint8Array.from([...bof, 0x0a, 0x00, 0x00, 0x00]), 'empty.xls')).input.sheets.map((s) => [s.sheet, s.values.length])).toEqual([['empty', 0]]);
  });

  it('any bytes of such a file changed: grids, or an XlsError or GridLimitError (300 runs)', async () => {
    const bytes = oldBiff((await read(new Uint8Array(readFileSync(join(FIXTURES, 'spec', 'maoping-town.xlsx'))), 'a.xls')).input.sheets[0]!, 3);
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
      const copy = new Uint8Array(bytes);
      for (const [at, b] of flips) copy[at] = b;
      try {
        await readWorkbookFile(copy, 'a.xls', { ...OPTIONS, limits: { rows: 2_000, cells: 50_000 } });
      } catch (error) {
        // The dispatch names every refusal; what it names must come from the readers' own errors, never a crash.
        if (!(error instanceof WorkbookFileError)) throw error;
        if (!(error.cause instanceof XlsError || error.cause instanceof GridLimitError || error.cause === undefined)) throw error;
      }
    }), { numRuns: 300 });
  });
});
