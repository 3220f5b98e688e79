import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { main } from '../../cli/main.js';

/** The repository root, the project's sample ledgers, and its copy of SPEC's public fixtures. */
export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures');
export const SPEC_FIXTURES = join(FIXTURES, 'spec');

/** Builds dist/ledger-check.cjs and its run bundle; safe to run from test files at once (the build renames into place). */
export function buildCli(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.js'), 'cli'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/ledger-check.js …args` the way a user's shell would. */
export function runCli(args: string[], cwd = ROOT): CliRun {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/ledger-check.js'), ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, LEDGER_CHECK_DEBUG: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI in this process (main() is what the binary runs): fast enough for tables of cases. */
export async function runMain(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix = 'ledger-cli-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** True when a text looks like a Node stack trace. */
export const hasStackTrace = (text: string) => /\n\s+at .+[:(]/.test(text);

/** Reads an .xlsx with ExcelJS, for looking at what the CLI wrote. */
export async function openXlsx(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** The text of a cell's note, whatever form ExcelJS gives it in. */
export function noteText(cell: ExcelJS.Cell): string {
  const note = cell.note as string | { texts?: { text: string }[] } | undefined;
  if (!note) return '';
  return typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('');
}

/** A small one-level ledger with the given rows under the standard header. */
export const LEDGER_HEADER = ['序号', '问题类别', '问题描述', '原因分析', '整改措施', '责任领导', '责任人', '整改时限', '整改状态', '完成时间', '佐证材料'];
