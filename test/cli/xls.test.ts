import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, noteText, openXlsx, runMain, SPEC_FIXTURES, tempDir } from './helpers.js';

// ledger-check on Excel 97–2003 workbooks (.xls, as LibreOffice saved the project's own
// ledgers: test/fixtures/xls, scripts/make-xls-fixtures.ts).
const tmp = tempDir();
afterAll(tmp.remove);

const XLS = join(FIXTURES, 'xls');
const SPEC = ['maoping-town', 'rulin-town', 'scj-market-regulation'];
const expected = JSON.parse(readFileSync(join(SPEC_FIXTURES, 'expected.json'), 'utf8')) as { asOf: string };


/** A report with each file named by its base name, without its extension. */
const byBaseName = (json: string) => json.replace(/"[^"]*\/([^"/]+)\.xlsx?"/g, '"$1"');

describe('ledger-check FILE.xls', () => {
  it('checks the spec ledgers saved as .xls exactly as their .xlsx', async () => {
    const asXls = await runMain([...SPEC.map((n) => join(XLS, `${n}.xls`)), '--json', '--as-of', expected.asOf]);
    const asXlsx = await runMain([...SPEC.map((n) => join(SPEC_FIXTURES, `${n}.xlsx`)), '--json', '--as-of', expected.asOf]);
    expect(asXls.status).toBe(asXlsx.status);
    expect(asXls.stderr).toBe('');
    expect(JSON.parse(asXls.stdout).stats).toEqual(JSON.parse(asXlsx.stdout).stats);
    expect(byBaseName(asXls.stdout)).toBe(byBaseName(asXlsx.stdout));
  });

  it('--out writes an .xls\'s annotated copy as .xlsx, saying what it keeps; checked again, the copy reads the same', async () => {
    const out = join(tmp.dir, 'out');
    const file = join(XLS, 'unit-two-level-header.xls');
    const run = await runMain([file, '--out', out, '--as-of', '2023-05-29']);
    expect(run.status).toBe(1); // the sample has planted errors
    const copy = join(out, 'unit-two-level-header.xlsx');
    expect(run.stdout).toContain(`已写出标注副本：${copy}（原文件不是 .xlsx，副本另存为 .xlsx，保留数值、数字格式、合并单元格和隐藏列，不保留字体、颜色和列宽）`);
    expect(existsSync(join(out, 'unit-two-level-header.xls'))).toBe(false);
    const wb = await openXlsx(copy);
    const ws = wb.getWorksheet('整改台账')!;
    // Every value and merge of the original (the .xlsx the .xls was saved from) is where it was.
    const original = (await openXlsx(join(FIXTURES, 'unit-two-level-header.xlsx'))).getWorksheet('整改台账')!;
    let compared = 0;
    original.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.value === '') return; // LibreOffice's .xls keeps no cell of empty text
        expect(ws.getCell(r, c).value, cell.address).toEqual(cell.value);
        expect(ws.getCell(r, c).isMerged, cell.address).toBe(cell.isMerged);
        compared++;
      });
    });
    expect(compared).toBeGreaterThan(100);
    // Columns as wide as what they hold: the descriptions' column wide and wrapping, 序号 narrow.
    expect(ws.getColumn('C').width).toBe(50);
    expect(ws.getColumn('C').alignment?.wrapText).toBe(true);
    expect(ws.getColumn('A').width).toBeLessThan(12);
    const notes = [...Array(30).keys()].flatMap((r) => [...Array(20).keys()].map((c) => noteText(ws.getCell(r + 1, c + 1)))).filter(Boolean);
    expect(notes.length).toBeGreaterThan(0);
    expect(wb.getWorksheet('检查报告')).toBeDefined();
    // The copy, checked again, holds the same items and findings (its report sheet is ours, skipped).
    const again = await runMain([copy, '--json', '--as-of', '2023-05-29']);
    const first = await runMain([file, '--json', '--as-of', '2023-05-29']);
    const items = (json: string) => (JSON.parse(byBaseName(json)) as { sheets: { items: { row: number; fields: unknown; diagnostics: unknown }[] }[] }).sheets.flatMap((s) => s.items.map((i) => [i.row, i.fields, i.diagnostics]));
    expect(items(again.stdout)).toEqual(items(first.stdout));
  });

  it('--out into the .xls\'s own folder never overwrites the .xlsx beside it', async () => {
    const folder = join(tmp.dir, 'twins');
    mkdirSync(folder);
    copyFileSync(join(XLS, 'rulin-town.xls'), join(folder, 'rulin-town.xls'));
    copyFileSync(join(SPEC_FIXTURES, 'rulin-town.xlsx'), join(folder, 'rulin-town.xlsx'));
    const before = readFileSync(join(folder, 'rulin-town.xlsx'));
    const run = await runMain([join(folder, 'rulin-town.xls'), '--out', folder]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`拒绝覆盖 ${join(folder, 'rulin-town.xlsx')}`);
    expect(readFileSync(join(folder, 'rulin-town.xlsx'))).toEqual(before);
  });

  it('a folder: .xls, .et and .ods files are checked with the .xlsx ones, and an .xls beside its own .xlsx is skipped with a note', async () => {
    const folder = join(tmp.dir, 'uploads');
    mkdirSync(folder);
    copyFileSync(join(XLS, 'maoping-town.xls'), join(folder, 'maoping-town.xls'));
    copyFileSync(join(SPEC_FIXTURES, 'rulin-town.xlsx'), join(folder, 'rulin-town.xlsx'));
    copyFileSync(join(XLS, 'rulin-town.xls'), join(folder, 'rulin-town.xls'));
    // WPS's own format: BIFF8 in OLE2 as an .xls (here LibreOffice's .xls under that name).
    copyFileSync(join(XLS, 'scj-market-regulation.xls'), join(folder, 'scj-market-regulation.et'));
    // LibreOffice's OpenDocument spreadsheet (shared/ods/).
    copyFileSync(join(FIXTURES, 'ods', 'nanshan-town.ods'), join(folder, 'nanshan-town.ods'));
    const run = await runMain([folder, '--json', '--as-of', expected.asOf]);
    expect(run.stderr).toBe(`跳过 ${join(folder, 'rulin-town.xls')}：同一文件夹中有同名的 ${join(folder, 'rulin-town.xlsx')}，只检查 .xlsx\n`);
    const files = (JSON.parse(run.stdout) as { sheets: { file: string }[] }).sheets.map((s) => s.file);
    expect([...new Set(files)]).toEqual([join(folder, 'maoping-town.xls'), join(folder, 'nanshan-town.ods'), join(folder, 'rulin-town.xlsx'), join(folder, 'scj-market-regulation.et')]);
  });
});

describe('ledger-check on what a system exports as .xls (a web page, Excel 2003 XML)', () => {
  const page = join(FIXTURES, 'markup', 'system-export-gbk.xls');

  it('checks a web page\'s table in GBK as a ledger, and writes its annotated copy as .xlsx', async () => {
    const run = await runMain([page, '--json', '--as-of', '2023-05-29']);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { sheets: { sheet: string; unit: string; items: { fields: { description: string } }[] }[] };
    expect(report.sheets.map((s) => [s.sheet, s.unit, s.items.length])).toEqual([['整改台账', '白毛坪镇人民政府', 3]]);
    const out = join(tmp.dir, 'exports-out');
    const written = await runMain([page, '--out', out, '--as-of', '2023-05-29']);
    expect(written.stdout).toContain(`已写出标注副本：${join(out, 'system-export-gbk.xlsx')}（原文件不是 .xlsx`);
    const copy = await openXlsx(join(out, 'system-export-gbk.xlsx'));
    expect(copy.getWorksheet('整改台账')!.getCell('C4').value).toBe('2022年查处的3起违法占地案件，立案审批表未经负责人签字即开展调查');
  });
});
