import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { deflateSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { LedgerFileError } from '../../cli/errors.js';
import { excelJsGrids, loadWithExcelJs } from '../../cli/exceljs-grid.js';
import { readXlsx } from '../../cli/read-xlsx.js';
import { FIXTURES, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(tmp.remove);

// xls/ holds LibreOffice's files, read against each other in test/shared/xls-reader.test.ts. Its
// cell-kinds.xlsx has a formula whose cached result is FALSE, which ExcelJS's cell value drops
// (its model keeps it): the streaming reader keeps it, as Excel shows it. xlsx-real/ holds
// files ExcelJS cannot open at all; they are read against SheetJS below. xlsx-encrypted/ holds
// encrypted workbooks (test/shared/xlsx-encrypted.test.ts, test/cli/encrypted.test.ts). wps/
// holds a picture in a cell, which the reader reads as [图片] where ExcelJS keeps WPS's formula
// text (test/shared/cell-pictures.test.ts).
const NOT_HERE = ['xls', 'xlsx-real', 'xlsx-encrypted', 'wps'].map((d) => join(FIXTURES, d));
function xlsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return NOT_HERE.includes(p) ? [] : xlsxFiles(p);
    return f.endsWith('.xlsx') ? [p] : [];
  });
}

/** The streaming reader's grids and ExcelJS's, for one file. */
async function bothReadings(path: string) {
  const fast = (await readXlsx(path, 'f.xlsx')).input;
  const reference = excelJsGrids(await loadWithExcelJs(readFileSync(path), 'f.xlsx'), 'f.xlsx');
  return { fast, reference };
}

