import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zlibInflate } from '../../cli/zlib-inflate.js';
import { checkWorkbooks, type WorkbookInput } from '../../shared/index.js';
import { readXlsbGrids } from '../../shared/xlsb/read-xlsb.js';
import { GridLimitError, readWorkbookGrids } from '../../shared/xlsx/workbook.js';
import { ZipError } from '../../shared/xlsx/zip.js';

// Excel binary workbooks (.xlsb). The spec's ledgers written as .xlsb and .xlsx by SheetJS read
// alike; test/fixtures/xlsb-real holds .xlsb files Excel wrote (from SheetJS/test_files, Apache
// 2.0), each read as SheetJS reads it.
const FIXTURES = join(import.meta.dirname, '../fixtures');
const REAL = join(FIXTURES, 'xlsb-real');
const options = { maxBytes: 64 * 1024 * 1024, inflate: zlibInflate };
const items = (book: WorkbookInput) => checkWorkbooks([book], { asOf: '2023-05-29' }).sheets.map((s) => s.items.map((it) => [it.row, it.fields, it.diagnostics]));

describe('an .xlsb reads as the same workbook\'s .xlsx does', () => {
  it.each(['maoping-town', 'rulin-town', 'scj-market-regulation'])('%s (SheetJS writes both): the same grids, items and findings', async (name) => {
    const book = XLSX.read(readFileSync(join(FIXTURES, 'spec', `${name}.xlsx`)), { type: 'buffer', cellStyles: true, cellNF: true });
    const fromXlsb = (await readXlsbGrids(new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsb' }) as ArrayBuffer), 'twin', options))!;
    const fromXlsx = (await readWorkbookGrids(new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer), 'twin', options))!;
    expect(fromXlsb.sheets).toEqual(fromXlsx.sheets);
    expect(items(fromXlsb)).toEqual(items(fromXlsx));
    expect(items(fromXlsb)[0]!.length).toBeGreaterThan(0);
  });
});

describe('.xlsb files Excel wrote, read as SheetJS reads them', () => {
  const files = readdirSync(REAL).filter((f) => f.endsWith('.xlsb'));

  it.each(files)('%s: every cell SheetJS reads a value in', async (file) => {
    const bytes = readFileSync(join(REAL, file));
    const ours = (await readXlsbGrids(bytes, file, options))!;
    const theirs = XLSX.read(bytes, { type: 'buffer' });
    // A 1904 workbook's serials are the 1900 system's in the grid (schema/grid.ts); SheetJS keeps the file's.
    const shift = theirs.Workbook?.WBProps?.date1904 ? 1462 : 0;
    let compared = 0;
    for (const grid of ours.sheets) {
      const sheet = theirs.Sheets[grid.sheet]!;
      for (const address of Object.keys(sheet).filter((k) => !k.startsWith('!'))) {
        const cell = sheet[address] as XLSX.CellObject;
        if (cell.t === 'z' || cell.v === undefined) continue;
        const { r, c } = XLSX.utils.decode_cell(address);
        const value = grid.values[r + 1 - (grid.top ?? 1)]?.[c + 1 - (grid.left ?? 1)];
        const isDate = typeof value === 'number' && shift && grid.formats?.[r + 1 - (grid.top ?? 1)]?.[c + 1 - (grid.left ?? 1)];
        const want = cell.t === 'e' ? cell.w : isDate ? (cell.v as number) + shift : cell.v;
        expect(value, `${grid.sheet}!${address}`).toEqual(want);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('merged areas as Excel keeps them; a workbook part where the package says (not under xl/)', async () => {
    const merged = (await readXlsbGrids(readFileSync(join(REAL, 'merge_cells.xlsb')), 'a', options))!;
    const key = (m: { top: number; left: number }) => m.top * 1e5 + m.left;
    expect(merged.sheets[0]!.merges!.length).toBeGreaterThan(0);
    expect([...merged.sheets[0]!.merges!].sort((a, b) => key(a) - key(b))).toEqual(XLSX.read(readFileSync(join(REAL, 'merge_cells.xlsb')), { type: 'buffer' }).Sheets[merged.sheets[0]!.sheet]!['!merges']!
      .map((m) => ({ top: m.s.r + 1, left: m.s.c + 1, bottom: m.e.r + 1, right: m.e.c + 1 })).sort((a, b) => key(a) - key(b)));
    expect((await readXlsbGrids(readFileSync(join(REAL, 'wtf_path.xlsb')), 'a', options))!.sheets.length).toBeGreaterThan(0);
  });
});

describe('a damaged .xlsb', () => {
  it('any bytes changed: grids, null, or a ZipError, GridLimitError or Error of its records or parts (200 runs)', async () => {
    const bytes = readFileSync(join(REAL, 'text_and_numbers.xlsb'));
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
      const copy = new Uint8Array(bytes);
      for (const [at, value] of flips) copy[at] = value;
      try {
        await readXlsbGrids(copy, 'a', { ...options, limits: { rows: 12_000, cells: 300_000 } });
      } catch (e) {
        if (!(e instanceof ZipError) && !(e instanceof GridLimitError) && !(e instanceof Error && /record|field|zlib|inflate|invalid|incorrect|unexpected|XML|header|check/i.test(e.message))) throw e;
      }
    }), { numRuns: 200, seed: 20261130 });
  });
});
