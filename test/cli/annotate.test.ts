import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTE_MARKER, SEVERITY_FILL } from '../../cli/annotate-cells.js';
import { readXlsx } from '../../cli/read-xlsx.js';
import { REPORT_SHEET_NAME } from '../../cli/report-sheet.js';
import { DAYS_LEFT_FORMAT, displayWidth, ENRICHMENT_COLUMNS, ReportSchema, type Report } from '../../shared/index.js';
import { buildCli, FIXTURES, noteText, openXlsx, runCli, tempDir } from './helpers.js';

const tmp = tempDir();
const inDir = join(tmp.dir, 'in');
const outDir = join(tmp.dir, 'out');
const AS_OF = ['--as-of', '2023-05-29'];
const UNIT = join(inDir, 'unit-two-level-header.xlsx');
const TABLE = join(inDir, 'excel-table.xlsx');
const NONE = join(inDir, 'no-ledger.xlsx');
const inputs = [UNIT, TABLE, NONE];

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
let before: Map<string, string>;
let report: Report;
let run: ReturnType<typeof runCli>;

beforeAll(async () => {
  buildCli();
  mkdirSync(inDir, { recursive: true });
  // The user's own note on a cell the check will diagnose (C10), and one on a clean cell (C5).
  const wb = await openXlsx(join(FIXTURES, 'unit-two-level-header.xlsx'));
  const ws = wb.getWorksheet('整改台账')!;
  ws.getCell('C10').note = '科长：这一条要重写';
  ws.getCell('C5').note = '已核实';
  await wb.xlsx.writeFile(UNIT);
  copyFileSync(join(FIXTURES, 'excel-table.xlsx'), TABLE);
  copyFileSync(join(FIXTURES, 'no-ledger.xlsx'), NONE);
  before = new Map(inputs.map((f) => [f, sha(f)]));
  run = runCli([...inputs, ...AS_OF, '--json', '--out', outDir]);
  report = ReportSchema.parse(JSON.parse(run.stdout));
}, 120_000); // builds the CLI and runs it with --out: generous on a busy machine
afterAll(tmp.remove);

const fillOf = (cell: ExcelJS.Cell) => (cell.style.fill?.type === 'pattern' ? cell.style.fill.fgColor?.argb : undefined);

/** Everything a user would see of a workbook: values, formats, fills, notes, merges, sheets. */
async function visible(path: string): Promise<string[]> {
  const wb = await openXlsx(path);
  const out: string[] = [];
  wb.eachSheet((ws) => {
    out.push(`# ${ws.name} ${JSON.stringify(ws.model.merges)}`);
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) => {
        if (cell.value === null && !fillOf(cell) && !cell.note) return;
        out.push(`${cell.address} ${JSON.stringify(cell.value)} ${cell.numFmt ?? ''} ${fillOf(cell) ?? ''} ${noteText(cell)}`);
      }),
    );
  });
  return out;
}