describe('the streaming .xlsx reader gives the grid ExcelJS gives', () => {
  const files = xlsxFiles(FIXTURES);

  it('covers the fixtures, the samples and SPEC’s public fixtures', () => {
    expect(files.some((f) => f.includes('/spec/'))).toBe(true);
    expect(files.some((f) => f.includes('demo-county'))).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(18);
  });

  it.each(files.map((f) => [relative(FIXTURES, f), f]))('%s', async (_name, path) => {
    const { fast, reference } = await bothReadings(path);
    expect(fast).toEqual(reference);
  }, 60_000);

  it('on cells ExcelJS reads in its own way: rich text, formulas, errors, booleans, escapes, hidden columns, 1904 dates', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('混合');
    ws.getCell('A1').value = { richText: [{ text: '整改' }, { font: { bold: true }, text: '台账' }] };
    ws.getCell('B1').value = { formula: 'A2*2', result: 84 };
    ws.getCell('C1').value = { formula: 'NA()', result: { error: '#N/A' } };
    ws.getCell('D1').value = { formula: 'A9', result: undefined } as unknown as ExcelJS.CellValue;
    ws.getCell('E1').value = true;
    ws.getCell('F1').value = 'line\r\nbreak_x0041_ & <tag>';
    ws.getCell('A2').value = 42;
    ws.getCell('B2').value = new Date(Date.UTC(2023, 4, 31));
    ws.getCell('B2').numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell('C2').value = 0.5;
    ws.getCell('C2').numFmt = '0.00%';
    ws.getCell('D2').value = { formula: 'TODAY()', result: new Date(Date.UTC(2023, 0, 2, 13, 5)) };
    ws.getCell('D2').numFmt = 'yyyy/m/d h:mm';
    ws.getCell('E2').value = { text: '链接', hyperlink: 'https://example.com' };
    ws.getColumn(3).hidden = true;
    ws.mergeCells('A4:C5');
    ws.getCell('A4').value = '合并';
    ws.mergeCells('E4:E6');
    ws.addTable({ name: 'T1', ref: 'H1', columns: [{ name: '甲' }, { name: '乙' }], rows: [[1, '二']] });
    wb.addWorksheet('空表');
    const path = join(tmp.dir, 'mixed.xlsx');
    writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
    const { fast, reference } = await bothReadings(path);
    expect(fast).toEqual(reference);
    expect(fast.sheets[0]!.values[0]![0]).toBe('整改台账');
    expect(fast.sheets[0]!.hiddenColumns).toEqual([3]);
  });

  it('on a workbook SheetJS writes (inline and shared strings, other XML habits)', async () => {
    for (const bookSST of [true, false]) {
      const book = XLSX.utils.book_new();
      const sheet = XLSX.utils.aoa_to_sheet([['序号', '问题描述', '整改时限'], [1, '执法不规范 & 未整改', 45077], [2, '文书<不全>', '6月底前']]);
      sheet['C2']!.z = 'yyyy"年"m"月"d"日"';
      sheet['!merges'] = [{ s: { r: 3, c: 0 }, e: { r: 4, c: 1 } }];
      XLSX.utils.book_append_sheet(book, sheet, '台账');
      const path = join(tmp.dir, `sheetjs-${bookSST}.xlsx`);
      writeFileSync(path, XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST }) as Buffer);
      const { fast, reference } = await bothReadings(path);
      expect(fast).toEqual(reference);
    }
  });

  it('on a wide, sparse sheet: formats and shown text on some rows only, empty rows, a far column, merges over formatted cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('宽表');
    ws.mergeCells('B2:H2');
    ws.getCell('B2').value = '标题';
    for (let r = 4; r <= 60; r++) {
      if (r % 7 === 0) continue; // empty rows inside the used range
      ws.getCell(r, 2).value = r - 3;
      ws.getCell(r, 3).value = `问题${r % 5}`; // repeats: shared strings
      if (r % 3 === 0) {
        ws.getCell(r, 4).value = new Date(Date.UTC(2023, 4, r));
        ws.getCell(r, 4).numFmt = 'yyyy"年"m"月"d"日"';
      }
      if (r % 4 === 0) {
        ws.getCell(r, 5).value = r / 8;
        ws.getCell(r, 5).numFmt = '0.00%'; // numfmt's to show
      }
      if (r % 10 === 0) ws.getCell(r, 6).value = r + 0.5; // General, not an integer
      if (r % 11 === 0) ws.getCell(r, 3).numFmt = '@'; // text under a format
    }
    ws.getCell('B30').numFmt = '0.0';
    ws.getCell(33, 300).value = '最右'; // column KN: every row of the grid is 299 wide
    ws.mergeCells('D40:E41'); // covers formatted cells
    ws.getColumn(6).hidden = true;
    ws.getColumn(250).hidden = true;
    const path = join(tmp.dir, 'wide.xlsx');
    writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
    const { fast, reference } = await bothReadings(path);
    expect(fast).toEqual(reference);
    const grid = fast.sheets[0]!;
    expect(grid.values[0]!).toHaveLength(299);
    expect(grid.values[31]![298]).toBe('最右');
    expect(grid.text!.some((row) => row.some((t) => t?.endsWith('%')))).toBe(true);
  });

  it('on rows and cells written out of order or twice, covered by merges, or valueless (the last one written wins)', async () => {
    const rows = [
      '<row r="3"><c r="B3"><v>3</v></c><c r="A3" t="inlineStr"><is><t>乙</t></is></c></row>',
      '<row r="2"><c r="A2"><v>1</v></c><c r="A2"><v>2</v></c><c r="D2"><v>9</v></c><c r="C2" t="str"><v>后写</v></c><c r="D2"><f>X1</f></c></row>',
      '<row r="4"><c r="F4"><v>7</v></c><c r="F4"><f>Y1</f></c></row>',
      '<row r="5"><c r="A5" t="str"><v>合并</v></c><c r="B5"><v>5</v></c></row>',
      '<row r="6"><c r="A6"><v>6</v></c><c r="C6" t="b"><v>1</v></c></row>',
    ].join('');
    const xml = `<worksheet><sheetData>${rows}</sheetData><mergeCells count="1"><mergeCell ref="A5:B6"/></mergeCells></worksheet>`;
    const path = join(tmp.dir, 'order.xlsx');
    writeFileSync(path, minimalXlsx(new TextEncoder().encode(xml)));
    const { fast, reference } = await bothReadings(path);
    expect(fast).toEqual(reference);
    expect(fast.sheets[0]!.values[0]).toEqual([2, null, '后写']);
  });
});

