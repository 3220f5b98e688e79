import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../cli/read-xlsx.js';
import { GridSchema, type Grid } from '../../shared/index.js';
import { FIXTURES, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(tmp.remove);

/** Writes a workbook built by `fill` and reads it back through the reader. */
async function roundTrip(fill: (wb: ExcelJS.Workbook) => void, name = 'book.xlsx') {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  const path = join(tmp.dir, name);
  writeFileSync(path, new Uint8Array(await wb.xlsx.writeBuffer()));
  return (await readXlsx(path)).input;
}

/** Rewrites an ExcelJS file so its one custom number format is referred to by a built-in id only. */
function useBuiltinFormatId(xlsx: Buffer, id: number): Buffer {
  const zip = XLSX.CFB.read(xlsx, { type: 'buffer' });
  const styles = XLSX.CFB.find(zip, '/xl/styles.xml');
  const xml = Buffer.from(styles.content).toString('utf8');
  styles.content = Buffer.from(xml.replace(/<numFmts.*?<\/numFmts>/, '').replace(/numFmtId="164"/g, `numFmtId="${id}"`));
  return Buffer.from(XLSX.CFB.write(zip, { fileType: 'zip', type: 'buffer' }));
}

/** The cell at a sheet address, in sheet coordinates. */
function at(grid: Grid, row: number, col: number) {
  const r = row - (grid.top ?? 1);
  const c = col - (grid.left ?? 1);
  return { value: grid.values[r]?.[c] ?? null, text: grid.text?.[r]?.[c] ?? null, format: grid.formats?.[r]?.[c] ?? null };
}

describe('reading an .xlsx into the grid model', () => {
  it('reads every sheet in tab order, each a valid Grid named after its file', async () => {
    const input = await roundTrip((wb) => {
      wb.addWorksheet('填表说明').getCell('A1').value = '说明';
      wb.addWorksheet('台账').getCell('B2').value = '问题描述';
      wb.addWorksheet('空表');
    });
    expect(input.sheets.map((s) => s.sheet)).toEqual(['填表说明', '台账', '空表']);
    for (const grid of input.sheets) expect(() => GridSchema.parse(grid)).not.toThrow();
    expect(input.sheets[1]).toMatchObject({ top: 2, left: 2, values: [['问题描述']], file: input.file });
    expect(input.sheets[2]!.values).toEqual([]);
  });

  it('turns dates into Excel serials and shows them as Excel would under their format', async () => {
    const input = await roundTrip((wb) => {
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = new Date(Date.UTC(2023, 4, 31));
      ws.getCell('A1').numFmt = 'yyyy"年"m"月"d"日"';
      ws.getCell('A2').value = new Date(Date.UTC(2023, 3, 25));
      ws.getCell('A2').numFmt = 'mm-dd-yy'; // ExcelJS's name for built-in 14
      ws.getCell('A3').value = 0.256;
      ws.getCell('A3').numFmt = '0.0%';
      ws.getCell('A4').value = 1234.5;
      ws.getCell('A4').numFmt = '#,##0.00';
      ws.getCell('A5').value = 7;
    });
    const g = input.sheets[0]!;
    expect(at(g, 1, 1)).toEqual({ value: 45077, text: '2023年5月31日', format: 'yyyy"年"m"月"d"日"' });
    expect(at(g, 2, 1)).toEqual({ value: 45041, text: '2023/4/25', format: 'yyyy/m/d' });
    expect(at(g, 3, 1).text).toBe('25.6%');
    expect(at(g, 4, 1).text).toBe('1,234.50');
    expect(at(g, 5, 1)).toEqual({ value: 7, text: null, format: null });
  });

  it('reads the Chinese built-in date formats that files carry only as an id', async () => {
    // Chinese Excel saves 2023年6月30日 as built-in format 31 with no pattern in the file.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = new Date(Date.UTC(2023, 5, 30));
    ws.getCell('A1').numFmt = 'yyyy"年"m"月"d"日"';
    const path = join(tmp.dir, 'builtin-31.xlsx');
    writeFileSync(path, useBuiltinFormatId(Buffer.from(await wb.xlsx.writeBuffer()), 31));
    const g = (await readXlsx(path)).input.sheets[0]!;
    expect(at(g, 1, 1)).toEqual({ value: 45107, text: '2023年6月30日', format: 'yyyy"年"m"月"d"日"' });
  });

  it('gives a merged area to its anchor and nulls in every other cell, and lists the merge', async () => {
    const input = await roundTrip((wb) => {
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = '标题';
      ws.mergeCells('A1:C1');
      ws.getCell('B2').value = '张志强';
      ws.mergeCells('B2:B4');
      ws.getCell('C4').value = 'x';
    });
    const g = input.sheets[0]!;
    expect(g.merges).toEqual(expect.arrayContaining([{ top: 1, left: 1, bottom: 1, right: 3 }, { top: 2, left: 2, bottom: 4, right: 2 }]));
    expect(g.values).toEqual([
      ['标题', null, null],
      [null, '张志强', null],
      [null, null, null],
      [null, null, 'x'],
    ]);
  });

  it('flattens rich text, formulas, hyperlinks and errors to what the cell shows', async () => {
    const input = await roundTrip((wb) => {
      const ws = wb.addWorksheet('S');
      ws.getCell('A1').value = { richText: [{ text: '执法' }, { font: { bold: true }, text: '程序' }] };
      ws.getCell('A2').value = { formula: '1+1', result: 2 };
      ws.getCell('A3').value = { formula: 'A1&""', result: '执法程序' };
      ws.getCell('A4').value = { text: '佐证材料', hyperlink: 'https://example.org/a.pdf' };
      ws.getCell('A5').value = { error: '#N/A' };
      ws.getCell('A6').value = { formula: 'TODAY()', result: new Date(Date.UTC(2023, 4, 29)) };
      ws.getCell('A6').numFmt = 'yyyy-mm-dd';
      ws.getCell('A7').value = true;
    });
    const g = input.sheets[0]!;
    expect(g.values.map((r) => r[0])).toEqual(['执法程序', 2, '执法程序', '佐证材料', '#N/A', 45075, true]);
    expect(at(g, 6, 1).text).toBe('2023-05-29');
    expect(at(g, 7, 1).text).toBe('TRUE');
  });

  it('lists hidden columns by number and Excel tables by name and range', async () => {
    const input = await (await readXlsx(join(FIXTURES, 'excel-table.xlsx'))).input;
    const g = input.sheets[0]!;
    expect(g.hiddenColumns).toEqual([3]);
    expect(g.tables).toEqual([{ name: '整改台账表', ref: 'A1:I4' }]);
    expect(g.values[0]![2]).toBe('问题描述（原稿）'); // hidden, but read
  });

  it('reads the two-level sample ledger with its title, labels, dates and merged leader', async () => {
    const g = (await readXlsx(join(FIXTURES, 'unit-two-level-header.xlsx'))).input.sheets[0]!;
    expect(at(g, 1, 1).value).toMatch(/^城步苗族自治县交通运输局/);
    expect(at(g, 2, 1).value).toBe('填报单位：城步苗族自治县交通运输局（盖章）');
    expect(at(g, 4, 6).value).toBe('分管领导');
    expect(at(g, 5, 8)).toMatchObject({ value: 45077, text: '2023年5月31日' });
    expect(at(g, 5, 6).value).toBe('王建军');
    expect(at(g, 6, 6).value).toBeNull(); // under the merged leader
    expect(g.merges).toContainEqual({ top: 5, left: 6, bottom: 7, right: 6 });
  });

  it('reads the 5,000-row aggregate whole (its speed is measured by bench/cli.ts, not here)', async () => {
    const g = (await readXlsx(join(FIXTURES, 'county-aggregate-5000.xlsx'))).input.sheets[0]!;
    expect(g.values).toHaveLength(5002);
    expect(g.values[5001]![0]).toBe(5000);
    const dated = g.formats!.flat().filter((f) => f === 'yyyy-mm-dd').length;
    expect(dated).toBeGreaterThan(1000); // deadlines and completion dates written as real dates
  });
});
