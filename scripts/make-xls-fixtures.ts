// Writes test/fixtures/xls/ (and test/fixtures/ods/, the same as OpenDocument spreadsheets): the project's sample ledgers as Excel 97–2003 workbooks, and two
// workbooks of every kind of cell, as LibreOffice saves them (its "MS Excel 97" filter: BIFF8 in
// an OLE2 container, shared strings continued across records, RK numbers, merged cells, hidden
// columns, cached formula results). Needs LibreOffice (`soffice`), which the tests do not: the
// files are committed, and test/shared/xls-reader.test.ts reads them.
//   npx tsx scripts/make-xls-fixtures.ts
// The kinds workbook is also converted back to .xlsx by LibreOffice, so the test compares one
// document read both ways (LibreOffice rewrites some formats); its 1904 twin reads as the same
// grid (LibreOffice's .xlsx of it drops the 1904 setting, so it is not kept).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { SAMPLES } from './make-samples.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const out = join(root, 'test/fixtures/xls');

/** Numbers Excel keeps as RK (adjacent ones as MULRK) and as NUMBER, text of every width, formulas of every result. */
function cellKinds(date1904: boolean): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.properties.date1904 = date1904;
  const ws = workbook.addWorksheet('单元格');
  ws.addRow(['序号', '整数', '负数', '大整数', '小数', '百分比', '科学计数', '布尔', '隐藏列']);
  ws.addRow([1, 2, -7, 1234567890123, 3.14159, 0.125, 1e-10, true, '草稿']);
  ws.addRow([2, 3, -536870913, 536870911, 0.1, 12.34, 6.02e23, false, '草稿二']);
  ws.getCell('F2').numFmt = '0.0%';
  ws.getCell('F3').numFmt = '#,##0.00';
  // Formulas with cached results: a number, errors, empty text, a date. (LibreOffice saves a
  // text result as 0 and a truth value's as 1 in .xlsx: those are test/shared/xls-reader.test.ts's
  // own records.)
  ws.getCell('A5').value = { formula: 'B2+C2', result: -5 };
  ws.getCell('D5').value = { formula: '1/0', result: { error: '#DIV/0!' } };
  ws.getCell('E5').value = { formula: 'NA()', result: { error: '#N/A' } };
  ws.getCell('F5').value = { formula: '""', result: '' };
  ws.getCell('G5').value = { formula: 'DATE(2023,5,29)', result: new Date(Date.UTC(2023, 4, 29)) };
  ws.getCell('G5').numFmt = 'yyyy-mm-dd';
  // Dates in the formats ledgers use.
  const day = (m: number, d: number) => new Date(Date.UTC(2023, m - 1, d));
  ws.getCell('A7').value = day(4, 25);
  ws.getCell('A7').numFmt = 'yyyy"年"m"月"d"日"';
  ws.getCell('B7').value = day(5, 31);
  ws.getCell('B7').numFmt = 'yyyy/m/d';
  ws.getCell('C7').value = day(6, 15);
  ws.getCell('C7').numFmt = 'mm-dd-yy';
  ws.getCell('D7').value = new Date(Date.UTC(2023, 4, 29, 14, 30));
  ws.getCell('D7').numFmt = 'yyyy-mm-dd hh:mm';
  // Text: a line break, surrounding spaces, a character outside the BMP, and one long enough
  // (ASCII, then Chinese) that the shared strings continue in the middle of it.
  ws.getCell('A9').value = '第一行\n第二行';
  ws.getCell('B9').value = '  前后有空格  ';
  ws.getCell('C9').value = '整改✅完成👍𠀀';
  ws.getCell('D9').value = `${'Rectify the ledger entries. '.repeat(300)}${'整改台账逐项核对，见人见事。'.repeat(400)}`;
  ws.getCell('E9').value = 'café — ½';
  ws.mergeCells('A11:C11');
  ws.getCell('A11').value = '合并单元格';
  ws.getColumn(9).hidden = true;
  const hidden = workbook.addWorksheet('隐藏表', { state: 'hidden' });
  hidden.addRow(['隐藏的工作表', 42]);
  return workbook;
}

function soffice(args: string[], home: string): void {
  execFileSync('soffice', ['--headless', ...args], { env: { ...process.env, HOME: home }, stdio: 'inherit' });
}

const work = mkdtempSync(join(tmpdir(), 'xls-fixtures-'));
try {
  mkdirSync(join(work, 'in'));
  mkdirSync(out, { recursive: true });
  for (const [path] of SAMPLES) copyFileSync(join(root, 'test/fixtures', path), join(work, 'in', path.split('/').pop()!));
  for (const name of ['maoping-town', 'rulin-town', 'scj-market-regulation']) copyFileSync(join(root, 'test/fixtures/spec', `${name}.xlsx`), join(work, 'in', `${name}.xlsx`));
  await cellKinds(false).xlsx.writeFile(join(work, 'in', 'cell-kinds.xlsx'));
  await cellKinds(true).xlsx.writeFile(join(work, 'in', 'cell-kinds-1904.xlsx'));
  const inputs = readdirSync(join(work, 'in')).map((n) => join(work, 'in', n));
  soffice(['--convert-to', 'xls', '--outdir', out, ...inputs], work);
  // The kinds workbook back to .xlsx, from the .xls just written.
  mkdirSync(join(work, 'back'));
  soffice(['--convert-to', 'xlsx', '--outdir', join(work, 'back'), join(out, 'cell-kinds.xls')], work);
  renameSync(join(work, 'back', 'cell-kinds.xlsx'), join(out, 'cell-kinds.xlsx'));
  console.log(`wrote ${readdirSync(out).length} files to ${out}`);
  // The same documents as OpenDocument spreadsheets (test/fixtures/ods, read by
  // test/shared/ods-reader.test.ts against these .xls; the aggregate by the bench too).
  const ods = join(root, 'test/fixtures/ods');
  mkdirSync(ods, { recursive: true });
  const xlsFiles = readdirSync(out).filter((n) => n.endsWith('.xls')).map((n) => join(out, n));
  soffice(['--convert-to', 'ods', '--outdir', ods, ...xlsFiles], work);
  console.log(`wrote ${readdirSync(ods).length} files to ${ods}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
