// `npm run bench worker`: the county server on local D1 (wrangler's local mode: real SQLite in
// workerd), SPEC section 11: store a 10,000-row submission under 1 s, against per-row inserts in
// the same run, and the county summary over 100 units × 1,000 items under 200 ms; a submission
// into that county (its cross-unit search) beside one into an empty county; zip bombs refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg as osLoad, tmpdir } from 'node:os';
import { join } from 'node:path';
import { unstable_startWorker } from 'wrangler';
import { migrate, ROOT, WRANGLER_ENV } from '../scripts/d1.js';
import * as XLSX from '@e965/xlsx';
import { bombs, repeatDeflate, workbookWith } from '../test/worker/bombs.js';
import { aggregateGrid } from './ledger-gen.js';
import { median, report } from './measure.js';
import { headline, verdict } from './measured-table.js';
import { storeBuild } from './store-build.js';
import { workerdCpuMs } from './workerd-cpu.js';
import { measureStartup } from './worker-startup.js';
import { NEAR_PROBE_SQL } from '../worker/db/near-probe.js';
import { decodeGzip } from '../worker/middleware/request-encoding.js';
import { gunzipSync } from 'node:zlib';

// A deployed Worker's D1 round trip: a few ms with the Worker placed beside the database (Smart
// Placement), tens of ms from a location far from it (Hong Kong to the database's region, say).
// 20 ms stands for the latter (remote-d1.ts).
const REMOTE_MS = 20;

interface Answer {
  ms: number;
  status: number;
  json: { token?: string; ms?: number; sql?: number[]; buildMs?: number; planMs?: number; items?: number; written?: number; units?: unknown[]; totals?: { items: number } };
}

