// `npm run bench cli`: the CLI's start-up (target < 150 ms, beside node's own start-up) and the
// CLI end to end on the 5,000-row county aggregate (target < 1 s, and at least 4× faster than a
// straightforward reader + checker run the same way in the same run: bench/naive-checker.ts; wall
// and CPU time, both processes reporting their CPU through bench/cpu-at-exit.cjs), then where the
// time goes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ExcelJS from 'exceljs';
import { useChineseBuiltinFormats } from '../cli/exceljs-compat.js';
import { loadNumberFormats } from '../shared/xlsx/display-text.js';
import { worksheetToGrid } from '../cli/exceljs-grid.js';
import XLSX from '@e965/xlsx';
import { readXlsx } from '../cli/read-xlsx.js';
import type { WorkbookInput } from '../shared/index.js';
import { writeUtf8 } from '../cli/write-utf8.js';
import { reportJsonPieces } from '../cli/report-json.js';
import { checkWorkbooks } from '../shared/index.js';
import { createHash } from 'node:crypto';
import { sha512 } from '@noble/hashes/sha2';
import { le32 } from '../shared/office-crypto.js';
import { DROPPED_BMP_RUNS } from '../shared/dropped-chars-data.js';
import { median, report } from './measure.js';
import { headline, verdict } from './measured-table.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const FILE = join(root, 'test/fixtures/county-aggregate-5000.xlsx');
// The same 5,000 rows as an Excel 97–2003 workbook, as LibreOffice saved it (test/fixtures/xls).
const XLS_FILE = join(root, 'test/fixtures/xls/county-aggregate-5000.xls');
// The same .xls encrypted by LibreOffice with Excel's default password (RC4), and a spec ledger as
// an .xlsx encrypted with it (agile: AES-256, 100,000 rounds of SHA-512), with their plain twins.
const XLS_ENCRYPTED = join(root, 'test/fixtures/xls/encrypted/county-aggregate-5000-default-password.xls');
const XLSX_ENCRYPTED = join(root, 'test/fixtures/xlsx-encrypted/maoping-town-default-password.xlsx');
const XLSX_PLAIN = join(root, 'test/fixtures/spec/maoping-town.xlsx');
// The same 5,000 rows as an OpenDocument spreadsheet, as LibreOffice converted the .xls (test/fixtures/ods).
const ODS_FILE = join(root, 'test/fixtures/ods/county-aggregate-5000.ods');
const NAIVE = join(root, 'dist/bench-naive-checker.js');
const READER_SHEET = join(root, 'dist/bench-reader-sheet.js');

const CPU_AT_EXIT = join(root, 'bench/cpu-at-exit.cjs');

