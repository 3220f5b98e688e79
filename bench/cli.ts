// `npm run bench cli`: the CLI end to end on a 5,000-row .xlsx (SPEC section 11: under 3 s),
// then where the time goes, in process, against the naive way of reading the displayed text.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { useChineseBuiltinFormats } from '../cli/exceljs-compat.js';
import { worksheetToGrid } from '../cli/exceljs-grid.js';
import { aggregateWorkbook } from '../scripts/samples/aggregate.js';
import { saveDeterministic } from '../scripts/samples/save.js';
import { checkWorkbooks } from '../shared/index.js';
import { report } from './measure.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const ROWS = 5000;

/** Wall time of one spawned CLI run, start of process to exit. */
function timeCli(args: string[]): { ms: number; status: number | null; stdoutBytes: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(root, 'bin/ledger-check.js'), ...args], { cwd: root, maxBuffer: 1 << 30 });
  return { ms: performance.now() - t, status: r.status, stdoutBytes: r.stdout.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t = performance.now();
  const result = await fn();
  return { ms: performance.now() - t, result };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    const file = join(dir, `aggregate-${ROWS}.xlsx`);
    await saveDeterministic(aggregateWorkbook(ROWS), file);
    if (!existsSync(join(root, 'dist/ledger-check.js'))) spawnSync(process.execPath, [join(root, 'scripts/build.js')], { stdio: 'inherit' });

    const floor = median([1, 2, 3].map(() => timeCli(['--version']).ms));
    report('CLI start-up alone (--version)', floor);
    const runs = [1, 2, 3].map(() => timeCli([file, '--json', '--as-of', '2023-05-29']));
    const json = median(runs.map((r) => r.ms));
    report(`CLI ${ROWS} rows --json, end to end (median of 3)`, json, 3000, `exit ${runs[0]!.status}, ${(runs[0]!.stdoutBytes / 1e6).toFixed(1)} MB of JSON`);
    const summary = median([1, 2, 3].map(() => timeCli([file, '--as-of', '2023-05-29']).ms));
    report(`CLI ${ROWS} rows, Chinese summary (median of 3)`, summary, 3000);
    const outDir = join(dir, 'out');
    report(`CLI ${ROWS} rows --out (annotated copy written)`, timeCli([file, '--as-of', '2023-05-29', '--out', outDir]).ms, undefined, 'no target in SPEC');

    // In process: where the time goes.
    useChineseBuiltinFormats();
    const bytes = await readFile(file);
    const load = await timeAsync(async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
      return wb;
    });
    report('  ExcelJS load (unzip + parse XML)', load.ms);
    const ws = load.result.worksheets[0]!;
    const t = performance.now();
    const grid = worksheetToGrid(ws, file);
    report('  grid: values, numfmt display text, merges', performance.now() - t);
    // The naive way: ExcelJS's own cell.text. About as fast, but a date shows as a JS date string.
    const n = performance.now();
    const naive: string[] = [];
    ws.eachRow((row) => row.eachCell((cell) => void naive.push(cell.text)));
    const dateText = grid.text?.flat().find((x) => x && /^\d{4}-\d{2}-\d{2}$/.test(x));
    const naiveDate = naive.find((x) => /GMT/.test(x));
    report('  naive: ExcelJS cell.text per cell', performance.now() - n, undefined, `wrong for dates: "${naiveDate}" where Excel shows "${dateText}"`);
    const c = performance.now();
    const checked = checkWorkbooks([{ file, sheets: [grid] }], { asOf: '2023-05-29' });
    report('  core check (first run in this process)', performance.now() - c, undefined, `${checked.stats.items} items`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
