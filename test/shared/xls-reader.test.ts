import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zlibInflate } from '../../cli/zlib-inflate.js';
import { checkWorkbooks, type Grid, type WorkbookInput } from '../../shared/index.js';
import { readXlsGrids, XlsError } from '../../shared/xls/workbook.js';
import { isOldBiff } from '../../shared/xls/old-biff.js';
import { GridLimitError, readWorkbookGrids } from '../../shared/xlsx/workbook.js';
import { at, chars, compoundFile, f64, record, T, u16, u32, workbookStream, xfs, xlsFile, xlString } from './biff-builder.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const XLS = join(FIXTURES, 'xls');

const readXlsx = async (bytes: Uint8Array, file: string) => (await readWorkbookGrids(bytes, file, { maxBytes: 1e9, inflate: zlibInflate }))!;
const readXls = async (bytes: Uint8Array, file = 'a.xls') => (await readXlsGrids(bytes, file))!;
const sheet = (book: WorkbookInput, i = 0): Grid => book.sheets[i]!;

/** Where a sample's .xlsx is: the spec's fixtures, the samples, the demo county. */
function sourceOf(name: string): string {
  for (const dir of ['spec', '.', 'demo-county']) {
    const path = join(FIXTURES, dir, `${name}.xlsx`);
    try {
      readFileSync(path);
      return path;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`no .xlsx for ${name}`);
}

/**
 * What LibreOffice's conversion itself changes, so that the rest must match exactly: it writes
 * 年/月/日 in formats without quotes, drops cells holding empty text, and .xls has no tables.
 */
function asConverted(book: WorkbookInput): unknown {
  return book.sheets.map((g) => ({
    ...g,
    formats: g.formats?.map((r) => r.map((f) => f?.replace(/"/g, '') ?? null)),
    values: g.values.map((r) => r.map((v) => (v === '' ? null : v))),
    tables: undefined,
  }));
}

describe('an .xls saved by LibreOffice reads as its .xlsx does', () => {
  const samples = readdirSync(XLS).filter((f) => f.endsWith('.xls') && !f.startsWith('cell-kinds'));

  it('covers every sample ledger and the spec fixtures', () => {
    expect(samples.length).toBe(19);
  });

  it.each(samples)('%s: the same grids and the same report', async (file) => {
    const name = file.replace(/\.xls$/, '');
    const xls = await readXls(readFileSync(join(XLS, file)), name);
    const xlsx = await readXlsx(readFileSync(sourceOf(name)), name);
    expect(asConverted(xls)).toEqual(asConverted(xlsx));
    expect(checkWorkbooks([xls], { asOf: '2023-05-29' })).toEqual(checkWorkbooks([xlsx], { asOf: '2023-05-29' }));
  });

  it('every kind of cell: numbers as RK, MULRK and NUMBER, formula results, dates, long and astral text, merges, a hidden column and sheet', async () => {
    const xls = await readXls(readFileSync(join(XLS, 'cell-kinds.xls')), 'k');
    // LibreOffice's .xlsx of the same document, read by the .xlsx reader: exactly equal.
    expect(xls).toEqual(await readXlsx(readFileSync(join(XLS, 'cell-kinds.xlsx')), 'k'));
    const g = sheet(xls);
    expect(g.values[1]).toEqual([1, 2, -7, 1234567890123, 3.14159, 0.125, 1e-10, true, '草稿']);
    expect(g.values[4]!.slice(0, 7)).toEqual([-5, null, null, '#DIV/0!', '#N/A', null, 45075]);
    expect(g.text![6]!.slice(0, 4)).toEqual(['2023年4月25日', '2023/5/31', '6/15/2023', '2023-05-29 14:30']);
    expect(g.values[8]!.slice(0, 3)).toEqual(['第一行\n第二行', '  前后有空格  ', '整改✅完成👍𠀀']);
    expect(String(g.values[8]![3]).length).toBe(28 * 300 + 14 * 400); // continued across records
    expect(g.merges).toEqual([{ top: 11, left: 1, bottom: 11, right: 3 }]);
    expect(g.hiddenColumns).toEqual([9]);
    expect(xls.sheets.map((s) => s.sheet)).toEqual(['单元格', '隐藏表']);
  });

  it('a workbook on the 1904 date system gives the same dates (in the 1900 system, as the grid holds them)', async () => {
    const plain = await readXls(readFileSync(join(XLS, 'cell-kinds.xls')), 'k');
    const d1904 = await readXls(readFileSync(join(XLS, 'cell-kinds-1904.xls')), 'k');
    expect(d1904).toEqual(plain);
  });
});

describe('.xls files written by Excel and other programs (xlrd\'s, calamine\'s and SheetJS\'s test files) read as xlrd reads them', () => {
  // test/fixtures/xls/real: files from python-excel/xlrd (BSD), tafia/calamine (MIT) and
  // SheetJS/test_files (Apache 2.0; the Excel 95 ones, in code pages 1251, 1252, 1258), with
  // every cell as xlrd 1.2 reads it (xlrd-cells.json: [type, value]; dates as 1900-system serials).
  const REAL = join(XLS, 'real');
  const expected = JSON.parse(readFileSync(join(REAL, 'xlrd-cells.json'), 'utf8')) as Record<string, { sheets: { name: string; cells: Record<string, [number, unknown]> }[] }>;

  it.each(Object.keys(expected))('%s: every sheet and cell', async (file) => {
    const bytes = readFileSync(join(REAL, file));
    const book = await readXls(bytes, file);
    const want = expected[file]!;
    // An Excel 2.x–4.0 worksheet has no sheet name: Excel's tab shows the file's, xlrd says "Sheet 1".
    expect(book.sheets.map((g) => g.sheet)).toEqual(isOldBiff(bytes) ? [file.replace(/\.[^.]*$/, '')] : want.sheets.map((s) => s.name));
    want.sheets.forEach((ws, i) => {
      const g = book.sheets[i]!;
      const ours: Record<string, unknown> = {};
      g.values.forEach((row, r) => row.forEach((v, c) => {
        if (v !== null && v !== '') ours[`${(g.top ?? 1) + r}:${(g.left ?? 1) + c}`] = v;
      }));
      const theirs = Object.fromEntries(Object.entries(ws.cells).map(([k, [, v]]) => [k, v]));
      expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
      for (const [k, v] of Object.entries(theirs)) {
        if (typeof v === 'number') expect(ours[k] as number, `${ws.name}!${k}`).toBeCloseTo(v, 9);
        else expect(ours[k], `${ws.name}!${k}`).toBe(v);
      }
    });
  });

  it('a chart embedded in a sheet keeps its cached series out of the sheet\'s cells (they overwrote A1, A6, A8…)', async () => {
    const g = (await readXls(readFileSync(join(REAL, 'xls_cross_sheet_chart.xls'))))!.sheets.find((s) => s.sheet === 'Report')!;
    expect(g.values[0]![0]).toBe('HEADER TEXT A1');
  });


  it('a workbook Excel encrypted with its default password opens without one, as in Excel (xlrd refused it: its issue 385)', async () => {
    // Its one sheet is empty, as xlrd reads it once msoffcrypto-tool has decrypted it (test/shared/xls-encrypted.test.ts has more).
    const book = (await readXls(readFileSync(join(REAL, 'issue_385.xls'))))!;
    expect(book.sheets.map((s) => [s.sheet, s.values.length])).toEqual([['Sheet1', 0]]);
  });
});

describe('records no writer at hand makes', () => {
  it('a formula\'s text result is in the STRING record after it (a SHRFMLA between); truth values, errors and empty text too', async () => {
    const book = await readXls(xlsFile([
      record(T.FORMULA, [...at(0, 0), 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...u16(0), ...u32(0)]),
      record(T.SHRFMLA, new Array(10).fill(0)),
      record(T.STRING, xlString('整改完成')),
      record(T.FORMULA, [...at(0, 1), 1, 0, 1, 0, 0, 0, 0xff, 0xff, ...u16(0), ...u32(0)]),
      record(T.FORMULA, [...at(0, 2), 2, 0, 0x07, 0, 0, 0, 0xff, 0xff, ...u16(0), ...u32(0)]),
      record(T.FORMULA, [...at(0, 3), 3, 0, 0, 0, 0, 0, 0xff, 0xff, ...u16(0), ...u32(0)]),
      record(T.FORMULA, [...at(0, 4), ...f64(-2.5), ...u16(0), ...u32(0)]),
      record(T.LABELSST, [...at(0, 5), ...u32(0)]),
    ], [...xfs(), record(T.SST, [...u32(1), ...u32(1), ...xlString('末尾')])]));
    expect(sheet(book).values).toEqual([['整改完成', true, '#DIV/0!', null, -2.5, '末尾']]);
  });

  it('a shared string split across CONTINUE records, one byte a character before the split and two after', async () => {
    const long = `${'a'.repeat(30)}整改`;
    // The SST: a short string, then `long` whose first 20 characters end the record.
    const first = [...u32(3), ...u32(3), ...xlString('前'), ...u16(long.length), 0, ...chars(long.slice(0, 20), false)];
    const rest = [1, ...chars(long.slice(20), true)]; // a fresh flags byte: the rest are UTF-16
    const third = [...xlString('后')]; // a next string starts a CONTINUE with no flags byte of its own
    const book = await readXls(xlsFile(
      [record(T.LABELSST, [...at(0, 0), ...u32(0)]), record(T.LABELSST, [...at(0, 1), ...u32(1)]), record(T.LABELSST, [...at(0, 2), ...u32(2)])],
      [...xfs(), record(T.SST, first), record(T.CONTINUE, rest), record(T.CONTINUE, third)],
    ));
    expect(sheet(book).values).toEqual([['前', long, '后']]);
  });

  it('Excel 5.0/95 (BIFF5): text in the code page the workbook names, GBK on Chinese Windows; GBK where valid, else Western, when it names none', async () => {
    const gbk = (bytes: number[]) => [...u16(bytes.length), ...bytes];
    const 整改 = [0xd5, 0xfb, 0xb8, 0xc4];
    const 台账 = [0xcc, 0xa8, 0xd5, 0xcb];
    const bof = (dt: number) => record(T.BOF, [...u16(0x0500), ...u16(dt), ...new Array(4).fill(0)]);
    const sheetBody = (label: number[]) => [...bof(0x10), ...record(T.LABEL, [...at(0, 0), ...gbk(label)]), ...record(T.NUMBER, [...at(0, 1), ...f64(7)]), ...record(T.EOF, [])];
    const globals = (codePage: number | null) => [...bof(0x05), ...(codePage === null ? [] : record(0x0042, u16(codePage))), ...xfs().flat()];
    const book = (codePage: number | null, label = 整改) => {
      const head = globals(codePage);
      const sheet = (offset: number) => record(T.BOUNDSHEET, [...u32(offset), 0, 0, 台账.length, ...台账]);
      const offset = head.length + sheet(0).length + 4;
      return compoundFile({ Book: Uint8Array.from([...head, ...sheet(offset), ...record(T.EOF, []), ...sheetBody(label)]) });
    };
    const chinese = await readXls(book(936));
    expect(chinese.sheets.map((g) => [g.sheet, g.values])).toEqual([['台账', [['整改', 7]]]]);
    // No CODEPAGE record (as simple writers leave it out): GBK where the bytes are valid GBK, as a
    // Chinese system's export is; the sheet name, before any CODEPAGE could come, too.
    expect((await readXls(book(null))).sheets.map((g) => [g.sheet, g.values])).toEqual([['台账', [['整改', 7]]]]);
    // Western (1252) named by a writer on Chinese Windows, its default, over GBK bytes: read as naming none.
    expect((await readXls(book(1252))).sheets.map((g) => [g.sheet, g.values])).toEqual([['台账', [['整改', 7]]]]);
    // A Western workbook's text whose accented letters pair up as GBK stays Western: "Müller" is FC 6C… in 1252.
    const müller = [...'Müller'].map((c) => c.charCodeAt(0));
    expect((await readXls(book(1252, müller))).sheets[0]!.values).toEqual([['Müller', 7]]);
    expect((await readXls(book(null, müller))).sheets[0]!.values).toEqual([['Müller', 7]]);
  });

  it('a shared-string table claiming more strings than it holds ends with its records (a cell past them is empty)', async () => {
    const book = await readXls(xlsFile(
      [record(T.LABELSST, [...at(0, 0), ...u32(0)]), record(T.LABELSST, [...at(0, 1), ...u32(1)]), record(T.LABELSST, [...at(0, 2), ...u32(5)])],
      [...xfs(), record(T.SST, [...u32(9), ...u32(9), ...xlString('一'), ...xlString('二')])],
    ));
    expect(sheet(book).values).toEqual([['一', '二']]);
  });

  it('rich text runs and phonetic data after a string are skipped, across a CONTINUE too', async () => {
    // Four UTF-16 characters with 2 formatting runs (4 bytes each) and 6 bytes of phonetic data.
    const rich = [...u16(4), 0x01 | 0x04 | 0x08, ...u16(2), ...u32(6), ...chars('整改措施', true)];
    const runsAndExt = [...new Array(8).fill(1), ...new Array(6).fill(2)];
    const book = await readXls(xlsFile(
      [record(T.LABELSST, [...at(0, 0), ...u32(0)]), record(T.LABELSST, [...at(0, 1), ...u32(1)])],
      [...xfs(), record(T.SST, [...u32(2), ...u32(2), ...rich, ...runsAndExt.slice(0, 5)]), record(T.CONTINUE, [...runsAndExt.slice(5), ...xlString('后面')])],
    ));
    expect(sheet(book).values).toEqual([['整改措施', '后面']]);
  });

  it('numbers: RK as integers and doubles, ×100 or not; MULRK across columns; NUMBER; BOOLERR; LABEL', async () => {
    const rkInt = (n: number, x100 = false) => ((n << 2) | 2 | (x100 ? 1 : 0)) >>> 0;
    const rkDouble = (n: number) => {
      const b = f64(n);
      return (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
    };
    const book = await readXls(xlsFile([
      record(T.RK, [...at(0, 0), ...u32(rkInt(-7))]),
      record(T.RK, [...at(0, 1), ...u32(rkInt(1234, true))]),
      record(T.RK, [...at(0, 2), ...u32(rkDouble(0.5))]),
      record(T.MULRK, [...u16(1), ...u16(0), ...u16(15), ...u32(rkInt(1)), ...u16(15), ...u32(rkInt(2)), ...u16(15), ...u32(rkInt(3)), ...u16(2)]),
      record(T.NUMBER, [...at(2, 0), ...f64(0.1 + 0.2)]),
      record(T.BOOLERR, [...at(2, 1), 1, 0]),
      record(T.BOOLERR, [...at(2, 2), 0x2a, 1]),
      record(T.LABEL, [...at(2, 3), ...xlString('直接写的文字')]),
    ]));
    expect(sheet(book).values).toEqual([[-7, 12.34, 0.5, null], [1, 2, 3, null], [0.1 + 0.2, true, '#N/A', '直接写的文字']]);
  });

  it('number formats by XF: a custom FORMAT (backslash escapes dropped, as .xlsx reads them), a built-in date id, General', async () => {
    const serial = 45075; // 2023-05-29
    const book = await readXls(xlsFile(
      [record(T.NUMBER, [...at(0, 0, 16), ...f64(serial)]), record(T.NUMBER, [...at(0, 1, 17), ...f64(serial)]), record(T.NUMBER, [...at(0, 2, 15), ...f64(serial)])],
      [record(T.FORMAT, [...u16(164), ...xlString('yyyy\\-mm\\-dd')]), ...xfs([164, 14])],
    ));
    const g = sheet(book);
    expect(g.values[0]).toEqual([serial, serial, serial]);
    // Built-in 14 is the system's short date: yyyy/m/d on Chinese Windows, as the .xlsx reader has it.
    expect(g.formats![0]).toEqual(['yyyy-mm-dd', 'yyyy/m/d', null]);
    expect(g.text![0]).toEqual(['2023-05-29', '2023/5/29', null]);
  });

  it('a chart sheet is not a worksheet; merges and hidden columns come through', async () => {
    const stream = workbookStream(xfs(), [
      { name: '图表', kind: 2, records: [] },
      {
        name: '台账',
        records: [
          record(T.LABEL, [...at(0, 0), ...xlString('标题')]),
          record(T.MERGEDCELLS, [...u16(1), ...u16(0), ...u16(0), ...u16(0), ...u16(3)]),
          record(T.COLINFO, [...u16(2), ...u16(3), ...u16(0), ...u16(15), ...u16(1), ...u16(0)]),
          record(T.LABEL, [...at(1, 4), ...xlString('右')]),
        ],
      },
    ]);
    const book = await readXls(compoundFile({ Workbook: stream }));
    expect(book.sheets.map((s) => s.sheet)).toEqual(['台账']);
    expect(sheet(book).merges).toEqual([{ top: 1, left: 1, bottom: 1, right: 4 }]);
    expect(sheet(book).hiddenColumns).toEqual([3, 4]);
  });

  it('a workbook stream past 109 FAT sectors (the DIFAT) and one small enough for the mini stream both read', async () => {
    const cells = [record(T.LABEL, [...at(0, 0), ...xlString('序号')]), record(T.NUMBER, [...at(1, 0), ...f64(1)])];
    const small = workbookStream(xfs(), [{ name: 'S', records: cells }]);
    expect(small.length).toBeLessThan(4096);
    // ~7.5 MB: more FAT sectors than the header's 109 entries list (each covers 64 KB).
    const padding = Array.from({ length: 920 }, () => record(0x00ef, new Array(8_200).fill(0x11)));
    const big = workbookStream(xfs(), [{ name: 'S', records: [...padding, ...cells] }]);
    expect(big.length).toBeGreaterThan(110 * 64 * 1024);
    for (const stream of [small, big]) expect(sheet(await readXls(compoundFile({ Workbook: stream }))).values).toEqual([['序号'], [1]]);
  });
});

describe('an .xls that cannot be read says why, and nothing else is thrown', () => {
  const good = xlsFile([record(T.LABEL, [...at(0, 0), ...xlString('序号')])]);

  it('a password to open (FILEPASS): encrypted', async () => {
    const bytes = compoundFile({ Workbook: workbookStream([record(T.FILEPASS, [1, 0, 1, 0, ...new Array(50).fill(0)]), ...xfs()], [{ name: 'S', records: [] }]) });
    await expect(readXlsGrids(bytes, 'a.xls')).rejects.toMatchObject({ kind: 'encrypted' });
  });

  it('a BOF of a version before BIFF5 in an OLE2 container: too old', async () => {
    const biff4 = workbookStream(xfs(), [{ name: 'S', records: [] }], 0x0400);
    await expect(readXlsGrids(compoundFile({ Book: biff4 }), 'a.xls')).rejects.toMatchObject({ kind: 'too-old' });
  });

  it('an Office 97 file that is no workbook (a .doc renamed): null', async () => {
    expect(await readXlsGrids(compoundFile({ WordDocument: new Uint8Array(5000) }), 'a.xls')).toBeNull();
  });

  it('a cut-off file, a looping sector chain and a record running past the end: damaged', async () => {
    await expect(readXlsGrids(good.subarray(0, 600), 'a.xls')).rejects.toMatchObject({ kind: 'damaged' });
    const looping = Uint8Array.from(good);
    const dv = new DataView(looping.buffer);
    const fat = dv.getUint32(0x4c, true); // the first FAT sector: point the directory's sector at itself
    const dir = dv.getUint32(0x30, true);
    dv.setUint32(512 * (fat + 1) + 4 * dir, dir, true);
    await expect(readXlsGrids(looping, 'a.xls')).rejects.toMatchObject({ kind: 'damaged' });
    const overrun = compoundFile({ Workbook: Uint8Array.from([...workbookStream(xfs(), [{ name: 'S', records: [] }]), ...u16(T.LABEL), ...u16(200), 1, 2]) });
    const book = await readXlsGrids(overrun, 'a.xls').catch((e: unknown) => e);
    // The stray record lies after the last sheet's EOF: nothing reads it.
    expect(book).toMatchObject({ sheets: [{ sheet: 'S' }] });
    const inSheet = compoundFile({ Workbook: workbookStream(xfs(), [{ name: 'S', records: [[...u16(T.LABEL), ...u16(200), 1, 2]] }]) });
    await expect(readXlsGrids(inSheet, 'a.xls')).rejects.toMatchObject({ kind: 'damaged' });
  });

  it('any byte of a real .xls changed (LibreOffice\'s, Excel\'s with a chart): a grid, null or an XlsError, never a hang or another error', async () => {
    const files = [readFileSync(join(XLS, 'maoping-town.xls')), readFileSync(join(XLS, 'real', 'xls_cross_sheet_chart.xls')), readFileSync(join(XLS, 'real', 'profiles.xls'))];
    await fc.assert(
      fc.asyncProperty(fc.nat(files.length - 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (which, flips) => {
        const bytes = files[which]!;
        const copy = Uint8Array.from(bytes);
        for (const [i, b] of flips) copy[i % bytes.length] = b;
        try {
          await readXlsGrids(copy, 'a.xls', { limits: { rows: 100_000, cells: 2_000_000 } });
        } catch (error) {
          expect(error instanceof XlsError || error instanceof GridLimitError, String(error)).toBe(true);
        }
      }),
      { numRuns: 600, seed: 20261130 },
    );
  });

  it('a cell far out is refused before its grid is laid out, naming the sheet', async () => {
    const bytes = xlsFile([record(T.LABEL, [...at(0, 0), ...xlString('序号')]), record(T.NUMBER, [...at(65_535, 255), ...f64(1)])], xfs(), '台账');
    const error = await readXlsGrids(bytes, 'a.xls', { limits: { rows: 100_000, cells: 1_000_000 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GridLimitError);
    expect((error as GridLimitError).message).toContain('「台账」');
  });
});

describe('what SheetJS writes as .xls and as .xlsx reads alike', () => {
  const cell = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => s.trim() === s && s.length > 0),
    fc.constantFrom('问题描述', '整改完成', '立行立改', '2023年5月31日前', '见人见事 3 起'),
    fc.integer({ min: -1e9, max: 1e9 }),
    // Amounts to the cent: SheetJS's own .xls writer encodes subnormal doubles wrongly (5e-324 as -8).
    fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100),
    fc.boolean(),
  );
  it('any small sheet of text, numbers and truth values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }), async (rows) => {
        const wb = XLSX.utils.book_new();
        XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '台账');
        const xls = await readXls(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xls' }) as ArrayBuffer), 'a');
        const xlsx = await readXlsx(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer), 'a');
        expect(xls).toEqual(xlsx);
      }),
      { numRuns: 60, seed: 20261130 },
    );
  });
});