describe('ledger-check --out DIR', () => {
  it('writes one annotated copy per input under the same name and leaves the originals byte-identical', () => {
    expect(run.status).toBe(1);
    expect(readdirSync(outDir).sort()).toEqual(['excel-table.xlsx', 'no-ledger.xlsx', 'unit-two-level-header.xlsx']);
    for (const f of inputs) expect(sha(f)).toBe(before.get(f));
    expect(run.stderr).toContain(`已写出标注副本：${join(outDir, 'unit-two-level-header.xlsx')}`);
  });

  it('highlights diagnosed cells by severity and appends the messages to their notes', async () => {
    const ws = (await openXlsx(join(outDir, 'unit-two-level-header.xlsx'))).getWorksheet('整改台账')!;
    expect(fillOf(ws.getCell('H10'))).toBe(SEVERITY_FILL.error); // 尽快
    expect(fillOf(ws.getCell('G11'))).toBe(SEVERITY_FILL.error); // person missing
    expect(fillOf(ws.getCell('C10'))).toBe(SEVERITY_FILL.warning); // vague
    expect(noteText(ws.getCell('C10'))).toMatch(new RegExp(`^科长：这一条要重写\\n\\n${NOTE_MARKER}\\n警告：问题描述过于笼统`));
    expect(noteText(ws.getCell('H10'))).toMatch(/^【台账检查】\n错误：整改时限“尽快”/);
    expect(noteText(ws.getCell('C5'))).toBe('已核实');
    expect(fillOf(ws.getCell('C5'))).toBeUndefined();
  });

  it('adds the enrichment columns right of the ledger, due dates as real dates', async () => {
    const ws = (await openXlsx(join(outDir, 'unit-two-level-header.xlsx'))).getWorksheet('整改台账')!;
    const sheet = report.sheets.find((s) => s.file === UNIT)!;
    // The ledger ends at M (备注); the six columns follow in N…S, over both header rows.
    expect(ENRICHMENT_COLUMNS.map((_, i) => ws.getCell(3, 14 + i).value)).toEqual(ENRICHMENT_COLUMNS.map((c) => c.header));
    expect(ws.getCell('N4').isMerged).toBe(true);
    const row5 = sheet.items.find((i) => i.row === 5)!;
    expect(ws.getCell('N5').value).toBe(row5.key);
    expect(ws.getCell('O5').value).toEqual(new Date('2023-05-31T00:00:00Z'));
    expect(ws.getCell('O5').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('P11').value).toBe(-29); // days left: 29 days overdue, still a number…
    expect(ws.getCell('P11').numFmt).toBe(DAYS_LEFT_FORMAT); // …that reads 已逾期 29 天
    // Wide enough to read each header.
    ENRICHMENT_COLUMNS.forEach((c, i) => expect(ws.getColumn(14 + i).width).toBeGreaterThanOrEqual(displayWidth(c.header) + 2));
    expect(ws.getCell('Q11').value).toBe('已逾期');
    expect(String(ws.getCell('S10').value)).toMatch(/^错误1 警告2：/);
    expect(ws.getCell('S5').value).toBeNull(); // nothing found, nothing written
  });

  it('writes copies a second reader (SheetJS) opens, with the report sheet and its links', () => {
    for (const f of readdirSync(outDir)) {
      const book = XLSX.read(readFileSync(join(outDir, f)), { cellFormula: true });
      expect(book.SheetNames.at(-1)).toBe(REPORT_SHEET_NAME);
    }
    const report = XLSX.read(readFileSync(join(outDir, 'unit-two-level-header.xlsx')), { cellFormula: true }).Sheets[REPORT_SHEET_NAME]!;
    expect(report.H2?.f).toMatch(/^HYPERLINK\("#'整改台账'![A-Z]+\d+","[A-Z]+\d+"\)$/);
  });

  it('never changes a value the user typed', async () => {
    for (const f of inputs) {
      const original = (await readXlsx(f)).input.sheets;
      const copy = (await readXlsx(join(outDir, f.split('/').pop()!))).input.sheets;
      for (const grid of original) {
        const annotated = copy.find((g) => g.sheet === grid.sheet)!;
        expect(annotated.values.map((r) => r.slice(0, grid.values[0]?.length ?? 0))).toEqual(grid.values);
      }
    }
  });

  it('adds a report sheet listing every diagnostic with a link to its cell', async () => {
    const wb = await openXlsx(join(outDir, 'unit-two-level-header.xlsx'));
    const ws = wb.getWorksheet(REPORT_SHEET_NAME)!;
    const sheet = report.sheets.find((s) => s.file === UNIT)!;
    const count = sheet.diagnostics.length + sheet.items.reduce((n, i) => n + i.diagnostics.length, 0);
    expect(ws.rowCount).toBe(count + 1);
    expect(ws.getRow(1).values).toEqual([undefined, '序号', '级别', '问题类型', '代码', '单位', '文件', '工作表', '单元格', '字段', '说明', 'Message']);
    expect(ws.getCell('B2').value).toBe('错误'); // errors first
    // The code reads in Chinese, with the code beside it.
    const types = Array.from({ length: count }, (_, i) => [ws.getCell(i + 2, 3).value, ws.getCell(i + 2, 4).value]);
    expect(types).toContainEqual(['整改时限不明确', 'deadline-invalid']);
    const links = Array.from({ length: count }, (_, i) => ws.getCell(i + 2, 8).value as ExcelJS.CellFormulaValue);
    expect(links.map((l) => l.formula)).toContain(`HYPERLINK("#'整改台账'!H10","H10")`);
    const none = (await openXlsx(join(outDir, 'no-ledger.xlsx'))).getWorksheet(REPORT_SHEET_NAME)!;
    expect(none.getCell('D2').value).toBe('header-not-found');
    expect(none.getCell('C2').value).toBe('未找到台账表头');
  });

  it('is idempotent on its own output: no duplicated columns, notes or sheets', async () => {
    const again = join(tmp.dir, 'again');
    const copies = inputs.map((f) => join(outDir, f.split('/').pop()!));
    const second = runCli([...copies, ...AS_OF, '--out', again]);
    expect(second.status).toBe(1);
    for (const f of copies) expect(await visible(join(again, f.split('/').pop()!))).toEqual(await visible(f));
    // The enrichment columns were recognised, not re-read as ledger fields.
    const rerun = ReportSchema.parse(JSON.parse(runCli([copies[0]!, ...AS_OF, '--json']).stdout));
    expect(rerun.sheets.map((s) => s.sheet)).toEqual(['整改台账']);
    expect(Object.keys(rerun.sheets[0]!.enrichmentColumns).sort()).toEqual(ENRICHMENT_COLUMNS.map((c) => c.id).sort());
    const codes = (r: Report, file: string) => r.sheets.find((s) => s.file === file)!.items.map((i) => [i.row, i.diagnostics.map((d) => `${d.code}@${d.column}`)]);
    expect(codes(rerun, copies[0]!)).toEqual(codes(report, UNIT));
  });

  it('clears the marks of a fixed cell on the next run', async () => {
    const fixed = join(tmp.dir, 'fixed', 'unit-two-level-header.xlsx');
    mkdirSync(join(tmp.dir, 'fixed'));
    const wb = await openXlsx(join(outDir, 'unit-two-level-header.xlsx'));
    wb.getWorksheet('整改台账')!.getCell('G11').value = '罗小平';
    await wb.xlsx.writeFile(fixed);
    const next = join(tmp.dir, 'next');
    runCli([fixed, ...AS_OF, '--out', next]);
    const ws = (await openXlsx(join(next, 'unit-two-level-header.xlsx'))).getWorksheet('整改台账')!;
    expect(fillOf(ws.getCell('G11'))).toBeUndefined();
    expect(noteText(ws.getCell('G11'))).toBe('');
    expect(String(ws.getCell('S11').value)).not.toContain('责任人');
    expect(fillOf(ws.getCell('H11'))).toBe(SEVERITY_FILL.warning); // still overdue
  });
});

