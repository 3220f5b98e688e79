// `npm run bench memory`: whether the largest submission the API accepts (API_LIMITS: 12,000 rows,
// 300,000 cells) fits a Worker's 128 MB. workerd runs locally without a memory limit, so the Worker's own code is
// run in Node (bench/submit-memory.ts, against real local D1) under a heap limit: the process's
// base (node, wrangler's proxy, the body) plus a budget. Fitting in base + 100 MB leaves the
// isolate ~28 MB for its code, module data and young generation. Beside it, the limit before this
// (1,000,000 cells: 83,000 rows of 12 cells) under base + 128 MB.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_LIMITS } from '../shared/schema/api.js';
import { headline, verdict } from './measured-table.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const MB = 1024 * 1024;

function child(env: Record<string, string>, oldSpaceMb?: number, kept?: string): { ok: boolean; out: { base: number; peak?: number; baseAll?: number; peakAll?: number; status?: number; answerBytes?: number; decodedBytes?: number } | null; why: string } {
  const args = [...(oldSpaceMb ? [`--max-old-space-size=${oldSpaceMb}`] : []), '--expose-gc', '--import', 'tsx', join(root, 'bench/submit-memory.ts')];
  // The child's local D1 folder is made and removed here: a child that runs out of memory (the
  // limit before does) never reaches its own clean-up.
  // `kept`: a folder the caller made (a seeded county) and removes.
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'bench-memory-'));
  let r;
  try {
    r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env, BENCH_MEMORY_DIR: dir }, maxBuffer: 64 * MB, timeout: 15 * 60_000 });
  } finally {
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
  const line = r.stdout.toString().split('\n').find((l) => l.startsWith('{'));
  const oom = /heap out of memory|Ineffective mark-compacts/.test(r.stderr.toString());
  const last = r.stderr.toString().split('\n').find((l) => /Error|code:/.test(l))?.trim() ?? '';
  return { ok: r.status === 0 && !!line, out: line ? JSON.parse(line) : null, why: oom ? 'out of memory' : r.status === 0 ? '' : `exit ${r.status} (${last.slice(0, 120)})` };
}

/** Whether one submission (env for bench/submit-memory.ts) fits its base + 100 MB, printed on one line; its sampled heap peak over the base. */
function fits(label: string, env: Record<string, string>, county?: string): { fits: boolean; peakMb: number } {
  const base = child({ ...env, BASE_ONLY: '1' }, undefined, county).out?.base ?? Number.NaN;
  const budget = 100;
  const r = child(env, Math.ceil(base / MB) + budget, county);
  const o = r.out;
  const buffers = o?.peakAll !== undefined && o.baseAll !== undefined ? `, with ArrayBuffers ${((o.peakAll - o.baseAll) / MB).toFixed(0)} MB` : '';
  const peak = o?.peak !== undefined ? `${((o.peak - o.base) / MB).toFixed(0)} MB over the base${buffers} (sampled between round trips: a floor)` : '';
  const verdict = r.ok && r.out?.status === 201 ? `✓ fits in base + ${budget} MB` : `✗ MISSES: ${r.why || `status ${r.out?.status}`} in base + ${budget} MB`;
  console.log(`  ${label.padEnd(60)} ${verdict}; peak seen ${peak}; base ${(base / MB).toFixed(0)} MB`);
  return { fits: r.ok && r.out?.status === 201, peakMb: o?.peak !== undefined ? (o.peak - o.base) / MB : Number.NaN };
}

export async function run(): Promise<void> {
  // The largest accepted: a header row and rowsPerSubmission − 1 items.
  const rows = API_LIMITS.rowsPerSubmission - 1;
  // The bench's 12 columns, and 25 (12,000 rows then hold the 300,000 cells allowed: both limits at once).
  // gzip: the JSON as the add-in sends a large ledger, the compressed bytes in the base, the decoded
  // bytes and the text within what is measured.
  const largest: { name: string; fits: boolean; peakMb: number }[] = [];
  // An .xls is not compressed: 12,000 rows × 22 columns is the widest within the 10 MB upload limit.
  for (const [way, wide] of [['json', 0], ['upload', 0], ['gzip', 0], ['xls', 0], ['ods', 0], ['xlsb', 0], ['json', 13], ['upload', 13], ['gzip', 13], ['xls', 10], ['ods', 13], ['xlsb', 13]] as const) {
    const label = `${{ json: 'JSON submission', gzip: 'JSON sent gzip', upload: 'upload (shared/xlsx/)', xls: 'upload as .xls (shared/xls/)', ods: 'upload as .ods (shared/ods/)', xlsb: 'upload as .xlsb (shared/xlsb/)' }[way]} of ${(rows + 1).toLocaleString('en')} rows × ${12 + wide} columns, checked, stored, answered`;
    const bodyFile = join(tmpdir(), `bench-memory-${process.pid}-${way}-${wide}.bin`);
    const env = { WAY: way, ROWS: String(rows), WIDE: String(wide), BODY_FILE: bodyFile };
    try {
      // The workbook made first, in a run of its own: the base then holds none of its making.
      if (way === 'upload' || way === 'xls' || way === 'ods' || way === 'xlsb') child({ ...env, BASE_ONLY: '1' });
      largest.push({ name: `${way} × ${12 + wide}`, ...fits(label, env) });
    } finally {
      rmSync(bodyFile, { force: true });
    }
  }
  // A unit's whole ledger (10,000 rows, a seed none of the county's units has) into the county of
  // 100,000 written from the bench's templates: the probe then meets ~690,000 postings and keeps
  // ~575,000 (item, version) pairs before the sketches turn them down (stop 22: ~1 GB at stop 21's
  // start, out of memory in base + 100 MB until then). Beside it, the same ledger into an empty county.
  const whole = { WAY: 'json', ROWS: '10000', SEED: '777' };
  largest.push({ name: '10,000 rows into an empty county', ...fits('a unit’s 10,000 rows into an empty county', whole) });
  const county = mkdtempSync(join(tmpdir(), 'bench-memory-county-'));
  try {
    const seeded = child({ COUNTY: '100000', SEED_ONLY: '1' }, undefined, county);
    if (!seeded.ok) console.log(`  seeding the county of 100,000 failed: ${seeded.why}`);
    largest.push({ name: '10,000 rows into a county of 100,000', ...(seeded.ok ? fits('the same into the county of 100,000', whole, county) : { fits: false, peakMb: Number.NaN }) });
  } finally {
    rmSync(county, { recursive: true, force: true });
  }
  // The limit before: 1,000,000 cells, 83,000 rows of the bench's 12 columns.
  const before = 83_000;
  const base = child({ WAY: 'json', ROWS: String(before), BASE_ONLY: '1', BEFORE: '1' }).out?.base ?? Number.NaN;
  const r = child({ WAY: 'json', ROWS: String(before), BEFORE: '1' }, Math.ceil(base / MB) + 128);
  console.log(`  ${'  before: a JSON submission of 83,000 rows (1,000,000 cells)'.padEnd(60)} ${r.ok ? 'fits' : r.why || 'failed'} in base + 128 MB`);
  headline('memory-largest', {
    figure: `${largest.map((l) => `${l.name} ${l.fits ? `${l.peakMb.toFixed(0)} MB` : '✗'}`).join('; ')} (sampled heap peaks over the base: a floor; the Worker's code in Node on real local D1)`,
    baseline: `the limit before (1,000,000 cells, 83,000 rows): ${r.ok ? 'fits' : r.why || 'failed'} in base + 128 MB`,
    target: verdict(largest.every((l) => l.fits), 'fits a Worker\'s 128 MB'),
  });
}
