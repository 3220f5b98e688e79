// node:fs's promises, loaded when first used: only --out writes (see cli/inputs.ts).
import { promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type ExcelJS from 'exceljs';
import { withKeptParts } from './kept-parts.js';
import type { Diagnostic, Grid, Report, WorkbookInput } from '../shared/index.js';
import { clearOwnMarks, markCell } from './annotate-cells.js';
import { writeEnrichment } from './enrich-columns.js';
import { CliError } from './errors.js';
import { writeReportSheet } from './report-sheet.js';

async function sameFile(a: string, b: string): Promise<boolean> {
  if (resolve(a) === resolve(b)) return true;
  try {
    return (await fsp.realpath(a)) === (await fsp.realpath(b));
  } catch {
    return false; // the target does not exist yet
  }
}

/**
 * Where each annotated copy goes: DIR/<same name> (an .xls's or .xlsm's as .xlsx). Refuses (CliError) to overwrite an input,
 * to write two inputs of the same name to one place, or to use a file as the folder.
 * @example await planOutputs(['in/a.xlsx'], 'out') // Map { 'in/a.xlsx' => 'out/a.xlsx' }
 */
export async function planOutputs(files: readonly string[], outDir: string): Promise<Map<string, string>> {
  const exists = await fsp.stat(outDir).catch(() => undefined);
  if (exists && !exists.isDirectory()) throw new CliError(`--out 需要一个文件夹，而 ${outDir} 是文件`, `--out needs a folder, but ${outDir} is a file`);
  const plan = new Map<string, string>();
  const byTarget = new Map<string, string>();
  for (const file of files) {
    // The copy of an .xls (or .ods, a web page or XML file) is an .xlsx (cli/grid-workbook.ts): ExcelJS writes no other.
    // So is an .xlsm's (ExcelJS drops its macros, and Excel refuses an .xlsm that holds none) and a
    // template's (.xltx, .xltm, .xlt, WPS's .ett, .ots): ExcelJS writes a workbook, not a template.
    const target = join(outDir, basename(file).replace(/\.(?:xls|xlsb|xlsm|xltx|xltm|xlt|et|ett|ods|ots|html?|xml|csv|txt)$/i, '.xlsx'));
    if (await sameFile(file, target)) {
      throw new CliError(`拒绝覆盖原文件 ${file}：请用 --out 指定另一个文件夹`, `refusing to overwrite the original ${file}: give --out another folder`);
    }
    // An .xls's copy beside it would take the name of the .xlsx it may have been saved as.
    if (target !== join(outDir, basename(file)) && (await sameFile(dirname(file), outDir)) && (await fsp.stat(target).catch(() => undefined))) {
      throw new CliError(`拒绝覆盖 ${target}：${file} 的标注副本与它同名；请用 --out 指定另一个文件夹`, `refusing to overwrite ${target} with the annotated copy of ${file}: give --out another folder`);
    }
    const clash = byTarget.get(resolve(target));
    if (clash) throw new CliError(`${clash} 与 ${file} 同名，标注副本会互相覆盖；请分开检查`, `${clash} and ${file} have the same name and their copies would overwrite each other; check them separately`);
    byTarget.set(resolve(target), file);
    plan.set(file, target);
  }
  return plan;
}

/** The rightmost column the sheet uses (values and merged areas), 1-based. */
function usedRight(grid: Grid | undefined): number {
  if (!grid) return 0;
  return (grid.left ?? 1) + Math.max(0, ...grid.values.map((r) => r.length)) - 1;
}

/**
 * Annotates a workbook in memory from the report: highlights and notes on diagnosed cells,
 * the enrichment columns, and the report sheet. Values the user typed are never written.
 * @example annotateWorkbook(workbook, input, report); await saveWorkbook(workbook, 'out/a.xlsx')
 */
export function annotateWorkbook(workbook: ExcelJS.Workbook, input: WorkbookInput, report: Report): void {
  const sheets = report.sheets.filter((s) => s.file === input.file);
  for (const sheet of sheets) {
    const ws = workbook.getWorksheet(sheet.sheet);
    if (!ws) continue;
    clearOwnMarks(ws);
    const byCell = new Map<string, { cell: ExcelJS.Cell; diagnostics: Diagnostic[] }>();
    const located = [...sheet.diagnostics, ...sheet.items.flatMap((item) => item.diagnostics.map((d) => ({ ...d, row: d.row ?? item.row })))];
    for (const d of located) {
      if (!d.column || !d.row) continue;
      // A diagnostic on a merged area belongs on its anchor, the only cell Excel shows.
      const cell = ws.getCell(`${d.column}${d.row}`).master;
      const entry = byCell.get(cell.address) ?? { cell, diagnostics: [] };
      entry.diagnostics.push(d);
      byCell.set(cell.address, entry);
    }
    for (const { cell, diagnostics } of byCell.values()) markCell(cell, diagnostics);
    writeEnrichment(ws, sheet, usedRight(input.sheets.find((g) => g.sheet === sheet.sheet)));
  }
  writeReportSheet(workbook, sheets);
}

/**
 * Saves a workbook; written beside the target and renamed, so an interrupted run never
 * leaves half a file under the real name. With `original`, the parts ExcelJS dropped that the
 * copy keeps are taken over from it (kept-parts.ts: WPS's pictures in cells).
 */
export async function saveWorkbook(workbook: ExcelJS.Workbook, target: string, original?: Uint8Array): Promise<void> {
  await fsp.mkdir(resolve(target, '..'), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    const written = new Uint8Array(await workbook.xlsx.writeBuffer());
    await fsp.writeFile(temporary, original ? withKeptParts(written, original) : written);
    await fsp.rename(temporary, target);
  } catch (error) {
    await fsp.rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const [zh, en] = WRITE_PROBLEMS[code] ?? [code, code];
    throw new CliError(`无法写出 ${target}（${zh}）`, `cannot write ${target} (${en})`, { cause: error });
  }
}

/**
 * What a failed write means to the person, by the system's code. On Windows a copy open in Excel
 * from the run before is locked: replacing it fails with EPERM or EBUSY, the usual case.
 */
export const WRITE_PROBLEMS: Readonly<Record<string, [zh: string, en: string]>> = {
  EPERM: ['文件可能正在 Excel 或 WPS 中打开，或没有写入权限：请关闭它后再试', 'the file may be open in Excel or WPS, or not writable: close it and try again'],
  EBUSY: ['文件正在 Excel 或 WPS 中打开：请关闭它后再试', 'the file is open in Excel or WPS: close it and try again'],
  EACCES: ['没有写入权限：请换一个文件夹', 'permission denied: choose another folder'],
  EROFS: ['所在磁盘只读：请换一个文件夹', 'the disk is read-only: choose another folder'],
  ENOSPC: ['磁盘空间不足', 'the disk is full'],
};