/** Wall time of one spawned process, start to exit, and (when `cpu`) the CPU time it reports at exit. */
function timeNode(script: string, args: string[], cpu = false, env: NodeJS.ProcessEnv = process.env): { ms: number; cpuMs: number; status: number | null; stdoutBytes: number; stderr: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [...(cpu ? ['--require', CPU_AT_EXIT] : []), script, ...args], { cwd: root, env, maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  const stderr = r.stderr.toString();
  const cpuMs = Number(/cpu-ms ([\d.]+)/.exec(stderr)?.[1] ?? Number.NaN);
  return { ms, cpuMs, status: r.status, stdoutBytes: r.stdout.length, stderr };
}

/** The phases of one CLI run as LEDGER_CHECK_TIMINGS prints them: name → [wall, CPU] in ms. */
function phasesOf(stderr: string): Map<string, [number, number]> {
  const line = /ledger-check timings \(ms, wall\/CPU\): (.*)/.exec(stderr)?.[1] ?? '';
  return new Map([...line.matchAll(/(\w+) (\d+)\/(\d+)/g)].map((m) => [m[1]!, [Number(m[2]), Number(m[3])]]));
}
const timeCli = (args: string[], cpu = false, env?: NodeJS.ProcessEnv) => timeNode(join(root, 'bin/ledger-check.js'), args, cpu, env);

// NODE_EXTRA_CA_CERTS makes node read and parse a certificate bundle before any script runs
// (~100 ms on this machine, where it is set so npm can reach its registry): a cost of this
// environment, not of the CLI, so start-up is measured both as the environment is and without it.
const CLEAN_ENV = (() => {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
})();


/**
 * Whether the baseline does the CLI's work: each row's diagnostic codes from both, compared (a
 * baseline that misreads a column does less, and looks fast: the one before stop 25 took 问题来源
 * for the description and compared no descriptions at all).
 */
function baselineAgreement(args: string[]): { rows: number; differing: number } {
  const output = (script: string, a: string[]) => {
    const r = spawnSync(process.execPath, [script, ...a], { cwd: root, maxBuffer: 1 << 30 });
    // ledger-check exits 1 when it finds errors; only its report matters here.
    if (r.status !== 0 && r.status !== 1) throw new Error(`${script} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
    return JSON.parse(r.stdout.toString()) as unknown;
  };
  type Items = { items: { diagnostics: { code: string }[] }[] };
  const ours = (output(join(root, 'bin/ledger-check.js'), args) as { sheets: Items[] }).sheets.flatMap((s) => s.items);
  const theirs = (output(NAIVE, [FILE, '2023-05-29']) as Items).items;
  const codes = (it: Items['items'][number] | undefined) => it?.diagnostics.map((d) => d.code).sort().join(' ');
  let differing = Math.abs(ours.length - theirs.length);
  for (let i = 0; i < Math.min(ours.length, theirs.length); i++) if (codes(ours[i]) !== codes(theirs[i])) differing++;
  return { rows: ours.length, differing };
}

export async function run(): Promise<void> {
  spawnSync(process.execPath, [join(root, 'scripts/build.js'), 'cli'], { stdio: 'inherit' });
  // The baseline, bundled like the CLI so both start the same way.
  await build({ entryPoints: [join(root, 'bench/naive-checker.ts')], outfile: NAIVE, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  if (!existsSync(NAIVE)) throw new Error('the baseline did not build');
  await build({ entryPoints: [join(root, 'bench/reader-sheet.ts')], outfile: READER_SHEET, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });

  // Start-up, interleaved with node's own: `node -e 0`, and an empty CommonJS file (what the CLI's
  // launcher is), so a slow machine shows as a slow floor.
  const empty = join(mkdtempSync(join(tmpdir(), 'bench-cli-')), 'empty.cjs');
  writeFileSync(empty, '');
  const startUp = (env: NodeJS.ProcessEnv, label: string) => {
    const starts = { e0: [] as number[], empty: [] as number[], version: [] as number[], help: [] as number[] };
    for (let i = 0; i < 9; i++) {
      starts.e0.push(timeNode('-e', ['0'], false, env).ms);
      starts.empty.push(timeNode(empty, [], false, env).ms);
      starts.version.push(timeCli(['--version'], false, env).ms);
      starts.help.push(timeCli(['--help'], false, env).ms);
    }
    report(`node itself (node -e 0), the floor${label}`, median(starts.e0));
    report(`node itself (an empty CommonJS file)${label}`, median(starts.empty));
    report(`CLI start-up: --version (median of 9)${label}`, median(starts.version), 150, `${(median(starts.version) - median(starts.empty)).toFixed(0)} ms over the empty file`);
    report(`CLI start-up: --help (median of 9)${label}`, median(starts.help), 150, `${(median(starts.help) - median(starts.empty)).toFixed(0)} ms over the empty file`);
    return { e0: median(starts.e0), empty: median(starts.empty), version: median(starts.version), help: median(starts.help) };
  };
  const asIs = startUp(process.env, '');
  const clean = process.env.NODE_EXTRA_CA_CERTS ? startUp(CLEAN_ENV, ', without NODE_EXTRA_CA_CERTS') : undefined;
  // The CLI's own start-up is judged without the certificate bundle when this machine sets one
  // (node alone then takes ~100 ms before any script runs); both are given.
  const judged = clean ?? asIs;
  const bundled = (s: typeof asIs) => ` (with this machine's certificate bundle ${s.version.toFixed(0)} / ${s.help.toFixed(0)} ms)`;
  headline('cli-startup', {
    figure: `${judged.version.toFixed(0)} / ${judged.help.toFixed(0)} ms${clean ? bundled(asIs) : ''}; only the launcher and the usage text load`,
    baseline: `node itself: an empty CommonJS file ${judged.empty.toFixed(0)} ms, \`node -e 0\` ${judged.e0.toFixed(0)} ms${clean ? ` (with the bundle ${asIs.empty.toFixed(0)} / ${asIs.e0.toFixed(0)} ms)` : ''}; before issue 13, +0.7 s loading ExcelJS (recorded)`,
    target: verdict(Math.max(judged.version, judged.help) < 150, '< 150 ms'),
  });
  rmSync(dirname(empty), { recursive: true, force: true });

  const args = [FILE, '--json', '--as-of', '2023-05-29'];
  const agreement = baselineAgreement(args);
  console.log(`  the baseline finds what the CLI finds: ${agreement.differing === 0 ? 'on every row' : `NOT on ${agreement.differing} rows`} (${agreement.rows.toLocaleString('en-US')} rows, each row's codes compared)`);
  if (agreement.differing > 0) throw new Error(`bench/naive-checker.ts differs from the CLI on ${agreement.differing} of ${agreement.rows} rows: it is no baseline`);
  const endToEnd = (env: NodeJS.ProcessEnv, label: string) => {
    const ours: ReturnType<typeof timeNode>[] = [];
    const naive: ReturnType<typeof timeNode>[] = [];
    // Interleaved, so a busy machine slows both alike; CPU time beside wall time.
    for (let i = 0; i < 5; i++) {
      ours.push(timeCli(args, true, { ...env, LEDGER_CHECK_TIMINGS: '1' }));
      naive.push(timeNode(NAIVE, [FILE, '2023-05-29'], true, env));
    }
    const o = median(ours.map((r) => r.ms));
    const n = median(naive.map((r) => r.ms));
    const oc = median(ours.map((r) => r.cpuMs));
    const nc = median(naive.map((r) => r.cpuMs));
    const ratio = (x: number) => `${x.toFixed(1)}×${x >= 4 ? ' ✓' : ' ✗ MISSES'} target ≥ 4×`;
    report(`CLI 5,000-row .xlsx --json, end to end (median of 5)${label}`, o, 1000, `CPU ${oc.toFixed(0)} ms, ${(ours[0]!.stdoutBytes / 1e6).toFixed(1)} MB of JSON`);
    // The baseline prints a slimmer report (no fields object, enrichment or units), also with JSON.stringify(…, null, 2).
    report('  baseline: ExcelJS readFile + straightforward checks (naive)', n, undefined, `CPU ${nc.toFixed(0)} ms; wall ${ratio(n / o)}, CPU ${ratio(nc / oc)}; prints ${(naive[0]!.stdoutBytes / 1e6).toFixed(1)} MB of JSON`);
    // The same runs split by phase (LEDGER_CHECK_TIMINGS): what is the CLI's and what the core's.
    const phases = ours.map((r) => phasesOf(r.stderr));
    const phase = (name: string, k: 0 | 1) => median(phases.map((p) => p.get(name)?.[k] ?? Number.NaN));
    const share = (name: string) => `CPU ${phase(name, 1).toFixed(0)} ms, ${((100 * phase(name, 1)) / phase('total', 1)).toFixed(0)}% of the run's CPU`;
    report('    start-up: node, launcher, run bundle (median)', phase('start', 0), undefined, share('start'));
    report('    reading the .xlsx (shared/xlsx/)', phase('read', 0), undefined, share('read'));
    report('    the core (checkWorkbooks: shared/)', phase('check', 0), undefined, share('check'));
    // --json is made in pieces of 500 items, each written while the next is made (cli/report-json.ts).
    report('    the report as JSON, made and written to stdout', phase('output', 0), undefined, share('output'));
    const minusCore = (k: 0 | 1) => (k === 0 ? o : oc) - phase('check', k);
    report('    the run without the core', minusCore(0), undefined, `CPU ${minusCore(1).toFixed(0)} ms: the CLI's own part; 4× needs the whole run ≤ ${(n / 4).toFixed(0)} ms wall, ${(nc / 4).toFixed(0)} ms CPU`);
    return { o, n, oc, nc, split: `start-up ${phase('start', 0)}, reading ${phase('read', 0)}, the core ${phase('check', 0)}, the JSON ${phase('output', 0)} ms`, ourBytes: ours[0]!.stdoutBytes, naiveBytes: naive[0]!.stdoutBytes };
  };
  const e2eAsIs = endToEnd(process.env, '');
  const e2eClean = process.env.NODE_EXTRA_CA_CERTS ? endToEnd(CLEAN_ENV, ', without NODE_EXTRA_CA_CERTS') : undefined;
  const run5k = e2eClean ?? e2eAsIs;
  const times = (x: number) => `${x.toFixed(1)}×`;
  headline('cli-e2e', {
    figure: `${run5k.o.toFixed(0)} ms wall, ${run5k.oc.toFixed(0)} ms CPU (median of 5; ${run5k.split}; ${(run5k.ourBytes / 1e6).toFixed(1)} MB of JSON)${e2eClean ? `; with the certificate bundle ${e2eAsIs.o.toFixed(0)} ms` : ''}`,
    baseline: `ExcelJS \`readFile\` + straightforward checks (\`bench/naive-checker.ts\`: the same findings on all ${agreement.rows.toLocaleString('en-US')} rows, ${(run5k.naiveBytes / 1e6).toFixed(1)} MB of JSON), interleaved: ${run5k.n.toFixed(0)} ms wall, ${run5k.nc.toFixed(0)} ms CPU: **${times(run5k.n / run5k.o)} wall, ${times(run5k.nc / run5k.oc)} CPU**${e2eClean ? ` (with the bundle ${e2eAsIs.n.toFixed(0)} ms, ${times(e2eAsIs.n / e2eAsIs.o)})` : ''}`,
    target: `${verdict(run5k.o < 1000, '< 1 s')}; ${verdict(run5k.n / run5k.o >= 4, '≥ 4×', `${times(run5k.n / run5k.o)}: 4× needs ≤ ${(run5k.n / 4).toFixed(0)} ms`)}`,
  });
  report('CLI 5,000 rows, Chinese summary', median([1, 2, 3].map(() => timeCli([FILE, '--as-of', '2023-05-29']).ms)), 1000);

  // Without --as-of the core asks todayIn(campaign.timezone): Asia/Shanghai as fixed UTC+8, against
  // Intl.DateTimeFormat with that time zone (the old way), each cold in a fresh process as a CLI run is.
  const today = (how: string) =>
    median([1, 2, 3, 4, 5].map(() => {
      const r = spawnSync(process.execPath, ['-e', `const t=performance.now();${how};process.stdout.write(String(performance.now()-t))`], { cwd: root, env: CLEAN_ENV });
      return Number(r.stdout.toString());
    }));
  const fixed = today("new Date(Date.now()+8*3600000).toISOString().slice(0,10)");
  const intl = today("new Intl.DateTimeFormat('en-CA',{timeZone:'Asia/Shanghai',year:'numeric',month:'2-digit',day:'2-digit'}).formatToParts(new Date())");
  report("  today's date in Asia/Shanghai, cold (todayIn: fixed UTC+8)", fixed, undefined, `baseline Intl.DateTimeFormat with timeZone: ${intl.toFixed(1)} ms`);

  // compactText's table of dropped BMP characters, cold in a fresh process as every CLI run builds
  // it: from the generated runs (shared/dropped-chars-data.ts) against the regex run over every
  // BMP character (how it was built before).
  const coldMs = (code: string, env: NodeJS.ProcessEnv = CLEAN_ENV) =>
    median([1, 2, 3, 4, 5].map(() => {
      const r = spawnSync(process.execPath, ['-e', `const t=performance.now();${code};process.stdout.write(String(performance.now()-t))`], { cwd: root, env });
      return Number(r.stdout.toString());
    }));
  const fromRuns = coldMs(
    "const t8=new Uint8Array(65536);for(const r of process.env.RUNS.split(' ')){const d=r.indexOf('.'),a=parseInt(r.slice(0,d),36);t8.fill(1,a,a+parseInt(r.slice(d+1),36))}",
    { ...CLEAN_ENV, RUNS: DROPPED_BMP_RUNS },
  );
  const byRegex = coldMs(
    "const c=new Uint16Array(65536);for(let i=0;i<65536;i++)c[i]=i;c.fill(97,0xd800,0xe000);const t8=new Uint8Array(65536);for(const m of new TextDecoder('utf-16le',{ignoreBOM:true}).decode(c).matchAll(/[\\s\\u3000\\p{P}\\p{S}]+/gu))t8.fill(1,m.index,m.index+m[0].length)",
  );
  report('  dropped-character table, cold (from generated runs)', fromRuns, undefined, `baseline: the Unicode regex over every BMP character ${byRegex.toFixed(1)} ms`);

  // In process: where the time goes (the first run of each, as in a CLI process).
  const bytesIn = await readFile(FILE);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { input } = await readXlsx(FILE);
  const readCpu = process.cpuUsage(c0);
  const readMs = performance.now() - t0;
  report('  streaming reader (zlib, the sheet read from its bytes) → grid', readMs, undefined, `CPU ${((readCpu.user + readCpu.system) / 1000).toFixed(0)} ms`);
  // The sheet part alone, cold in fresh processes taken in turn (what a CLI run pays): read from
  // its bytes (shared/xlsx/sheet-scan.ts) against the way before, a pattern per cell over the
  // decoded text (bench/pattern-sheet-scan.ts). Each process times itself (bench/reader-sheet.ts).
  const sheetWays = { bytes: [] as number[][], pattern: [] as number[][] };
  for (let i = 0; i < 9; i++) {
    for (const way of ['bytes', 'pattern'] as const) {
      const r = spawnSync(process.execPath, [READER_SHEET, way, FILE], { cwd: root, env: CLEAN_ENV });
      sheetWays[way].push(r.stdout.toString().split(' ').map(Number));
    }
  }
  const wayMedian = (way: keyof typeof sheetWays, k: 0 | 1) => median(sheetWays[way].map((x) => x[k]!));
  report(
    '  reader, sheet part alone, fresh process (median of 9)',
    wayMedian('bytes', 0),
    undefined,
    `CPU ${wayMedian('bytes', 1).toFixed(0)} ms; the way before (a pattern per cell over decoded text): ${wayMedian('pattern', 0).toFixed(0)} ms, CPU ${wayMedian('pattern', 1).toFixed(0)} ms`,
  );
  useChineseBuiltinFormats();
  await loadNumberFormats();
  const t1 = performance.now();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytesIn as unknown as ExcelJS.Buffer);
  const grid = worksheetToGrid(wb.worksheets[0]!, FILE);
  const excelJsMs = performance.now() - t1;
  const sameGrid = JSON.stringify(grid) === JSON.stringify(input.sheets[0]);
  report('  ExcelJS load + grid (the old reader, now only for --out)', excelJsMs, undefined, `same grid: ${sameGrid}`);
  headline('cli-reader', {
    figure: `${readMs.toFixed(0)} ms in this process (CPU ${((readCpu.user + readCpu.system) / 1000).toFixed(0)} ms); the sheet part alone in a fresh process ${wayMedian('bytes', 0).toFixed(0)} ms`,
    baseline: `ExcelJS load + grid ${excelJsMs.toFixed(0)} ms (now only for \`--out\`); the sheet part a pattern per cell over decoded text ${wayMedian('pattern', 0).toFixed(0)} ms`,
    target: verdict(sameGrid, 'the same grid as ExcelJS'),
  });
  await otherFormatReading(XLS_FILE, '.xls (shared/xls/', 'cli-xls-reader', input);
  await otherFormatReading(ODS_FILE, '.ods (shared/ods/', 'cli-ods-reader', input);
  // The same rows as an Excel binary workbook: SheetJS's .xlsb of the .xlsx, written for this run.
  const xlsbFile = join(mkdtempSync(join(tmpdir(), 'bench-xlsb-')), 'county-aggregate-5000.xlsb');
  try {
    writeFileSync(xlsbFile, new Uint8Array(XLSX.write(XLSX.read(await readFile(FILE), { type: 'buffer', cellStyles: true, cellNF: true }), { type: 'array', bookType: 'xlsb' }) as ArrayBuffer));
    await otherFormatReading(xlsbFile, '.xlsb (shared/xlsb/', 'cli-xlsb-reader', input);
  } finally {
    rmSync(dirname(xlsbFile), { recursive: true, force: true });
  }
  await encryptedReading();
  const c = performance.now();
  const checked = checkWorkbooks([input], { asOf: '2023-05-29' });
  const cold = performance.now() - c;
  report('  core check, first run in this process', cold, undefined, `${checked.stats.items} items`);
  const w = performance.now();
  checkWorkbooks([input], { asOf: '2023-05-29' });
  const warm = performance.now() - w;
  report('  … the same check run again (warm)', warm, undefined, `first run minus this: ${(cold - warm).toFixed(0)} ms, the JIT warming up, which every CLI run pays`);
  const j = performance.now();
  const json = `${JSON.stringify(checked, null, 2)}\n`;
  report('  the report as JSON (JSON.stringify, 2-space indent)', performance.now() - j, undefined, `${(json.length / 1e6).toFixed(1)} M characters`);
  const e = performance.now();
  let written = 0;
  writeUtf8({ write: (b) => void (written += (b as Uint8Array).length) }, json);
  report('  … encoded as UTF-8 (TextEncoder.encodeInto, as stdout gets it)', performance.now() - e, undefined, `${(written / 1e6).toFixed(1)} MB`);
  // Made and encoded as the CLI does it (pieces of 500 items, cli/report-json.ts) against the
  // whole text at once, alternated, CPU medians of 9: the pieces never hold the whole text, and
  // should cost no more than it.
  const encoder = new TextEncoder();
  const encodeCpu = (make: () => Iterable<string>) => {
    const c1 = process.cpuUsage();
    for (const piece of make()) encoder.encodeInto(piece, Buffer.allocUnsafe(piece.length * 3));
    const used = process.cpuUsage(c1);
    return (used.user + used.system) / 1000;
  };
  const ways = { pieces: [] as number[], whole: [] as number[] };
  for (let i = 0; i < 9; i++) {
    ways.pieces.push(encodeCpu(() => reportJsonPieces(checked)));
    ways.whole.push(encodeCpu(() => [JSON.stringify(checked, null, 2)]));
  }
  report('  the report as JSON in pieces, made and encoded (CPU, median of 9)', median(ways.pieces), undefined, `the whole text at once: ${median(ways.whole).toFixed(1)} ms`);
}

/**
 * The 5,000-row aggregate in another format (.xls: shared/xls/; .ods: shared/ods/; .xlsb: shared/xlsb/), through
 * readXlsx as the CLI reads it, against SheetJS's reading of it into rows (XLSX.read +
 * sheet_to_json, what a straightforward checker would take for it), alternated, medians of 5;
 * held to the report the .xlsx gives.
 */
async function otherFormatReading(file: string, label: string, id: 'cli-xls-reader' | 'cli-ods-reader' | 'cli-xlsb-reader', fromXlsx: WorkbookInput): Promise<void> {
  const bytes = await readFile(file);
  const ways = { ours: [] as number[], ourCpu: [] as number[], sheetJs: [] as number[] };
  let input: WorkbookInput | undefined;
  for (let i = 0; i < 5; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    input = (await readXlsx(file)).input;
    ways.ours.push(performance.now() - t0);
    const cpu = process.cpuUsage(c0);
    ways.ourCpu.push((cpu.user + cpu.system) / 1000);
    const t1 = performance.now();
    const wb = XLSX.read(bytes, { type: 'buffer', cellDates: true });
    XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: false });
    ways.sheetJs.push(performance.now() - t1);
  }
  const items = (book: WorkbookInput) => checkWorkbooks([{ ...book, file: 'a' }], { asOf: '2023-05-29' }).sheets.flatMap((s) => s.items.map((it) => [it.row, it.fields, it.diagnostics]));
  const sameReport = JSON.stringify(items(input!)) === JSON.stringify(items(fromXlsx));
  const [ours, cpu, sheetJs] = [median(ways.ours), median(ways.ourCpu), median(ways.sheetJs)];
  report(`  the same rows as ${label}, median of 5)`, ours, undefined, `CPU ${cpu.toFixed(0)} ms; SheetJS read + rows ${sheetJs.toFixed(0)} ms; the same items and findings as the .xlsx: ${sameReport}`);
  headline(id, {
    figure: `${ours.toFixed(0)} ms (CPU ${cpu.toFixed(0)} ms, median of 5 in this process; ${(bytes.length / 1e6).toFixed(1)} MB)`,
    baseline: `SheetJS \`XLSX.read\` + \`sheet_to_json\` ${sheetJs.toFixed(0)} ms (${(sheetJs / ours).toFixed(1)}×)`,
    target: verdict(sameReport && ours < sheetJs, 'the same items and findings as the .xlsx; faster than SheetJS'),
  });
}

/**
 * Encrypted workbooks opened with Excel's default password (shared/xls/decrypt.ts,
 * shared/xlsx/encrypted-package.ts), read through readXlsx as the CLI reads them, against their
 * plain twins, alternated, medians of 5: what decryption adds (SheetJS, the obvious other way,
 * opens neither: "Encryption scheme unsupported", "File is password-protected"). The agile key's
 * 100,000 rounds of SHA-512 by @noble/hashes (pure, as shared/ must be) beside node:crypto's
 * native SHA-512 doing the same rounds.
 */
async function encryptedReading(): Promise<void> {
  const items = (book: WorkbookInput) => checkWorkbooks([{ ...book, file: 'a' }], { asOf: '2023-05-29' }).sheets.flatMap((s) => s.items.map((it) => [it.row, it.fields, it.diagnostics]));
  const pair = async (encrypted: string, plain: string) => {
    const times = { encrypted: [] as number[], plain: [] as number[] };
    let books: WorkbookInput[] = [];
    for (let i = 0; i < 5; i++) {
      books = [];
      for (const [way, file] of [['encrypted', encrypted], ['plain', plain]] as const) {
        const t = performance.now();
        books.push((await readXlsx(file)).input);
        times[way].push(performance.now() - t);
      }
    }
    return { encrypted: median(times.encrypted), plain: median(times.plain), same: JSON.stringify(items(books[0]!)) === JSON.stringify(items(books[1]!)) };
  };
  const xls = await pair(XLS_ENCRYPTED, XLS_FILE);
  report('  the same .xls encrypted with Excel\'s default password (RC4, median of 5)', xls.encrypted, undefined, `plain ${xls.plain.toFixed(0)} ms; the same items and findings: ${xls.same}`);
  const xlsx = await pair(XLSX_ENCRYPTED, XLSX_PLAIN);
  report('  a 12-item .xlsx encrypted with it (agile, median of 5)', xlsx.encrypted, undefined, `plain ${xlsx.plain.toFixed(0)} ms; the same items and findings: ${xlsx.same}`);
  const spins = { noble: [] as number[], native: [] as number[] };
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    let h = sha512(new Uint8Array(46));
    for (let k = 0; k < 100_000; k++) h = sha512.create().update(le32(k)).update(h).digest();
    spins.noble.push(performance.now() - t);
    t = performance.now();
    let n = createHash('sha512').update(new Uint8Array(46)).digest();
    for (let k = 0; k < 100_000; k++) n = createHash('sha512').update(le32(k)).update(n).digest();
    spins.native.push(performance.now() - t);
  }
  report('    its key: 100,000 rounds of SHA-512 (@noble/hashes, median of 3)', median(spins.noble), undefined, `node:crypto's native SHA-512 ${median(spins.native).toFixed(0)} ms`);
  headline('cli-encrypted', {
    figure: `the 5,000-row .xls encrypted (RC4) ${xls.encrypted.toFixed(0)} ms; an .xlsx encrypted (agile) ${xlsx.encrypted.toFixed(0)} ms, of which its key's 100,000 rounds of SHA-512 ${median(spins.noble).toFixed(0)} ms (medians)`,
    baseline: `the same files unencrypted ${xls.plain.toFixed(0)} / ${xlsx.plain.toFixed(0)} ms; the key's rounds by node:crypto's native SHA-512 ${median(spins.native).toFixed(0)} ms; SheetJS opens neither`,
    target: verdict(xls.same && xlsx.same, 'the same items and findings as the unencrypted file (no time target: what Excel\'s default password costs)'),
  });
}