// Excel's option 使用 1904 日期系统 (and Mac workbooks of old) keeps each date 1,462 days lower.
describe('ledger-check on a workbook of the 1904 date system', () => {
  it('reads its dates as shown and writes its computed dates in its own system', async () => {
    const dir = join(tmp.dir, 'mac');
    mkdirSync(dir);
    const mac = join(dir, 'unit-two-level-header.xlsx');
    const wb = await openXlsx(UNIT);
    wb.properties.date1904 = true;
    await wb.xlsx.writeFile(mac);
    const macOut = join(tmp.dir, 'mac-out');
    const r = runCli([mac, ...AS_OF, '--json', '--out', macOut]);
    const macReport = ReportSchema.parse(JSON.parse(r.stdout));
    const sheetOf = (rep: Report) => rep.sheets.find((s) => s.file.endsWith('unit-two-level-header.xlsx'))!;
    // The same items with the same dates, deadlines and findings as the 1900 workbook's.
    const plain = sheetOf(report).items.map((i) => [i.row, i.deadline.due, i.completedOn ?? null, i.timeliness.state]);
    expect(sheetOf(macReport).items.map((i) => [i.row, i.deadline.due, i.completedOn ?? null, i.timeliness.state])).toEqual(plain);
    expect(plain.some(([, due]) => due)).toBe(true);
    // The copy is still a 1904 workbook, and each date in it (ExcelJS reads them by its system) is
    // the date the 1900 workbook's copy shows.
    const copy = await openXlsx(join(macOut, 'unit-two-level-header.xlsx'));
    expect(copy.properties.date1904).toBe(true);
    const dates = (book: ExcelJS.Workbook) => {
      const out: string[] = [];
      book.getWorksheet('整改台账')!.eachRow((row) => row.eachCell((cell) => {
        if (cell.value instanceof Date) out.push(`${cell.address} ${cell.value.toISOString().slice(0, 10)}`);
      }));
      return out;
    };
    const plainDates = dates(await openXlsx(join(outDir, 'unit-two-level-header.xlsx')));
    expect(plainDates.length).toBeGreaterThan(0);
    expect(dates(copy)).toEqual(plainDates);
  }, 60_000);
});

describe('ledger-check --out refuses what would lose data (exit 2)', () => {
  it('refuses to write over an original', () => {
    const r = runCli([UNIT, '--out', inDir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`ledger-check: 拒绝覆盖原文件 ${UNIT}：请用 --out 指定另一个文件夹\n`);
    expect(sha(UNIT)).toBe(before.get(UNIT));
  });

  it('refuses two inputs of the same name, whose copies would overwrite each other', () => {
    const other = join(tmp.dir, 'other');
    mkdirSync(other, { recursive: true });
    copyFileSync(UNIT, join(other, 'unit-two-level-header.xlsx'));
    const r = runCli([UNIT, join(other, 'unit-two-level-header.xlsx'), '--out', join(tmp.dir, 'clash')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/同名/);
  });

  it('refuses a file as the output folder', () => {
    const file = join(tmp.dir, 'not-a-folder');
    writeFileSync(file, '');
    const r = runCli([UNIT, '--out', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out 需要一个文件夹/);
  });
});