/** A minimal .xlsx whose one sheet is `sheetXml`, its parts deflated (or stored) by fflate. */
function minimalXlsx(sheetXml: Uint8Array): Uint8Array {
  const t = (s: string) => new TextEncoder().encode(s);
  return zipSync({
    '[Content_Types].xml': t('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': t('<Relationships><Relationship Id="rId1" Type="officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    'xl/workbook.xml': t('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': t('<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/worksheets/sheet1.xml': sheetXml,
  });
}

describe('.xlsx files other programs wrote (calamine\'s and SheetJS\'s samples, test/fixtures/xlsx-real), read as SheetJS reads them', () => {
  // ExcelJS opens none of these, or misreads them. Each failed on the reader before: the workbook
  // at the package's root with its worksheet named by relationship type, not folder; a
  // relationship id under another prefix (ns:id); zip entry names written with backslashes, as a
  // Chinese attendance system exported them; ISO dates and a time alone (openpyxl's t="d"); an
  // error result in a date-formatted cell; _x000D_ in an inline string; an inline string with a
  // stray <v> beside its <is>; an inline string's plain text before its runs; and from SheetJS's
  // test files, _x000D_ in a formula's text result (CHAR(13)) and a formula whose result is an
  // inline string (it read as nothing).
  const REAL = join(FIXTURES, 'xlsx-real');
  // Where SheetJS is the one that differs from what Excel shows: a chart sheet is no worksheet
  // (SheetJS lists it); runs after an inline string's plain text are shown (SheetJS drops them);
  // _x000D_ is a carriage return (SheetJS drops it).
  const EXCEL_SHOWS: Record<string, Record<string, string>> = {
    'minimal_package.xlsx': { A1: 'ARREST BOOKINGS for 01/30/17' },
    'richtext-after-plain.xlsx': { A2: 'tvalrval1rval2' },
    'has_x000D_inline.xlsx': { A1: 'ABC\r\nDEF' },
  };
  const files = readdirSync(REAL).filter((f) => f.endsWith('.xlsx'));
  it('covers every file kept', () => expect(files.length).toBe(10));
  it.each(files)('%s', async (file) => {
    const ours = (await readXlsx(join(REAL, file))).input;
    const theirs = XLSX.read(readFileSync(join(REAL, file)));
    const worksheets = theirs.SheetNames.filter((n) => !theirs.Sheets[n]!['!type']);
    expect(ours.sheets.map((g) => g.sheet)).toEqual(worksheets);
    for (const g of ours.sheets) {
      const mine = new Map<string, unknown>();
      g.values.forEach((row, r) => row.forEach((v, c) => {
        if (v !== null && v !== '') mine.set(XLSX.utils.encode_cell({ r: (g.top ?? 1) + r - 1, c: (g.left ?? 1) + c - 1 }), v);
      }));
      const want = new Map<string, unknown>();
      for (const [address, cell] of Object.entries(theirs.Sheets[g.sheet]!)) {
        if (address.startsWith('!') || cell.v === undefined || cell.v === '') continue;
        want.set(address, cell.t === 'e' ? cell.w : cell.v);
      }
      if (g.sheet === ours.sheets[0]!.sheet) for (const [address, shown] of Object.entries(EXCEL_SHOWS[file] ?? {})) want.set(address, shown);
      expect(new Set(mine.keys()), `${file} ${g.sheet}`).toEqual(new Set(want.keys()));
      for (const [address, v] of want) {
        if (typeof v === 'number') expect(mine.get(address) as number, `${file} ${address}`).toBeCloseTo(v, 9);
        else expect(mine.get(address), `${file} ${address}`).toBe(v);
      }
    }
  });
});

describe('dates stored as ISO text (t="d"), as SheetJS writes them with cellDates', () => {
  it('read as the dates Excel shows, where ExcelJS reads 2023-05-29 as the number 2023', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([['问题描述', '整改时限', '完成时间'], ['某某局2023年违规发放津补贴12人次', new Date(Date.UTC(2023, 4, 31)), new Date(Date.UTC(2023, 4, 29, 14, 30))]], { cellDates: true });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, sheet, '台账');
    const path = join(tmp.dir, 'iso-dates.xlsx');
    writeFileSync(path, new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', cellDates: true }) as ArrayBuffer));
    const grid = (await readXlsx(path)).input.sheets[0]!;
    expect(grid.values[1]!.slice(1)).toEqual([45077, 45075 + 14.5 / 24]);
    expect(grid.text![1]!.slice(1)).toEqual(['2023/5/31', '2023/5/29']);
  });

  it('before 1900-03-01 as Excel\'s serials (it counts a 29 February 1900 that never was), as Excel 2003 XML\'s are', async () => {
    const path = join(tmp.dir, 'iso-1900.xlsx');
    const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="d"><v>1900-01-01</v></c><c r="B1" t="d"><v>1900-02-28</v></c><c r="C1" t="d"><v>1900-03-01</v></c></row></sheetData></worksheet>';
    writeFileSync(path, minimalXlsx(new TextEncoder().encode(sheet)));
    expect((await readXlsx(path)).input.sheets[0]!.values[0]).toEqual([1, 59, 61]);
  });
});

describe('the byte budget (zip bombs)', () => {
  // A sheet of 12 MB of padding that deflates to a few tens of KB.
  const padding = new Uint8Array(12 * 1024 * 1024).fill(0x20);
  const sheet = new Uint8Array(padding.length + 64);
  sheet.set(new TextEncoder().encode('<worksheet><sheetData>'), 0);
  sheet.set(padding, 22);
  sheet.set(new TextEncoder().encode('</sheetData></worksheet>'), 22 + padding.length);

  it('refuses a file that unpacks past the budget, with a clear Chinese-first error', async () => {
    const bytes = minimalXlsx(sheet);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const path = join(tmp.dir, 'bomb.xlsx');
    writeFileSync(path, bytes);
    const error = await readXlsx(path, path, { maxBytes: 4 * 1024 * 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerFileError);
    expect((error as LedgerFileError).problem).toBe('too-large');
    expect((error as LedgerFileError).message).toMatch(/^无法读取 .*解压后过大/);
    // Within the budget, the same file reads (an empty sheet).
    const ok = await readXlsx(path, path, { maxBytes: 32 * 1024 * 1024 });
    expect(ok.input.sheets).toHaveLength(1);
  });

  it('refuses a damaged later sheet (inflating while the one before is read) with a clear Chinese-first error, and nothing rejects unwatched', async () => {
    const t = (x: string) => new TextEncoder().encode(x);
    const cells = (n: number) => Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    const twoSheets = (first: string) => {
      const bytes = zipSync({
        '_rels/.rels': t('<Relationships><Relationship Id="rId1" Type="officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        'xl/workbook.xml': t('<workbook><sheets><sheet name="一" sheetId="1" r:id="rId1"/><sheet name="二" sheetId="2" r:id="rId2"/></sheets></workbook>'),
        'xl/_rels/workbook.xml.rels': t(
          '<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="worksheet" Target="worksheets/sheet2.xml"/></Relationships>',
        ),
        'xl/worksheets/sheet1.xml': t(first),
        'xl/worksheets/sheet2.xml': t(`<worksheet><sheetData>${cells(2000)}</sheetData></worksheet>`),
      });
      // Garble the second sheet's deflated data (after its local header: signature, 26 bytes, its name).
      const name = t('xl/worksheets/sheet2.xml');
      let at = -1;
      for (let i = 0; i < bytes.length && at < 0; i++) if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 3 && bytes[i + 3] === 4 && name.every((b, k) => bytes[i + 30 + k] === b)) at = i + 30 + name.length;
      expect(at).toBeGreaterThan(0);
      bytes.fill(0xff, at, at + 16);
      return bytes;
    };
    const unwatched: unknown[] = [];
    const onUnhandled = (reason: unknown) => unwatched.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // The first sheet reads; the second is damaged. Then the first is damaged too (its XML cut short): its error wins.
      for (const [first, detail] of [
        [`<worksheet><sheetData>${cells(2000)}</sheetData></worksheet>`, /sheet2\.xml/],
        [`<worksheet><sheetData>${cells(2000)}<row r="9" spans="1`, /malformed XML/],
      ] as const) {
        const path = join(tmp.dir, 'second-sheet-damaged.xlsx');
        writeFileSync(path, twoSheets(first));
        const error = await readXlsx(path, path).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(LedgerFileError);
        expect((error as LedgerFileError).problem).toBe('corrupt');
        expect((error as LedgerFileError).message).toMatch(/^无法读取 .*已损坏/);
        expect((error as LedgerFileError).message).toMatch(detail);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unwatched).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('refuses a part that inflates past the size its zip directory declares, writing nothing past it', async () => {
    const bytes = minimalXlsx(sheet);
    // Rewrite every claimed uncompressed size to 100 bytes: the budget still holds.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i + 4 <= bytes.length; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50) view.setUint32(i + 22, 100, true);
      if (sig === 0x02014b50) view.setUint32(i + 24, 100, true);
    }
    const path = join(tmp.dir, 'lying-bomb.xlsx');
    writeFileSync(path, bytes);
    const error = await readXlsx(path, path, { maxBytes: 4 * 1024 * 1024 }).catch((e: unknown) => e);
    expect((error as LedgerFileError).problem).toBe('too-large');
    expect(deflateSync(padding).length).toBeLessThan(1024 * 1024);
  });
});
