// `npm run bench cli`: the CLI's start-up (target < 150 ms) and the CLI end to end on the
// 5,000-row county aggregate (target < 1 s, and at least 4× faster than a straightforward reader
// + checker run the same way in the same run: bench/naive-checker.ts), then where the time goes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ExcelJS from 'exceljs';
import { useChineseBuiltinFormats } from '../cli/exceljs-compat.js';
import { loadNumberFormats } from '../cli/cell-value.js';
import { worksheetToGrid } from '../cli/exceljs-grid.js';
import { readXlsx } from '../cli/read-xlsx.js';
import { checkWorkbooks } from '../shared/index.js';
import { report } from './measure.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const FILE = join(root, 'test/fixtures/county-aggregate-5000.xlsx');
const NAIVE = join(root, 'dist/bench-naive-checker.js');

/** Wall time of one spawned process, start to exit. */
function timeNode(script: string, args: string[]): { ms: number; status: number | null; stdoutBytes: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, maxBuffer: 1 << 30 });
  return { ms: performance.now() - t, status: r.status, stdoutBytes: r.stdout.length };
}
const timeCli = (args: string[]) => timeNode(join(root, 'bin/ledger-check.js'), args);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  spawnSync(process.execPath, [join(root, 'scripts/build.js'), 'cli'], { stdio: 'inherit' });
  // The baseline, bundled like the CLI so both start the same way.
  await build({ entryPoints: [join(root, 'bench/naive-checker.ts')], outfile: NAIVE, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  if (!existsSync(NAIVE)) throw new Error('the baseline did not build');

  const node = median([1, 2, 3, 4, 5].map(() => timeNode('-e', ['0']).ms));
  report('node itself (node -e 0), the floor', node);
  report('CLI start-up: --version (median of 5)', median([1, 2, 3, 4, 5].map(() => timeCli(['--version']).ms)), 150);
  report('CLI start-up: --help (median of 5)', median([1, 2, 3, 4, 5].map(() => timeCli(['--help']).ms)), 150);

  const args = [FILE, '--json', '--as-of', '2023-05-29'];
  const ours: number[] = [];
  const naive: number[] = [];
  let bytes = 0;
  // Interleaved, so a busy machine slows both alike.
  for (let i = 0; i < 3; i++) {
    const r = timeCli(args);
    ours.push(r.ms);
    bytes = r.stdoutBytes;
    naive.push(timeNode(NAIVE, [FILE, '2023-05-29']).ms);
  }
  const o = median(ours);
  const n = median(naive);
  report('CLI 5,000-row .xlsx --json, end to end (median of 3)', o, 1000, `${(bytes / 1e6).toFixed(1)} MB of JSON`);
  report('  baseline: ExcelJS readFile + per-row checks (naive)', n, undefined, `${(n / o).toFixed(1)}× the CLI's time ${n / o >= 4 ? '✓' : '✗ MISSES'} target ≥ 4×`);
  report('CLI 5,000 rows, Chinese summary', median([1, 2, 3].map(() => timeCli([FILE, '--as-of', '2023-05-29']).ms)), 1000);

  // In process: where the time goes.
  const bytesIn = await readFile(FILE);
  const t0 = performance.now();
  const { input } = await readXlsx(FILE);
  report('  streaming reader (zlib + sheet XML scan) → grid', performance.now() - t0);
  useChineseBuiltinFormats();
  await loadNumberFormats();
  const t1 = performance.now();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytesIn as unknown as ExcelJS.Buffer);
  const grid = worksheetToGrid(wb.worksheets[0]!, FILE);
  report('  ExcelJS load + grid (the old reader, now only for --out)', performance.now() - t1, undefined, `same grid: ${JSON.stringify(grid) === JSON.stringify(input.sheets[0])}`);
  const c = performance.now();
  const checked = checkWorkbooks([input], { asOf: '2023-05-29' });
  report('  core check, first run in this process', performance.now() - c, undefined, `${checked.stats.items} items`);
}