/** The bench Worker (the app plus bench routes) on a fresh local D1 with the migrations applied. */
async function start() {
  Object.assign(process.env, WRANGLER_ENV);
  // BENCH_DB_DIR: a local D1 kept by an earlier run (BENCH_KEEP_DB=1), used as it is (and kept).
  const reuse = process.env.BENCH_DB_DIR;
  const dir = reuse ?? mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const quiet = mkdtempSync(join(tmpdir(), 'ledger-bench-watch-'));
  if (!reuse) migrate({ remote: false, persistTo: dir });
  const config = (reloads = 0) => ({
    config: join(ROOT, 'wrangler.toml'),
    entrypoint: join(ROOT, 'bench/worker-entry.ts'),
    // A no-op custom build, watching an empty folder: bundled without esbuild's watch, so edits
    // elsewhere in the repo (shared/ is imported) never reload it mid-run.
    build: { custom: { command: 'true', watch: quiet } },
    // RELOADS: a binding that changes to make wrangler start the Worker again (reload()).
    bindings: { TODAY: { type: 'plain_text' as const, value: '2023-04-24' }, RELOADS: { type: 'plain_text' as const, value: String(reloads) } },
    dev: { persist: dir, server: { hostname: '127.0.0.1', port: 0 }, inspector: false as const, watch: false, logLevel: 'warn' as const },
  });
  let reloads = 0;
  const worker = await unstable_startWorker(config());
  await worker.ready;
  const base = await worker.url;
  return {
    async call(method: string, path: string, body?: unknown, token?: string, extra: Record<string, string> = {}): Promise<Answer> {
      const headers: Record<string, string> = body === undefined ? { ...extra } : { 'content-type': 'application/json', ...extra };
      if (token) headers.authorization = `Bearer ${token}`;
      const init = { method, headers, body: typeof body === 'string' || body === undefined || body instanceof Uint8Array ? body : JSON.stringify(body) };
      let t = performance.now();
      let res = await worker.fetch(new URL(path, base).href, init);
      // wrangler's dev server may reload once after start (its file watcher settling): send again.
      if (res.status === 503 && (await res.clone().text()).startsWith('Your worker restarted')) {
        t = performance.now();
        res = await worker.fetch(new URL(path, base).href, init);
      }
      // A .docx (letters, the bulletin) is read whole and answered as its size.
      const json = (res.headers.get('content-type')?.includes('json') ? await res.json() : { bytes: (await res.arrayBuffer()).byteLength }) as Answer['json'];
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return { ms: performance.now() - t, status: res.status, json };
    },
    /** An .xlsx upload, expecting `status`; its time in ms. */
    async upload(bytes: Uint8Array<ArrayBuffer>, token: string, status: number): Promise<number> {
      // multipart/form-data written out by hand: wrangler's fetch does not take Node's FormData.
      const boundary = `bench${crypto.randomUUID()}`;
      const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bomb.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`);
      const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
      const body = new Uint8Array(head.length + bytes.length + tail.length);
      body.set(head);
      body.set(bytes, head.length);
      body.set(tail, head.length + bytes.length);
      const t = performance.now();
      const res = await worker.fetch(new URL('/api/v1/uploads', base).href, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, body,
      });
      const text = await res.text();
      if (res.status !== status) throw new Error(`upload: ${res.status} ${text.slice(0, 300)}`);
      return performance.now() - t;
    },
    /** The Worker started again with the same county: the next request meets a new isolate. */
    async reload() {
      await worker.setConfig(config(++reloads), true);
      await worker.ready;
    },
    async stop() {
      await worker.dispose();
      // BENCH_KEEP_DB=1 keeps the local D1 (its folder printed) to study with the sqlite3 CLI.
      if (process.env.BENCH_KEEP_DB === '1') console.log(`  (local D1 kept in ${dir})`);
      for (const d of process.env.BENCH_KEEP_DB === '1' || reuse ? [quiet] : [dir, quiet]) rmSync(d, { recursive: true, force: true });
    },
  };
}

// The figures this bench printed with 0008 (README's table, a quiet machine at 13:50): a 60-row
// POST, its probe (postings read, candidates offered to the core).
const BASELINE: Record<number, { post: number; probe: number; reads: number; offered: number }> = {
  1000: { post: 109, probe: 42, reads: 1994, offered: 220 }, 10000: { post: 140, probe: 59, reads: 9059, offered: 465 }, 100000: { post: 261, probe: 180, reads: 66713, offered: 1098 },
};

const loadavg = () => osLoad().map((x) => x.toFixed(1)).join(' ');

type Bench = Awaited<ReturnType<typeof start>>;
type Trace = { at: number; kind: string; sql: string; sqlMs?: number | number[]; args?: unknown[][] }[];

/** A POST of `body` with its D1 round trips traced (bench/worker-entry.ts): its time and the trace. */
async function tracedPost(w: Bench, body: string, token: string): Promise<{ ms: number; json: Answer['json']; trace: Trace }> {
  const r = await w.call('POST', '/api/v1/submissions', body, token, { 'x-bench-trace': '1' });
  const { trace } = (await w.call('GET', '/__bench/last-trace')).json as unknown as { trace: Trace };
  return { ms: r.ms, json: r.json, trace };
}

// A submission's phases, by the round trip that ends each (its gap holds the CPU work before it).
const PHASES: [string, RegExp][] = [
  ['token', /^SELECT t\.id|UPDATE tokens/],
  ['parse+check', /deployment_secrets/],
  ['keys', /^SELECT key FROM items|assigned_on/],
  ['reads', /reviews r|SELECT EXISTS|MIN\(s\.submitted_on\)/],
  ['probe', /^WITH plan|^WITH q AS MATERIALIZED/],
  // The probe's survivors: their stored prefixes, then the whole sets of those that pass.
  ['probe sets', /^\s*SELECT s\.version_id/],
  ['candidates', /^SELECT v\.id, v\.unit_id/],
  ['recheck+store', /^INSERT INTO submissions/],
];

/**
 * ms per phase of one traced submission ("answer": what follows the store). Before each batch the
 * trace marks the end of the CPU work leading to it (bench/worker-entry.ts): that gap is the
 * phase's "cpu", the batch itself (SQLite, its commit, the transfer) keeps the phase's name.
 */
function phaseTimes(trace: Trace): Map<string, number> {
  const out = new Map<string, number>();
  const phaseOf = (k: number): string => {
    const e = trace[k]!;
    if (e.kind === 'cpu') return `${phaseOf(k + 1)} cpu`;
    return PHASES.find(([, re]) => re.test(e.sql))?.[0] ?? (out.has('recheck+store') ? 'answer' : 'other');
  };
  for (let k = 1; k < trace.length; k++) {
    const phase = phaseOf(k);
    out.set(phase, (out.get(phase) ?? 0) + trace[k]!.at - trace[k - 1]!.at);
  }
  return out;
}

/**
 * The store batch of a traced submission: its time in the Worker (SQLite, the commit, the
 * transfer) beside SQLite's own time for its statements, and the postings' statement's.
 */
function storeBatchOf(trace: Trace): string {
  const k = trace.findIndex((e) => /^INSERT INTO submissions/.test(e.sql));
  if (k < 1) return 'not traced';
  const sql = (trace[k]!.sqlMs ?? []) as number[];
  const postings = (trace[k]!.args ?? []).flatMap((a, i) => (/INSERT INTO near_(postings_recent|lists)/.test(String(a[0])) ? [sql[i] ?? 0] : []));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return `${trace[k]!.at - trace[k - 1]!.at} ms in all, SQLite's statements ${sum(sql).toFixed(0)} ms (the postings' ${sum(postings).toFixed(0)} ms); the rest is its commit and transfer`;
}

const phasesOf = (trace: Trace): string => [...phaseTimes(trace)].map(([p, ms]) => `${p} ${ms}`).join(', ');

/** Each phase's median over several traced submissions. */
function medianPhases(traces: readonly Trace[]): string {
  const times = traces.map(phaseTimes);
  const names = [...new Set(times.flatMap((t) => [...t.keys()]))];
  return names.map((p) => `${p} ${median(times.map((t) => t.get(p) ?? 0))}`).join(', ');
}

/** The probe's statement of a traced submission, run again (beside `more`, interleaved): SQLite's medians. */
async function probeWays(w: Bench, trace: Trace, more: Record<string, string> = {}, runs = 5): Promise<{ ms: Record<string, number>; rows: Record<string, number> }> {
  // The statement reading the postings, as the submission ran it (HITS).
  const found = trace.flatMap((e) => e.args ?? []).find((a) => a[0] === NEAR_PROBE_SQL.HITS);
  const args = found?.slice(1);
  const ways: Record<string, string> = { new: found?.[0] as string, ...more };
  const ms: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
  const rows: Record<string, number> = {};
  if (!args) return { ms: {}, rows };
  for (let i = 0; i < runs; i++) {
    for (const [name, sql] of Object.entries(ways)) {
      const r = (await w.call('POST', '/__bench/sql', { sql, args, runs: 1 })).json as unknown as { ms: number[]; rows: number };
      ms[name]!.push(r.ms[0]!);
      rows[name] = r.rows;
    }
  }
  return { ms: Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, median(v)])), rows };
}

/** One probe with its steps (bench/worker-entry.ts /__bench/probe, `steps`). */
interface ProbeSteps { ms: number; coreMs?: number; pairs: number; offered: number; statementMs: number; setsMs: number; steps: [string, number][]; cached: { versions: number; seqs: number; hits: number; misses: number }; cpu: number }

/**
 * A ledger's probe (seed `seed`) three ways, in turn: the whole sets not kept (the way before),
 * kept but the cache emptied first (a cold isolate), and kept after probing other ledgers
 * (`warmSeeds`: other submissions before it, never the same ledger). Each with its workerd CPU.
 */
async function cacheWays(w: Bench, seed: number, warmSeeds: number[], body: Record<string, unknown> = {}): Promise<Record<'no cache' | 'cold' | 'warm', ProbeSteps>> {
  const one = async (extra: Record<string, unknown>): Promise<ProbeSteps> => {
    const c0 = workerdCpuMs();
    const r = (await w.call('POST', '/__bench/probe', { rows: 60, seed, only: true, steps: true, ...body, ...extra })).json as unknown as ProbeSteps;
    const c1 = workerdCpuMs();
    return { ...r, cpu: c0 === null || c1 === null ? NaN : c1 - c0 };
  };
  // `body.sketches` for the other ledgers' probes too (the isolate's switch), back on after.
  await w.call('POST', '/__bench/near-cache', { sketches: body.sketches ?? true });
  const off = await one({ cache: 'off' });
  const cold = await one({ cache: 'cold' });
  await w.call('POST', '/__bench/near-cache', { clear: true, warm: warmSeeds });
  const warm = await one({});
  await w.call('POST', '/__bench/near-cache', { sketches: true });
  return { 'no cache': off, cold, warm };
}

/** Other ledgers probed before a warm probe (BENCH_WARM_LEDGERS of them, 20 by default), different each run. */
const warmSeeds = (run: number) => Array.from({ length: Number(process.env.BENCH_WARM_LEDGERS ?? 20) }, (_, k) => 1_000 + run * 100 + k);

/** Medians of a way's probes: time, CPU, statements, each step. */
function describeSteps(name: string, rs: readonly ProbeSteps[]): string {
  const steps = rs[0]!.steps.map(([step], k) => `${step} ${median(rs.map((r) => r.steps[k]?.[1] ?? NaN))}`).join(', ');
  const last = rs.at(-1)!;
  return `probe, ${name}: median ${median(rs.map((r) => r.ms))} ms (${rs.map((r) => r.ms).join('/')}), workerd CPU ${median(rs.map((r) => r.cpu)).toFixed(0)} ms, `
    + `postings statement ${median(rs.map((r) => r.statementMs)).toFixed(1)} ms, sets statements ${median(rs.map((r) => r.setsMs)).toFixed(1)} ms; `
    + `steps (ms, each with one round trip): ${steps}; ${last.pairs} pairs, ${last.offered} candidates; its survivors' sets held ${last.cached.hits}, read ${last.cached.misses}; cache after: ${last.cached.versions} sets, ${last.cached.seqs} seqs`;
}

/**
 * The same 10,000-row ledger sent gzip-compressed, as the add-in sends a large one
 * (worker/middleware/request-encoding.ts): the bytes on the line, the client's compression
 * (CompressionStream, as in the task pane), the Worker's decoding (fflate, measured slice by slice,
 * and its CRC-32) beside node's native gunzip, and the POST itself interleaved with plain ones.
 */
async function compressedPosts(w: Awaited<ReturnType<typeof start>>, body: string, token: string): Promise<void> {
  const plain = new TextEncoder().encode(body);
  const compress = async () => new Uint8Array(await new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
  const times = { compress: [] as number[], decode: [] as number[], native: [] as number[] };
  let packed = new Uint8Array(0);
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    packed = await compress();
    times.compress.push(performance.now() - t);
    t = performance.now();
    decodeGzip(packed, 64 * 1024 * 1024);
    times.decode.push(performance.now() - t);
    t = performance.now();
    gunzipSync(packed);
    times.native.push(performance.now() - t);
  }
  const ways = { plain: [] as number[], gzip: [] as number[] };
  for (let i = 0; i < 3; i++) {
    ways.plain.push((await w.call('POST', '/api/v1/submissions', body, token)).ms);
    const r = await w.call('POST', '/api/v1/submissions', packed as Uint8Array<ArrayBuffer>, token, { 'content-encoding': 'gzip' });
    if (r.status !== 201) throw new Error(`the compressed POST answered ${r.status}`);
    ways.gzip.push(r.ms);
  }
  const mb = (n: number) => (n / 1024 / 1024).toFixed(2);
  // On the line at a township's upload speeds (computed from the bytes: loopback has no line).
  const line = (mbit: number) => `${((plain.length * 8) / mbit / 1e6).toFixed(1)} s against ${((packed.length * 8) / mbit / 1e6).toFixed(1)} s`;
  report('… the same ledger gzip-compressed (Content-Encoding: gzip, the add-in\'s way)', median(ways.gzip), undefined,
    `interleaved with plain ${median(ways.plain).toFixed(0)} ms, medians of 3; ${mb(packed.length)} MB on the line against ${mb(plain.length)} MB (${(plain.length / packed.length).toFixed(1)}×): at 4 Mbit/s ${line(4)}, at 20 Mbit/s ${line(20)}`);
  report('    compressing it in the client (CompressionStream, node)', median(times.compress), undefined, 'median of 5');
  report('    decoding it in the Worker\'s way (fflate by slices + CRC-32, node)', median(times.decode), undefined, `median of 5; node's native gunzip (no budget, not in workerd's reach) ${median(times.native).toFixed(1)} ms`);
}

export async function run(): Promise<void> {
  const w = await start();
  // BENCH_NEAR_ONLY=1: only the near-duplicate index and the county summary (the county they share);
  // BENCH_PHASES=startup,bombs,upload,store,e2e,aggregate,near: the phases named.
  const phases = process.env.BENCH_PHASES?.split(',') ?? (process.env.BENCH_NEAR_ONLY === '1' ? ['near'] : ['startup', 'bombs', 'upload', 'store', 'e2e', 'aggregate', 'near']);
  const want = (phase: string) => phases.includes(phase);
  let bomb: Uint8Array | undefined;
  const bombMs: string[] = [];
  let bombNaive = 'not run';
  let bombsMet = true;
  try {
    if (want('startup')) {
    // A new isolate's start: the deployed bundle evaluated in a fresh process (worker-startup.ts).
    const s = measureStartup();
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    report('the Worker\'s bundle evaluated in a fresh process (a new isolate\'s start)', s.ms, 1000, `median of 7, ${kb(s.bytes)}; docx evaluated at start (the way before): ${s.eagerMs.toFixed(0)} ms, ${kb(s.eagerBytes)}`);
    headline('worker-startup', {
      figure: `${s.ms.toFixed(0)} ms (median of 7 fresh Node processes; the bundle ${kb(s.bytes)}): docx, for letters and the bulletin only, evaluated when first asked for`,
      baseline: `docx evaluated at every start (the way before), interleaved: ${s.eagerMs.toFixed(0)} ms`,
      target: verdict(s.ms < 1000, '< 1 s (Cloudflare\'s startup limit)'),
    });
    }

    if (want('bombs')) {
    // Zip bombs: refused by the guard (inflate with a budget) against inflating first and looking after.
    const { json: up } = await w.call('POST', '/__bench/token', { unit: '炸弹乡' });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['序号', '问题描述'], [1, '2023年3月对2起案件未告知陈述申辩权利']]), 'S');
    const xlsx = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const lying = bombs(xlsx)['lying size headers']!;
    const big = workbookWith(xlsx, { 'xl/worksheets/sheet1.xml': { name: 'xl/worksheets/sheet1.xml', data: repeatDeflate('<a>', ' ', 1600 * 1024 * 1024, '</a>'), declared: 4096 } });
    for (const [name, bomb] of [[`${(lying.length / 1024).toFixed(0)} KB bomb of 220 MB (headers claim 4 KB)`, lying], [`${(big.length / 1024 / 1024).toFixed(1)} MB bomb of 1.6 GB`, big]] as const) {
      const ms = await w.upload(bomb, up.token!, 413);
      report(`upload a ${name}: 413 by the guard`, ms, 1000, 'end to end, inflating stops at the ratio/budget');
      bombMs.push(`${name}: ${(ms / 1000).toFixed(2)} s`);
      bombsMet &&= ms < 1000;
    }
    bomb = lying;
    }

    if (want('upload')) {
    // Reading a 10,000-row upload into grids in the Worker: the CLI's reader against SheetJS.
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aggregateGrid(10_000, 1, 5).values), '汇总表');
    const xlsx = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
    const ways = { reader: [] as number[], sheetjs: [] as number[], guard: [] as number[] };
    let rows = 0;
    for (let i = 0; i < 5; i++) {
      for (const way of ['reader', 'sheetjs', 'guard'] as const) {
        const { json } = await w.call('POST', `/__bench/read-upload?way=${way}`, xlsx);
        ways[way].push((json as { ms: number }).ms);
        if (way === 'reader') rows = (json as { rows: number }).rows;
      }
    }
    report(`read a 10,000-row upload (${(xlsx.length / 1024).toFixed(0)} KB) into grids`, median(ways.reader), undefined,
      `median of 5, timed in the Worker, load ${loadavg()}: the zip guard (${median(ways.guard)} ms: fflate inflating every part, measured), then shared/xlsx/ (DecompressionStream), ${rows} rows`);
    report('… the way before: the guard, then SheetJS read (its grids not made: a floor)', median(ways.sheetjs), undefined,
      `interleaved, median of 5; ${(median(ways.sheetjs) / median(ways.reader)).toFixed(2)}× the reader`);
    headline('worker-upload-read', {
      figure: `${median(ways.reader)} ms (${(xlsx.length / 1024).toFixed(0)} KB; median of 5, timed in the Worker), of it the zip guard ${median(ways.guard)} ms; \`shared/xlsx/\` on DecompressionStream`,
      baseline: `the guard, then SheetJS's read (its grids not made: a floor), interleaved: ${median(ways.sheetjs)} ms (${(median(ways.sheetjs) / median(ways.reader)).toFixed(1)}×)`,
      target: '—',
    });
    }

    if (want('store')) {
    // Storing alone: the same checked 10,000-item ledger, the Worker's way and the naive way.
    // Interleaved with the store before 0009 (each item's JSON whole), a new unit each time.
    const runs = Number(process.env.BENCH_STORE_RUNS ?? 5);
    const ways = { batched: { ms: [] as number[], sql: [] as number[], per: [] as string[], build: [] as number[] }, whole: { ms: [] as number[], sql: [] as number[], per: [] as string[], build: [] as number[] } };
    for (let i = 0; i < runs; i++) {
      for (const mode of ['batched', 'whole'] as const) {
        const { json } = await w.call('POST', '/__bench/store', { mode, rows: 10_000, unit: `批量${mode}${i}` });
        ways[mode].ms.push(json.ms!);
        ways[mode].sql.push(json.sql!.reduce((a, b) => a + b, 0));
        ways[mode].per.push(json.sql!.join('/'));
        ways[mode].build.push(json.buildMs ?? NaN);
      }
    }
    // Per statement (ms): the submission, its texts, each version chunk, the revisions, the items' upsert.
    const { batched, whole } = { batched: ways.batched.ms, whole: ways.whole.ms };
    report('store 10,000 items: one batch(), json_each chunks', median(batched), 1000,
      `median of ${runs}, timed in the Worker, load ${loadavg()}; statements built in the Worker ${median(ways.batched.build)} ms, SQLite itself ${median(ways.batched.sql)} ms (per statement: ${ways.batched.per[batched.indexOf(median(batched))]}); items stored without what repeats (0009)`);
    report('… the same, each item\'s JSON whole (before 0009)', median(whole), undefined,
      `interleaved, median of ${runs}; built ${median(ways.whole.build)} ms, SQLite itself ${median(ways.whole.sql)} ms (per statement: ${ways.whole.per[whole.indexOf(median(whole))]}); ${(median(whole) / median(batched)).toFixed(2)}× the new way`);
    storeBuild(loadavg());
    let perRow: number | undefined;
    // BENCH_STORE_QUICK=1: the batched store alone (to compare two versions of it, interleaved).
    if (process.env.BENCH_STORE_QUICK !== '1') {
    await w.call('POST', '/__bench/reset', {}); // the rows stored above without the index would be indexed below
    const indexed: number[] = [];
    const indexedSplit: string[] = [];
    // Five, as the plain store above: on this host one run differs from the next by up to a third.
    // Each writes into the index the runs before it filled (~83,000 postings each).
    for (let i = 0; i < 5; i++) {
      const { json } = await w.call('POST', '/__bench/store', { mode: 'indexed', rows: 10_000, unit: `索引${i}` });
      indexed.push(json.ms!);
      const sql = json.sql!;
      indexedSplit.push(`items' statements built ${json.buildMs} ms, the index's plan and statements ${json.planMs} ms, SQLite itself ${sql.reduce((a, b) => a + b, 0)} ms (per statement: ${sql.join('/')})`);
    }
    report('… the same batch with its near-duplicate index writes', median(indexed), 1000,
      `median of 5: what a submission stores (0007: postings of current versions, by position; 0008: each one's prefix); ${indexedSplit[indexed.indexOf(median(indexed))]}`);
    // A resubmission of an indexed 10,000-item ledger, descriptions unchanged: each new version is
    // indexed as its item's target (0016), nothing of the index written. Beside it, interleaved,
    // every description changed: every item's rows dropped and written again (before 0016, what
    // an unchanged resubmission cost too).
    const resub = { same: [] as number[], changed: [] as number[] };
    const resubSql = { same: [] as string[], changed: [] as string[] };
    const written = { same: 0, changed: 0 };
    for (let i = 0; i < 3; i++) {
      for (const way of ['same', 'changed'] as const) {
        const { json } = await w.call('POST', '/__bench/resubmit', { rows: 10_000, unit: `重报${way}${i}`, changed: way === 'changed' });
        resub[way].push(json.ms!);
        resubSql[way].push(json.sql!.join('/'));
        written[way] = json.written!;
      }
    }
    report('… a resubmission of it, descriptions unchanged (index kept: 0016)', median(resub.same), 1000,
      `median of 3, load ${loadavg()}, timed in the Worker around the batch; ${written.same.toLocaleString('en')} rows written (D1's count: what it bills); SQLite per statement: ${resubSql.same[resub.same.indexOf(median(resub.same))]}`);
    report('… the same, every description changed (index rows dropped and written again; every resubmission before 0016)', median(resub.changed), undefined,
      `interleaved, median of 3; ${written.changed.toLocaleString('en')} rows written; SQLite per statement: ${resubSql.changed[resub.changed.indexOf(median(resub.changed))]}; ${(median(resub.changed) / median(resub.same)).toFixed(2)}× unchanged`);
    perRow = (await w.call('POST', '/__bench/store', { mode: 'per-row', rows: 10_000, unit: '逐行' })).json.ms!;
    report('store 10,000 items: per-row INSERTs (naive)', perRow, undefined, `${(perRow / median(batched)).toFixed(0)}× the batched time`);
    headline('worker-store-10k-index', {
      figure: `${median(indexed)} ms (median of 5, its runs ${Math.min(...indexed)}–${Math.max(...indexed)} ms): postings, prefixes and whole sets written in the same batch`,
      baseline: `the plain store above: ${median(batched)} ms`,
      target: verdict(median(indexed) < 1000, '< 1 s'),
    });
    headline('worker-resubmit-10k', {
      figure: `${median(resub.same)} ms (median of 3; ${written.same.toLocaleString('en')} rows written as D1 counts them): its index rows kept (0016)`,
      baseline: `every description changed (index rows dropped and written again, what every resubmission cost before 0016), interleaved: ${median(resub.changed)} ms, ${written.changed.toLocaleString('en')} rows written`,
      target: verdict(median(resub.same) < 1000, '< 1 s'),
    });
    }
    const perRowBaseline = perRow === undefined ? '' : `per-row INSERTs (naive): ${(perRow / 1000).toFixed(1)} s (${(perRow / median(batched)).toFixed(0)}×); `;
    headline('worker-store-10k', {
      figure: `${median(batched)} ms (median of ${runs}, timed in the Worker; SQLite ${median(ways.batched.sql)} ms): one batch, \`json_each\` chunks`,
      baseline: `${perRowBaseline}each item's JSON whole (before 0009), interleaved: ${median(whole)} ms`,
      target: verdict(median(batched) < 1000, '< 1 s'),
    });
    }

    if (want('e2e')) {
    // End to end, as the add-in does it: 10,000 rows as grids, re-checked, stored, answered.
    await w.call('POST', '/__bench/reset', {});
    const { json: t } = await w.call('POST', '/__bench/token', { unit: '第1乡镇' });
    const body = JSON.stringify({ file: 'bench.xlsx', sheets: [aggregateGrid(10_000, 1, 3)] });
    const e2e: number[] = [];
    for (let i = 0; i < 3; i++) e2e.push((await w.call('POST', '/api/v1/submissions', body, t.token)).ms);
    report('POST a 10,000-row ledger (parse, check, store, report)', median(e2e), undefined, `${(body.length / 1e6).toFixed(1)} MB of JSON, median of 3, load ${loadavg()}`);
    // One more, traced: where its time goes (each D1 round trip's gap holds the CPU work before it).
    const traced = await tracedPost(w, body, t.token!);
    console.log(`    phases of one more, traced (ms): ${phasesOf(traced.trace)}`);
    if (process.env.BENCH_TRACE_E2E === '1') {
      for (let k = 1; k < traced.trace.length; k++) {
        const e = traced.trace[k]!;
        console.log(`    +${String(e.at - traced.trace[k - 1]!.at).padStart(4)} ms ${e.kind.padEnd(9)} ${JSON.stringify(e.sqlMs ?? '').slice(0, 60)} ${e.sql.slice(0, 70)}`);
      }
    }
    // After the traced one, so the figures above stay comparable with earlier runs.
    await compressedPosts(w, body, t.token!);
    }

    if (want('aggregate')) {
    // A county aggregate (SPEC 12.1): 5,000 rows of 20 units split into 20 submissions in one batch,
    // against the same rows sent as 20 separate unit ledgers.
    await w.call('POST', '/__bench/reset', {});
    for (let u = 1; u <= 20; u++) await w.call('POST', '/__bench/token', { unit: `第${u}乡镇` });
    const { json: office } = await w.call('POST', '/__bench/token', { unit: '县委巡察办', role: 'county' });
    const whole = JSON.stringify({ file: 'aggregate.xlsx', sheets: [aggregateGrid(5_000, 20, 7)] });
    const split = await w.call('POST', '/api/v1/submissions', whole, office.token);
    report('POST a 5,000-row county aggregate (20 units, one batch)', split.ms, undefined, `${(split.json as { submissions?: unknown[] }).submissions?.length} submissions`);
    let apart = 0;
    for (let u = 1; u <= 20; u++) {
      const one = JSON.stringify({ file: 'unit.xlsx', unit: `第${u}乡镇`, confirmUnit: true, sheets: [aggregateGrid(250, 1, 100 + u)] });
      apart += (await w.call('POST', '/api/v1/submissions', one, office.token)).ms;
    }
    report('… the same 5,000 rows as 20 unit submissions (naive)', apart, undefined, `${(apart / split.ms).toFixed(1)}× the split`);
    }

    if (want('trace')) {
    // One 60-row submission into the county already stored (BENCH_DB_DIR), or into a county of
    // BENCH_TRACE_UNITS × 1,000 items seeded first: its D1 round trips in order.
    const seedUnits = Number(process.env.BENCH_TRACE_UNITS ?? 0);
    if (seedUnits > 0) await w.call('POST', '/__bench/reset', {});
    for (let u = 0; u < seedUnits; u++) await w.call('POST', '/__bench/seed', { unit: `第${u + 1}乡镇`, items: 1000, seed: u + 1 });
    // BENCH_TRACE_ROWS: a ledger of that many rows instead of 60; BENCH_TRACE_SEED: its generator's seed (101).
    const small = JSON.stringify({ file: 'late.xlsx', sheets: [aggregateGrid(Number(process.env.BENCH_TRACE_ROWS ?? 60), 1, Number(process.env.BENCH_TRACE_SEED ?? 101))] });
    // BENCH_TRACE_GET=path: that GET traced instead, with a county token (e.g. a page of /api/v1/items).
    const get = process.env.BENCH_TRACE_GET;
    if (get) {
      const { json: c } = await w.call('POST', '/__bench/token', { unit: '', role: 'county' });
      for (let i = 0; i < Number(process.env.BENCH_TRACE_RUNS ?? 3); i++) {
        const r = await w.call('GET', get, undefined, c.token!, { 'x-bench-trace': '1' });
        const { trace } = (await w.call('GET', '/__bench/last-trace')).json as unknown as { trace: Trace };
        // A bench route records no trace: its answer is printed instead.
        if (!trace.length) {
          console.log(`  GET ${get}: ${r.ms.toFixed(0)} ms at the client, ${JSON.stringify(r.json).slice(0, 200)}`);
          continue;
        }
        console.log(`  traced GET ${get}: ${r.ms.toFixed(0)} ms at the client, ${trace.at(-1)!.at - trace[0]!.at} ms in the Worker`);
        for (let k = 1; k < trace.length; k++) {
          const e = trace[k]!;
          console.log(`    +${String(e.at - trace[k - 1]!.at).padStart(4)} ms ${e.kind.padEnd(9)} ${JSON.stringify(e.sqlMs ?? '')} ${e.sql.slice(0, 70)}`);
        }
      }
    }
    const traces: Trace[] = [];
    for (let i = 0; i < (get ? 0 : Number(process.env.BENCH_TRACE_RUNS ?? 3)); i++) {
      const { json: t } = await w.call('POST', '/__bench/token', { unit: `追踪${crypto.randomUUID().slice(0, 8)}乡` });
      let traced;
      try {
        traced = await tracedPost(w, small, t.token!);
      } catch (err) {
        const { trace } = (await w.call('GET', '/__bench/last-trace')).json as unknown as { trace: Trace };
        const failed = trace.find((e) => e.kind === 'failed');
        if (failed && process.env.BENCH_TRACE_DUMP) (await import('node:fs')).writeFileSync(process.env.BENCH_TRACE_DUMP, JSON.stringify(failed.args));
        throw err;
      }
      const { ms, trace } = traced;
      traces.push(trace);
      console.log(`  traced POST: ${ms.toFixed(0)} ms at the client, ${trace.at(-1)!.at - trace[0]!.at} ms in the Worker: ${phasesOf(trace)}`);
      if (process.env.BENCH_TRACE_DETAIL === '0') continue;
      for (let k = 1; k < trace.length; k++) {
        const e = trace[k]!;
        console.log(`    +${String(e.at - trace[k - 1]!.at).padStart(4)} ms ${e.kind.padEnd(9)} ${JSON.stringify(e.sqlMs ?? '')} ${e.sql.slice(0, 70)}`);
      }
    }
    if (traces.length) {
      console.log(`  medians of ${traces.length} (ms): ${medianPhases(traces)}; load ${loadavg()}`);
      // BENCH_PROBE_DUMP=file: the last submission's whole trace, its statements' arguments too (to replay the probe's steps).
      if (process.env.BENCH_PROBE_DUMP) (await import('node:fs')).writeFileSync(process.env.BENCH_PROBE_DUMP, JSON.stringify(traces.at(-1)!));
      // BENCH_TRACE_DUMP=file: the last store batch's statements and arguments, to replay with the sqlite3 CLI.
      if (process.env.BENCH_TRACE_DUMP) (await import('node:fs')).writeFileSync(process.env.BENCH_TRACE_DUMP, JSON.stringify(traces.at(-1)!.find((e) => /^INSERT INTO submissions/.test(e.sql))?.args ?? []));
      const stores = traces.map((t) => (t.find((e) => /^INSERT INTO submissions/.test(e.sql))?.sqlMs ?? []) as number[]);
      const per = stores[0]!.map((_, k) => median(stores.map((x) => x[k] ?? 0)));
      console.log(`  the store batch's statements, SQLite's medians (ms): ${per.join('/')} (sum ${per.reduce((a, b) => a + b, 0).toFixed(1)})`);
    }
    }

    if (want('fresh')) {
    // The 60-row POST as a new isolate's first (BENCH_DB_DIR: on a county already stored), then a
    // second: the Worker started again before each pair, a GET /health first so the isolate's
    // start is not counted. Its JS is cold along the POST's path, and so is D1's page cache as
    // wrangler's restart leaves it (production's D1 is not restarted with the Worker). Opt-in:
    // not a figure of README's table.
    const small = JSON.stringify({ file: 'late.xlsx', sheets: [aggregateGrid(60, 1, 101)] });
    const tokens: string[] = [];
    for (const u of ['初甲乡', '初乙乡']) tokens.push((await w.call('POST', '/__bench/token', { unit: `${u}${crypto.randomUUID().slice(0, 6)}` })).json.token!);
    for (const t of tokens) await w.call('POST', '/api/v1/submissions', small, t);
    const first: number[] = [];
    const second: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < Number(process.env.BENCH_FRESH_RUNS ?? 5); i++) {
      await w.reload();
      await w.call('GET', '/api/v1/health');
      first.push((await w.call('POST', '/api/v1/submissions', small, tokens[i % 2])).ms);
      second.push((await w.call('POST', '/api/v1/submissions', small, tokens[(i + 1) % 2])).ms);
      for (let k = 0; k < 8; k++) warm.push((await w.call('POST', '/api/v1/submissions', small, tokens[k % 2])).ms);
    }
    const f = (xs: number[]) => `${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join('/')})`;
    console.log(`  a new isolate's first 60-row POST ${f(first)}; its second ${f(second)}; its third to tenth, median ${median(warm).toFixed(0)} ms; load ${loadavg()}`);
    }

    if (want('probe-ways')) {
    // The probe's statement on the county already stored (BENCH_DB_DIR), beside others, interleaved.
    // BENCH_PROBE_VARIANTS: a JSON file of more statements to try on the same input ({ name: sql }).
    const more = process.env.BENCH_PROBE_VARIANTS ? JSON.parse((await import('node:fs')).readFileSync(process.env.BENCH_PROBE_VARIANTS, 'utf8')) as Record<string, string> : {};
    const small = JSON.stringify({ file: 'late.xlsx', sheets: [aggregateGrid(60, 1, 101)] });
    const { json: t } = await w.call('POST', '/__bench/token', { unit: `探针${crypto.randomUUID().slice(0, 8)}乡` });
    const { ms, rows } = await probeWays(w, (await tracedPost(w, small, t.token!)).trace, more, 7);
    for (const name of Object.keys(ms)) console.log(`  probe SQL ${name}: median ${ms[name]!.toFixed(1)} ms (${rows[name]} rows)`);
    }

    if (want('probe-steps')) {
    // The probe of a 60-row ledger on the county already stored (BENCH_DB_DIR), step by step, with
    // the whole sets kept (near-set-cache.ts) cold, warm after other ledgers' probes, and without
    // the cache (the way before), interleaved; each with the survivors' sketches (0013) and
    // without them (every survivor's set read: the way before 0013).
    const runs = Number(process.env.BENCH_PROBE_RUNS ?? 5);
    const rows: Record<string, ProbeSteps[]> = {};
    for (let i = 0; i < runs; i++) {
      for (const [name, r] of Object.entries(await cacheWays(w, 101, warmSeeds(i)))) (rows[`${name}, sketches`] ??= []).push(r);
      for (const [name, r] of Object.entries(await cacheWays(w, 101, warmSeeds(i), { sketches: false }))) (rows[`${name}, no sketches`] ??= []).push(r);
    }
    for (const [name, rs] of Object.entries(rows)) console.log(`  ${describeSteps(name, rs)}`);
    console.log(`  load ${loadavg()}`);
    }

    if (want('probe-compare')) {
    // The probe of a 60-row ledger on the county already stored (BENCH_DB_DIR), interleaved, each
    // with its workerd CPU time: none (the request without a probe), the hits counted per item, with
    // 0008's prefix checks alone, and the shared lookups.
    // Each without the whole-set cache (as it was), but 'hits-kept-cold' (the cache emptied first).
    const ways: Record<string, { way?: string; wholeSets?: boolean; probe?: boolean; setsAtOnce?: boolean; cache?: 'off' | 'cold' }> = {
      none: { probe: false }, hits: { way: 'hits', cache: 'off' }, 'hits-kept-cold': { way: 'hits', cache: 'cold' }, 'hits-sets-at-once': { way: 'hits', setsAtOnce: true, cache: 'off' },
      'hits-prefix': { way: 'hits', wholeSets: false, cache: 'off' }, shared: { way: 'shared', cache: 'off' },
    };
    const ms: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
    const offered: Record<string, string> = {};
    const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
    const sql: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
    for (let i = 0; i < Number(process.env.BENCH_PROBE_RUNS ?? 7); i++) {
      for (const [way, options] of Object.entries(ways)) {
        const cpu0 = workerdCpuMs();
        const r = (await w.call('POST', '/__bench/probe', { rows: 60, seed: 101, only: true, ...options })).json as { ms: number; offered: number; pairs: number; statementMs: number; rounds: string[] };
        const cpu1 = workerdCpuMs();
        ms[way]!.push(r.ms);
        cpu[way]!.push(cpu0 === null || cpu1 === null ? NaN : cpu1 - cpu0);
        sql[way]!.push(r.statementMs);
        offered[way] = `${r.pairs} pairs checked, ${r.offered} candidates, statement ${r.statementMs.toFixed(1)} ms, rounds ${r.rounds.join(' ')}`;
      }
    }
    for (const [way, xs] of Object.entries(ms)) console.log(`  probe ${way}: median ${median(xs)} ms (${xs.join('/')}), workerd CPU ${median(cpu[way]!).toFixed(0)} ms, statements ${median(sql[way]!).toFixed(1)} ms; last: ${offered[way]}`);
    }

    if (want('near')) {
    // A 60-row ledger into a county of 1,000, 10,000 and 100,000 stored items (issue 13): the
    // index probe against the old way (every other unit's description loaded and searched),
    // measured in the same run; the county grows by seeding through the same batch path.
    // A unit's whole ledger of 10,000 rows, first into an empty county (what its own items cost);
    // into the county of 100,000 at the end of this phase. Its seed is none of the county's units'.
    await w.call('POST', '/__bench/reset', {});
    const whole = JSON.stringify({ file: 'whole.xlsx', sheets: [aggregateGrid(10_000, 1, 777)] });
    const largeEmpty = (await w.call('POST', '/api/v1/submissions', whole, (await w.call('POST', '/__bench/token', { unit: '大户乡' })).json.token)).ms;
    await w.call('POST', '/__bench/reset', {});
    const small = JSON.stringify({ file: 'late.xlsx', sheets: [aggregateGrid(60, 1, 101)] });
    // One row (issue 13 found 3.9–4.5 s for one row when other units held 20,000), sent by a unit
    // of its own, which replaces its one item each time; a seed of its own, so the 60-row ledger
    // meets no copy of it.
    const oneRow = JSON.stringify({ file: 'one.xlsx', sheets: [aggregateGrid(1, 1, 303)] });
    const { json: alone } = await w.call('POST', '/__bench/token', { unit: '空县乡' });
    const emptyRuns: number[] = [];
    for (let i = 0; i < 3; i++) emptyRuns.push((await w.call('POST', '/api/v1/submissions', small, alone.token)).ms);
    const empty = median(emptyRuns);
    report('POST a 60-row ledger into an empty county', empty, undefined, 'median of 3: parse, check, store, no candidates');
    await w.call('POST', '/__bench/reset', {});
    const seeded = performance.now();
    let seededUnits = 0;
    // Two late units send the ledger in turn, each replacing its own previous version: the county
    // holds its 60 copies twice, whatever the number of posts (a new unit each time, as until
    // 0010, left 54 more comparable copies per post: 650 of the 1,098 candidates at 100,000).
    const late: string[] = [];
    let turn = 0;
    let single = '';
    const oneRowBySize: number[] = [];
    const flat: [label: string, post: number, hits: number, hitsSql: number, warmPost: number, hitsNoCache: number, plainPost: number, plainWarm: number, hitsNoSketch: number][] = [];
    const storeFlat: [label: string, recent: number, main: number, recentPostings: number, mainPostings: number][] = [];
    const oldBySize: number[] = [];
    // Each way's POSTs per county size: the ratio of two medians of a few ms' noise each moved by
    // 0.1–0.2 between runs with five; seven steady it a little for ~20 s more.
    const POSTS = 7;
    // Three each way say the count of round trips.
    const REMOTE_POSTS = 3;
    const remoteBySize: { ms: number; inTurn: number; calls: number; oneByOne: number }[] = [];
    for (const size of [1_000, 10_000, 100_000]) {
      for (; seededUnits < size / 1000; seededUnits++) await w.call('POST', '/__bench/seed', { unit: `第${seededUnits + 1}乡镇`, items: 1000, seed: seededUnits + 1 });
      // The seeded county's recent postings merged, as the nightly job leaves it (0012): its cost.
      const merge = (await w.call('POST', '/__bench/merge', {})).json as unknown as { ms: number; merged: number };
      if (!late.length) {
        for (const unit of ['晚报甲乡', '晚报乙乡']) {
          const token = ((await w.call('POST', '/__bench/token', { unit })).json.token)!;
          late.push(token);
          await w.call('POST', '/api/v1/submissions', small, token);
        }
        single = ((await w.call('POST', '/__bench/token', { unit: '单行乡' })).json.token)!;
        await w.call('POST', '/api/v1/submissions', oneRow, single);
      }
      const posts: number[] = [];
      const onePosts: number[] = [];
      const warmPosts: number[] = [];
      // The same two without the survivors' sketches (0013): every survivor's whole set read, the way before.
      const plainPosts: number[] = [];
      const plainWarmPosts: number[] = [];
      const old: number[] = [];
      let found = 0;
      let loadMs = 0;
      let oldFound = 0;
      let held = '';
      for (let i = 0; i < POSTS; i++) {
        // Interleaved: the index way end to end (the late units in turn) from a cold isolate (its
        // whole-set cache emptied: near-set-cache.ts), then warm after other ledgers' probes (never
        // this ledger: its sets would all be held), then the old search alone.
        await w.call('POST', '/__bench/near-cache', { clear: true });
        const r = await w.call('POST', '/api/v1/submissions', small, late[turn++ % 2]);
        posts.push(r.ms);
        const stats = (await w.call('POST', '/__bench/near-cache', { clear: true, warm: warmSeeds(i) })).json as unknown as { versions: number; seqs: number };
        warmPosts.push((await w.call('POST', '/api/v1/submissions', small, late[turn++ % 2])).ms);
        // Then both without sketches (the isolate's switch; other ledgers' probes warm it the same way).
        await w.call('POST', '/__bench/near-cache', { clear: true, sketches: false });
        plainPosts.push((await w.call('POST', '/api/v1/submissions', small, late[turn++ % 2])).ms);
        await w.call('POST', '/__bench/near-cache', { clear: true, warm: warmSeeds(i) });
        plainWarmPosts.push((await w.call('POST', '/api/v1/submissions', small, late[turn++ % 2])).ms);
        await w.call('POST', '/__bench/near-cache', { sketches: true });
        held = `${stats.versions.toLocaleString('en')} sets (${stats.seqs.toLocaleString('en')} seqs) held after ${warmSeeds(i).length} other ledgers`;
        // A unit token sees no other unit's places (crossUnit is redacted): count its own items flagged.
        found = (r.json as { report?: { units?: { nearDuplicates?: number }[] } }).report?.units?.reduce((n, u) => n + (u.nearDuplicates ?? 0), 0) ?? 0;
        await w.call('POST', '/__bench/near-cache', { clear: true });
        onePosts.push((await w.call('POST', '/api/v1/submissions', oneRow, single)).ms);
        const o = await w.call('POST', '/__bench/old-search', { rows: 60, seed: 101 });
        old.push(o.ms);
        loadMs = (o.json as { loadMs: number }).loadMs;
        oldFound = (o.json as { found: number }).found;
      }
      // The same POST against D1 as a deployed Worker meets it (remote-d1.ts): each call REMOTE_MS
      // away, calls made at once waiting at once; beside it the naive way, each call after the one
      // before. Cold, the late units in turn, interleaved.
      const remote: { ms: number; calls: number; inTurn: number }[] = [];
      const oneByOne: { ms: number; calls: number }[] = [];
      for (let i = 0; i < REMOTE_POSTS; i++) {
        for (const way of ['', ',one-at-a-time']) {
          await w.call('POST', '/__bench/near-cache', { clear: true });
          const r = await w.call('POST', '/api/v1/submissions', small, late[turn++ % 2], { 'x-bench-remote': `${REMOTE_MS}${way}` });
          const calls = (await w.call('GET', '/__bench/last-remote')).json as unknown as { calls: number; inTurn: number };
          (way ? oneByOne : remote).push({ ms: r.ms, ...calls });
        }
      }
      remoteBySize.push({ ms: median(remote.map((x) => x.ms)), inTurn: median(remote.map((x) => x.inTurn)), calls: median(remote.map((x) => x.calls)), oneByOne: median(oneByOne.map((x) => x.ms)) });
      report(`… the same, D1 ${REMOTE_MS} ms away (cold isolate)`, remoteBySize.at(-1)!.ms, undefined,
        `median of ${REMOTE_POSTS}; ${remoteBySize.at(-1)!.inTurn} round trips in turn of ${remoteBySize.at(-1)!.calls} calls; each call after the one before: ${remoteBySize.at(-1)!.oneByOne.toFixed(0)} ms`);
      // One more, traced (not in the median): its phases, and its probe's input to run the statements again.
      await w.call('POST', '/__bench/near-cache', { clear: true }); // traced from a cold isolate too
      const traced = (await tracedPost(w, small, late[turn++ % 2]!)).trace;
      const label = size.toLocaleString('en');
      // The probe and the core's search over what it offers, interleaved (medians of 3): the hits
      // counted in the Worker, and with 0008's prefix checks alone (no whole sets: 0010's worth).
      // Each also once more alone, its workerd CPU time measured from outside (wall time here
      // counts others' load). (The ways before 0017, per pair in SQL, from near_postings alone and a
      // row per lookup, read rows a posting: bench/README.md keeps their runs.)
      type Probe = { ms: number; coreMs: number; lookups: number; reads: number; pairs: number; kept: number; offered: number; found: number; statementMs: number; stages: number[] };
      // And the survivors' prefixes and whole sets read at once (one round trip, more bytes).
      // Every way without the whole-set cache (each the way it was), but 'hits, sets kept (cold)':
      // the cache emptied before each probe; warm ones below (cacheWays).
      const ways = {
        hits: { way: 'hits', cache: 'off' }, 'hits, sets kept (cold)': { way: 'hits', cache: 'cold' },
        'hits, prefix only': { way: 'hits', wholeSets: false, cache: 'off' },
        'hits, sets in one read': { way: 'hits', setsAtOnce: true, cache: 'off' },
        'hits, sets kept (cold), no sketches': { way: 'hits', cache: 'cold', sketches: false },
      } as const;
      type Way = keyof typeof ways;
      const probes = Object.fromEntries(Object.keys(ways).map((k) => [k, [] as Probe[]])) as Record<Way, Probe[]>;
      const cpu = Object.fromEntries(Object.keys(ways).map((k) => [k, [] as number[]])) as Record<Way, number[]>;
      for (let i = 0; i < 3; i++) {
        for (const [way, options] of Object.entries(ways) as [Way, (typeof ways)[Way]][]) {
          probes[way].push((await w.call('POST', '/__bench/probe', { rows: 60, seed: 101, ...options })).json as unknown as Probe);
          const c0 = workerdCpuMs();
          await w.call('POST', '/__bench/probe', { rows: 60, seed: 101, only: true, ...options });
          const c1 = workerdCpuMs();
          cpu[way].push(c0 === null || c1 === null ? NaN : c1 - c0);
        }
      }
      const mid = (way: Way, f: (p: Probe) => number) => median(probes[way].map(f));
      const base = BASELINE[size]!;
      const postMs = median(posts);
      oldBySize.push(median(old));
      const warmMs = median(warmPosts);
      flat.push([label, postMs, mid('hits, sets kept (cold)', (x) => x.ms + x.coreMs), mid('hits', (x) => x.statementMs), warmMs, mid('hits', (x) => x.ms + x.coreMs),
        median(plainPosts), median(plainWarmPosts), mid('hits, sets kept (cold), no sketches', (x) => x.ms + x.coreMs)]);
      report(`POST a 60-row ledger into a county of ${label} items (cold isolate)`, postMs, size === 100_000 ? 300 : undefined,
        `median of ${POSTS}, the whole-set cache emptied before each (13:50, 0008, a new unit each post: ${base.post} ms), index probe; ${found} near-duplicates found (old way: ${oldFound}); empty county ${empty.toFixed(0)} ms; load ${loadavg()}`);
      report(`… the same, warm isolate (after other ledgers, not this one)`, warmMs, size === 100_000 ? 300 : undefined,
        `median of ${POSTS}, interleaved with the cold ones; ${held}`);
      report(`… cold isolate, no sketches (every survivor's set read, as before 0013)`, median(plainPosts), undefined, `median of ${POSTS}, interleaved with the above`);
      report(`… warm isolate, no sketches`, median(plainWarmPosts), undefined, `median of ${POSTS}, interleaved with the above`);
      oneRowBySize.push(median(onePosts));
      report(`POST a 1-row ledger into that county (cold isolate)`, oneRowBySize.at(-1)!, undefined, `median of ${POSTS}, interleaved with the 60-row ones`);
      console.log(`    phases of one more 60-row POST, traced (ms): ${phasesOf(traced)}`);
      console.log(`    its store batch: ${storeBatchOf(traced)}`);
      report(`… old way: load ${label} descriptions + search (naive)`, median(old), undefined, `search alone, without parse/check/store (${loadMs} ms loading)`);
      for (const way of Object.keys(ways) as Way[]) {
        const p = probes[way][0]!;
        report(`… probe + core search (${way})`, mid(way, (x) => x.ms + x.coreMs), undefined,
          `probe ${mid(way, (x) => x.ms)} ms (its postings statement ${mid(way, (x) => x.statementMs).toFixed(1)} ms in SQLite; workerd CPU of the probe alone ${median(cpu[way]).toFixed(0)} ms) + search ${mid(way, (x) => x.coreMs)} ms; `
          + `${p.lookups} lookups, ${p.reads} postings read, ${p.pairs} pairs checked, ${p.offered} candidates for the core, ${p.found} items with a near-duplicate`);
      }
      console.log(`    (13:50, 0008: probe ${base.probe} ms, ${base.reads} postings read, ${base.offered} candidates)`);
      // The probe alone step by step: no cache (the way before it), cold, warm after other ledgers; interleaved.
      const stepRows: Record<string, ProbeSteps[]> = {};
      for (let i = 0; i < 3; i++) for (const [name, r] of Object.entries(await cacheWays(w, 101, warmSeeds(i + POSTS)))) (stepRows[name] ??= []).push(r);
      for (const [name, rs] of Object.entries(stepRows)) console.log(`    ${describeSteps(name, rs)}`);
      // The store batch of a 60-row ledger of a new unit, its postings into the recent table (0012)
      // or straight into the lists (the way before 0012), interleaved; SQLite's time of its postings statements.
      type Store = { ms: number; sqlMs: number; postingsMs: number; recent: number };
      const stores = { recent: [] as Store[], main: [] as Store[] };
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < 5; i++) {
        for (const recent of [true, false]) {
          const unit = `存${size / 1000}k${i}${recent ? '近' : '主'}乡`;
          stores[recent ? 'recent' : 'main'].push((await w.call('POST', '/__bench/store-batch', { rows: 60, unit, seed: 900 + i, recent })).json as unknown as Store);
        }
      }
      const st = (k: 'recent' | 'main', f: (x: Store) => number) => median(stores[k].map(f));
      storeFlat.push([label, st('recent', (x) => x.ms), st('main', (x) => x.ms), st('recent', (x) => x.postingsMs), st('main', (x) => x.postingsMs)]);
      report(`… store batch of a 60-row ledger, postings into the recent table (0012)`, st('recent', (x) => x.ms), undefined,
        `median of 5, interleaved; SQLite ${st('recent', (x) => x.sqlMs).toFixed(1)} ms, its postings ${st('recent', (x) => x.postingsMs).toFixed(1)} ms; ${stores.recent.at(-1)!.recent} recent postings after; `
        + `the seeded county's merge before: ${merge.merged} postings in ${merge.ms} ms; load ${loadavg()} (bench process CPU ${((process.cpuUsage(cpu0).user) / 1000).toFixed(0)} ms)`);
      report(`… the same, postings straight into the lists (the way before 0012, naive)`, st('main', (x) => x.ms), undefined,
        `median of 5, interleaved; SQLite ${st('main', (x) => x.sqlMs).toFixed(1)} ms, its postings ${st('main', (x) => x.postingsMs).toFixed(1)} ms`);
      if (size === 100_000) {
        // The recent table filling up to its bound (RECENT_VERSIONS_MAX: a busy day, no nightly
        // merge yet): the stores near it, and the one past it, which merges in its own batch.
        let before = stores.recent.at(-1)!.recent;
        const full: Store[] = [];
        let tripped: { store: Store; merged: number } | undefined;
        for (let i = 0; i < 80 && !tripped; i++) {
          const r = (await w.call('POST', '/__bench/store-batch', { rows: 60, unit: `满${i}乡`, seed: 950 + i, recent: true })).json as unknown as Store;
          if (r.recent < before) tripped = { store: r, merged: before };
          else if (r.recent >= 12_000) full.push(r);
          before = r.recent;
        }
        const near = full.slice(-8);
        report(`… store batch with the recent table near its bound (${near.length ? near.at(-1)!.recent.toLocaleString('en') : '?'} postings)`, near.length ? median(near.map((x) => x.ms)) : NaN, undefined,
          `median of the last ${near.length}; SQLite ${near.length ? median(near.map((x) => x.sqlMs)).toFixed(1) : '?'} ms, its postings ${near.length ? median(near.map((x) => x.postingsMs)).toFixed(1) : '?'} ms; `
          + (tripped ? `the batch past the bound, merging ${tripped.merged.toLocaleString('en')}+ postings into the lists in its transaction: ${tripped.store.ms} ms (SQLite ${tripped.store.sqlMs.toFixed(0)} ms)` : 'no batch reached the bound')
          + `; load ${loadavg()}`);
      }
    }
    const [small1k, large] = [flat[0]!, flat.at(-1)!];
    const [s1k, s100k] = [storeFlat[0]!, storeFlat.at(-1)!];
    console.log(`  flat store? 60-row store batch ${storeFlat.map(([l, ms]) => `${l}: ${ms.toFixed(0)}`).join(', ')} ms (${(s100k[1] / s1k[1]).toFixed(2)}×), its postings in SQLite ${storeFlat.map((f) => f[3].toFixed(1)).join('/')} ms;`
      + ` straight into the lists (the way before 0012): ${storeFlat.map((f) => f[2].toFixed(0)).join('/')} ms (${(s100k[2] / s1k[2]).toFixed(2)}×), postings ${storeFlat.map((f) => f[4].toFixed(1)).join('/')} ms`);
    console.log(`  flat? 60-row POST, cold isolate ${flat.map(([l, ms]) => `${l}: ${ms.toFixed(0)}`).join(', ')} ms (${(large[1] / small1k[1]).toFixed(2)}× from ${small1k[0]} to ${large[0]}; target ≤ 1.25×; 13:50, 0008: 109/140/261, 2.39×);`
      + ` warm isolate (after other ledgers) ${flat.map((f) => f[4].toFixed(0)).join('/')} ms (${(large[4] / small1k[4]).toFixed(2)}×);`
      + ` without sketches (before 0013, interleaved): cold ${flat.map((f) => f[6].toFixed(0)).join('/')} ms (${(large[6] / small1k[6]).toFixed(2)}×), warm ${flat.map((f) => f[7].toFixed(0)).join('/')} ms (${(large[7] / small1k[7]).toFixed(2)}×);`
      + ` probe + search, sets kept, cold, no sketches ${flat.map((f) => f[8].toFixed(0)).join('/')} ms (${(large[8] / small1k[8]).toFixed(2)}×);`
      + ` probe + search, sets kept, cold ${flat.map(([, , ms]) => ms.toFixed(0)).join('/')} ms (${(large[2] / small1k[2]).toFixed(2)}×; no cache ${flat.map((f) => f[5].toFixed(0)).join('/')} ms, ${(large[5] / small1k[5]).toFixed(2)}×);`
      + ` the postings statement ${flat.map((f) => f[3].toFixed(0)).join('/')} ms`);
    const ratioCold = large[1] / small1k[1];
    const ratioWarm = large[4] / small1k[4];
    headline('worker-post-60', {
      // "Cold": the isolate's set cache emptied first, as a new isolate's is; its JS is warm, as after any earlier request.
      figure: `set cache cold ${flat.map((f) => f[1].toFixed(0)).join(' / ')} ms (${ratioCold.toFixed(2)}×, +${(large[1] - small1k[1]).toFixed(0)} ms), warm ${flat.map((f) => f[4].toFixed(0)).join(' / ')} ms (${ratioWarm.toFixed(2)}×), medians of ${POSTS}; into an empty county ${empty.toFixed(0)} ms; one row, cold ${oneRowBySize.map((x) => x.toFixed(0)).join(' / ')} ms (${(oneRowBySize.at(-1)! / oneRowBySize[0]!).toFixed(2)}×)`,
      baseline: `every other unit's description loaded and searched (the way before the index), the search alone: ${oldBySize.map((x) => x.toFixed(0)).join(' / ')} ms`,
      target: `${verdict(large[1] < 300, '< 300 ms at 100,000')}; ${verdict(ratioCold <= 1.25, 'flat (≤ 1.25× from 1,000 to 100,000, cold)', `${ratioCold.toFixed(2)}×`)}`,
    });
    headline('worker-post-60-remote', {
      figure: `${remoteBySize.map((x) => x.ms.toFixed(0)).join(' / ')} ms, ${remoteBySize.map((x) => x.inTurn).join(' / ')} round trips in turn of ${remoteBySize.map((x) => x.calls).join(' / ')} calls (medians of ${REMOTE_POSTS}, cold)`,
      baseline: `each call after the one before: ${remoteBySize.map((x) => x.oneByOne.toFixed(0)).join(' / ')} ms`,
      target: `none set: what a deployed Worker adds (locally a D1 call costs 1–3 ms)`,
    });
    const seedS = (performance.now() - seeded) / 1000;

    // The county summary over that county of 100 units × 1,000 items (SPEC 11: < 200 ms). Each
    // unit's groups are kept (0014) and counted again when its items change: the first summary
    // after seeding counts all 100 units; then nothing changed (median of 7); then one unit's
    // items replaced before each (what a day of submissions looks like), against the way before
    // (both groupings over every item at each request: /__bench/summary-direct), alternated.
    const { json: county } = await w.call('POST', '/__bench/token', { unit: '县委巡察办', role: 'county' });
    const summaryAt = '/api/v1/summary?asOf=2023-05-29';
    const first = await w.call('GET', summaryAt, undefined, county.token);
    const times: number[] = [];
    const direct: number[] = [];
    let last: Answer['json'] = {};
    for (let i = 0; i < 7; i++) {
      const r = await w.call('GET', summaryAt, undefined, county.token);
      times.push(r.ms);
      last = r.json;
      direct.push((await w.call('GET', '/__bench/summary-direct?asOf=2023-05-29')).ms);
    }
    const afterOne: number[] = [];
    for (let i = 0; i < 5; i++) {
      await w.call('POST', '/__bench/seed', { unit: `第${i + 1}乡镇`, items: 1000, seed: 500 + i });
      afterOne.push((await w.call('GET', summaryAt, undefined, county.token)).ms);
    }
    report('county summary, 100 units × 1,000 items', median(times), 200, `${last.totals?.items} items, median of 7 (seeded with its index in ${seedS.toFixed(0)} s); the way before (every item grouped at each request): ${median(direct).toFixed(0)} ms`);
    report('  … after one unit\'s 1,000 items replaced', median(afterOne), 200, `median of 5; the first after seeding (all 100 units counted): ${first.ms.toFixed(0)} ms`);
    headline('worker-summary', {
      figure: `${median(times).toFixed(0)} ms (median of 7); after one unit's 1,000 items replaced ${median(afterOne).toFixed(0)} ms`,
      baseline: `every item grouped at each request (the way before 0014), interleaved: ${median(direct).toFixed(0)} ms`,
      target: verdict(median(times) < 200 && median(afterOne) < 200, '< 200 ms'),
    });
    const rem = await w.call('GET', '/api/v1/reminders?asOf=2023-05-29', undefined, county.token);
    report('reminders (chase list), same county', rem.ms, undefined, `${rem.json.units?.length} units to chase`);
    // 全县·会诊事项 reads GET /items 5,000 a page in the brief view (the add-in's allBriefItems, at
    // most four pages), each page after the one before's `next`, interleaved with the same pages
    // by offset (the add-in's way before `next`) and the full view by offset (its way before the
    // brief view), each way first in turn: each page's time, the first to the fourth, and the bytes the pane reads.
    const pages = { next: [] as { ms: number; bytes: number }[], offset: [] as { ms: number; bytes: number }[], full: [] as { ms: number; bytes: number }[] };
    let after = '';
    for (const [p, offset] of [0, 5_000, 10_000, 15_000].entries()) {
      // Each way first in turn: the first of the three requests of a page reads what the others find cached.
      const ways = ['next', 'offset', 'full'] as const;
      for (const way of [...ways.slice(p % 3), ...ways.slice(0, p % 3)]) {
        const page = way === 'next' ? (after ? `after=${after}` : '') : `offset=${offset}`;
        const r = await w.call('GET', `/api/v1/items?asOf=2023-05-29&limit=5000&${page}&view=${way === 'full' ? 'full' : 'brief'}`, undefined, county.token);
        if (r.status !== 200 || (r.json as unknown as { items: unknown[] }).items.length !== 5000) throw new Error(`GET /items (${way}) at ${offset}: ${r.status}`);
        if (way === 'next') after = String((r.json as unknown as { next: string }).next);
        pages[way].push({ ms: r.ms, bytes: Buffer.byteLength(JSON.stringify(r.json)) });
      }
    }
    const listed = (p: { ms: number; bytes: number }[]) => `${p.map((x) => x.ms.toFixed(0)).join(' / ')} ms, ${(p[0]!.bytes / 1024 / 1024).toFixed(1)} MB each`;
    headline('worker-items-brief', {
      figure: `the first to the fourth page, each after the one before's \`next\`: ${listed(pages.next)}`,
      baseline: `interleaved: by offset ${listed(pages.offset)}; the full view by offset (the add-in's way before the brief view) ${listed(pages.full)}`,
      target: '—',
    });
    report('GET /items?view=brief, a page of 5,000 of that county (全县·会诊事项 reads four)', median(pages.next.map((p) => p.ms)), undefined,
      `median of the first to the fourth page, each after the page before's next: ${listed(pages.next)}; interleaved, by offset (0 / 5,000 / 10,000 / 15,000, the add-in's way before next): ${listed(pages.offset)}; the full view by offset (its way before the brief view): ${listed(pages.full)} (uncompressed; Cloudflare compresses answers)`);
    // Today's page read whole, in one batch (db/items-page.ts), beside the page read first and
    // then its rows with their remarks by id (as a past date's page is read; before this stop the
    // remarks were a third read, by key), interleaved, each first in turn, medians of 5:
    // locally, and with each D1 call REMOTE_MS away, counting the round trips waited in turn. The
    // full view's page of 50 (the office's list) and the brief view's of 5,000 (全县·会诊事项).
    const pageWays: Record<'full' | 'brief', Record<'whole' | 'before', { local: number[]; remote: number[]; inTurn: number[] }>> = {
      full: { whole: { local: [], remote: [], inTurn: [] }, before: { local: [], remote: [], inTurn: [] } },
      brief: { whole: { local: [], remote: [], inTurn: [] }, before: { local: [], remote: [], inTurn: [] } },
    };
    for (const view of ['full', 'brief'] as const) {
      const path = `/api/v1/items?asOf=2023-05-29&limit=${view === 'full' ? 50 : 5000}&offset=5000&view=${view}`;
      const answers: Record<string, string> = {};
      for (let i = 0; i < 5; i++) {
        for (const way of i % 2 ? (['before', 'whole'] as const) : (['whole', 'before'] as const)) {
          await w.call('POST', '/__bench/items-way', { whole: way === 'whole' });
          const local = await w.call('GET', path, undefined, county.token);
          const remote = await w.call('GET', path, undefined, county.token, { 'x-bench-remote': String(REMOTE_MS) });
          const calls = (await w.call('GET', '/__bench/last-remote')).json as unknown as { inTurn: number };
          if (local.status !== 200 || remote.status !== 200) throw new Error(`GET /items (${view}, ${way}): ${local.status} / ${remote.status}`);
          answers[way] = JSON.stringify(local.json);
          pageWays[view][way].local.push(local.ms);
          pageWays[view][way].remote.push(remote.ms);
          pageWays[view][way].inTurn.push(calls.inTurn);
        }
      }
      if (answers.whole !== answers.before) throw new Error(`GET /items (${view}): the two ways answered differently`);
    }
    await w.call('POST', '/__bench/items-way', { whole: true });
    const pageFigure = (way: 'whole' | 'before') => (['full', 'brief'] as const).map((v) => {
      const x = pageWays[v][way];
      return `${median(x.remote).toFixed(0)} ms (${median(x.inTurn)} round trips in turn; locally ${median(x.local).toFixed(0)} ms)`;
    }).join(' / ');
    report(`GET /items, today's page read whole, D1 ${REMOTE_MS} ms away: 50 full / 5,000 brief`, median(pageWays.full.whole.remote), undefined,
      `${pageFigure('whole')}; the page, then its rows and remarks: ${pageFigure('before')}`);
    headline('worker-items-page-remote', {
      figure: `${pageFigure('whole')}, medians of 5`,
      baseline: `interleaved, the page first, then its rows with their remarks by id (a past date's way): ${pageFigure('before')}`,
      target: '—',
    });
    // GET /items by timeliness: the core's rule once per combination of what it reads, SQL then
    // selecting those items (items-match.ts), beside every item's state read and the rule applied
    // to each (the way before), interleaved, median of 3.
    const byTimeliness = { page: [] as number[], all: [] as number[] };
    let overdueItems = 0;
    for (let i = 0; i < 3; i++) {
      const r = await w.call('GET', '/api/v1/items?asOf=2023-05-29&limit=50&timeliness=overdue', undefined, county.token);
      byTimeliness.page.push(r.ms);
      overdueItems = (r.json as unknown as { total: number }).total;
      byTimeliness.all.push((await w.call('GET', '/__bench/timeliness-filter-all?asOf=2023-05-29&timeliness=overdue')).ms);
    }
    headline('worker-items-timeliness', {
      figure: `${median(byTimeliness.page).toFixed(0)} ms (median of 3; ${overdueItems.toLocaleString('en')} overdue)`,
      baseline: `every item's state read and the rule applied to each (the way before), interleaved: ${median(byTimeliness.all).toFixed(0)} ms for that read alone`,
      target: '—',
    });
    report('GET /items?timeliness=overdue, a page of 50 of that county', median(byTimeliness.page), undefined,
      `${overdueItems} overdue; the way before read every item's state and applied the rule to each: ${median(byTimeliness.all).toFixed(0)} ms for that alone`);
    // The daily job's changes of timeliness (a day when 11,835 items turn overdue, and the day
    // after, when none do) through the combinations, beside reading every item (the way before),
    // interleaved, median of 3; nothing recorded.
    const daily = { turn: [] as number[], turnEvery: [] as number[], calm: [] as number[], calmEvery: [] as number[] };
    let turned = 0;
    for (let i = 0; i < 3; i++) {
      const t = await w.call('GET', '/__bench/timeliness-changes?on=2023-05-29');
      daily.turn.push(t.ms);
      turned = (t.json as unknown as { changed: number }).changed;
      daily.turnEvery.push((await w.call('GET', '/__bench/timeliness-changes?on=2023-05-29&every=1')).ms);
      daily.calm.push((await w.call('GET', '/__bench/timeliness-changes?on=2023-04-24')).ms);
      daily.calmEvery.push((await w.call('GET', '/__bench/timeliness-changes?on=2023-04-24&every=1')).ms);
    }
    headline('worker-daily-job', {
      figure: `a day with no change ${median(daily.calm).toFixed(0)} ms; a day of ${turned.toLocaleString('en')} changes ${median(daily.turn).toFixed(0)} ms (medians of 3, nothing recorded)`,
      baseline: `every item read and decided (the way before), interleaved: ${median(daily.calmEvery).toFixed(0)} / ${median(daily.turnEvery).toFixed(0)} ms`,
      target: '—',
    });
    report('the daily job\'s timeliness changes, that county', median(daily.calm), undefined,
      `a day with no change; every item read (the way before): ${median(daily.calmEvery).toFixed(0)} ms; a day with ${turned} changes: ${median(daily.turn).toFixed(0)} ms against ${median(daily.turnEvery).toFixed(0)} ms`);
    // Views as of a past date: one unit's 1,000 items submitted a day after it (its submission
    // re-dated), so the summary, the reminders and GET /items as of 05-29 read today's state and
    // the items changed since (changed-since.ts), beside every item rebuilt from its versions and
    // events (the way before), interleaved, median of 3.
    await w.call('POST', '/__bench/redate', { unit: '第1乡镇', on: '2023-05-30' });
    const pastWays = { summary: [] as number[], summaryRebuilt: [] as number[], reminders: [] as number[], page: [] as number[], brief: [] as number[], rebuilt: [] as number[] };
    let pastItems = 0;
    for (let i = 0; i < 3; i++) {
      pastWays.summary.push((await w.call('GET', summaryAt, undefined, county.token)).ms);
      pastWays.summaryRebuilt.push((await w.call('GET', '/__bench/summary-rebuilt?asOf=2023-05-29')).ms);
      pastWays.reminders.push((await w.call('GET', '/api/v1/reminders?asOf=2023-05-29', undefined, county.token)).ms);
      pastWays.page.push((await w.call('GET', '/api/v1/items?asOf=2023-05-29&limit=50', undefined, county.token)).ms);
      const brief = await w.call('GET', '/api/v1/items?asOf=2023-05-29&limit=5000&view=brief', undefined, county.token);
      pastWays.brief.push(brief.ms);
      pastItems = (brief.json as unknown as { total: number }).total;
      pastWays.rebuilt.push((await w.call('GET', '/__bench/past-items-rebuilt?asOf=2023-05-29')).ms);
    }
    await w.call('POST', '/__bench/redate', { unit: '第1乡镇', on: '2023-04-24' });
    const rebuiltMs = median(pastWays.rebuilt);
    report('county summary as of a past date (1,000 items changed since)', median(pastWays.summary), 200, `the way before (every item rebuilt): ${median(pastWays.summaryRebuilt).toFixed(0)} ms`);
    report('  … reminders as of that date', median(pastWays.reminders), undefined, `the way before read every item rebuilt first: ${rebuiltMs.toFixed(0)} ms for that read alone`);
    report('  … GET /items as of that date, a page of 50', median(pastWays.page), undefined, `${pastItems} items then; the way before read every item rebuilt first: ${rebuiltMs.toFixed(0)} ms for that read alone`);
    report('  … GET /items?view=brief as of that date, a page of 5,000', median(pastWays.brief), undefined, 'the same read before');
    headline('worker-past-views', {
      figure: `the summary ${median(pastWays.summary).toFixed(0)} ms, reminders ${median(pastWays.reminders).toFixed(0)} ms, \`GET /items\` a page of 50 ${median(pastWays.page).toFixed(0)} ms, a page of 5,000 brief ${median(pastWays.brief).toFixed(0)} ms (medians of 3)`,
      baseline: `every item rebuilt from its versions and events (the way before), interleaved: the summary ${median(pastWays.summaryRebuilt).toFixed(0)} ms; the rebuilt read alone, which the others paid first, ${rebuiltMs.toFixed(0)} ms`,
      target: verdict(median(pastWays.summary) < 200, 'the summary < 200 ms'),
    });
    // Last (it adds 10,000 items): the unit's whole ledger into that county, its probe the large
    // submission's (near-probe.ts probeShared), beside the same ledger into an empty county.
    const { json: big } = await w.call('POST', '/__bench/token', { unit: '大户乡' });
    const cpu0 = workerdCpuMs();
    const into = await w.call('POST', '/api/v1/submissions', whole, big.token);
    const cpu1 = workerdCpuMs();
    const cpu = cpu0 === null || cpu1 === null ? '' : `, workerd CPU ${(cpu1 - cpu0).toFixed(0)} ms`;
    headline('worker-ledger-into-county', {
      figure: `${(into.ms / 1000).toFixed(2)} s${cpu}: checked, stored with its index and answered; its probe reads each shared lookup once`,
      baseline: `the same ledger into an empty county, this run: ${(largeEmpty / 1000).toFixed(2)} s (${(into.ms / largeEmpty).toFixed(2)}×)`,
      target: '—',
    });
    report('POST a 10,000-row ledger into that county', into.ms, undefined,
      `${(into.json as unknown as { report: { crossUnit: unknown[] } }).report.crossUnit.length} cross-unit findings${cpu}; the same ledger into an empty county: ${largeEmpty.toFixed(0)} ms (${(into.ms / largeEmpty).toFixed(2)}×)`);

    }

    // Last, since it may take the Worker down: the naive way with the 220 MB bomb, SheetJS
    // trusting the declared sizes (a crashed Worker is the naive way's answer too).
    if (bomb) {
      try {
        const naive = (await w.call('POST', '/__bench/sheetjs-read', bomb)).json as { ms: number; outcome?: string };
        report('the 220 MB bomb given to SheetJS (naive: trust declared sizes)', naive.ms, undefined, `timed in the Worker, ${naive.outcome}; the 1.6 GB one is not tried`);
        bombNaive = `the 220 MB one given to SheetJS, trusting the declared sizes: ${(naive.ms / 1000).toFixed(2)} s (${naive.outcome})`;
      } catch (e) {
        console.log(`  the 220 MB bomb given to SheetJS (naive): the Worker went down (${e instanceof Error ? e.message : String(e)}) — inflating it all exceeds the Worker's memory`);
        bombNaive = 'the 220 MB one given to SheetJS, trusting the declared sizes: the Worker went down';
      }
    }
    if (bombMs.length) headline('worker-bombs', { figure: `refused with 413, end to end: ${bombMs.join('; ')}`, baseline: bombNaive, target: verdict(bombsMet, '< 1 s') });

  } finally {
    await w.stop();
  }
}
