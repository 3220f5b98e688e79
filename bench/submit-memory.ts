// One submission of `ROWS` generated rows (and their header row) (WAY=json: as the add-in sends it; WAY=gzip: that JSON
// gzip-compressed, as the add-in sends a large ledger, decoded by the route's middleware; WAY=upload: an .xlsx
// read by shared/xlsx/ as the upload route reads it; WAY=xls: an .xls, read by shared/xls/; WAY=ods: an .ods, read by shared/ods/), checked, stored into real local D1 (wrangler's
// platform proxy) and answered by the Worker's own code, in a process started by bench/memory.ts
// under a heap limit. Prints one JSON line: the process's heap in use before the submission (after
// a GC: node, wrangler's proxy, the body), and the peak seen; both also with the memory outside V8's heap
// (ArrayBuffers: the compressed and the decoded body), which a Worker's 128 MB counts too. BASE_ONLY=1
// stops before submitting. COUNTY=N with SEED_ONLY=1 seeds a county of N items into the folder
// (units of 1,000, bench/county-seed.ts) and stops: the runs after it submit into that county.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import v8 from 'node:v8';
import type { D1Database } from '@cloudflare/workers-types';
import * as XLSX from '@e965/xlsx';
import { getPlatformProxy } from 'wrangler';
import { migrate, ROOT, WRANGLER_ENV } from '../scripts/d1.js';
import { campaignOrDefault } from '../shared/index.js';
import { API_LIMITS, SubmissionRequestSchema } from '../shared/schema/api.js';
import { MAX_SUBMISSION_BYTES } from '../worker/routes/submissions.js';
import { decodeGzip } from '../worker/middleware/request-encoding.js';
import { submit } from '../worker/submit.js';
import { xlsxToWorkbook } from '../worker/xlsx-grid.js';
import { aggregateGrid } from './ledger-gen.js';
import { seedUnit } from './county-seed.js';

Object.assign(process.env, WRANGLER_ENV);
// BEFORE=1: the limits before they were set from this measurement (1,000,000 cells, no row limit).
if (process.env.BEFORE === '1') Object.assign(API_LIMITS, { rowsPerSubmission: Infinity, cellsPerSubmission: 1_000_000 });
const rows = Number(process.env.ROWS ?? 12_000);
const upload = process.env.WAY === 'upload' || process.env.WAY === 'xls' || process.env.WAY === 'ods' || process.env.WAY === 'xlsb';
// WAY=xls: the upload as an Excel 97–2003 workbook (SheetJS's BIFF8), read by shared/xls/;
// WAY=ods: as an OpenDocument spreadsheet (SheetJS's, compressed), read by shared/ods/.
const xls = process.env.WAY === 'xls';
const ods = process.env.WAY === 'ods';
// WAY=xlsb: as an Excel binary workbook (SheetJS's), read by shared/xlsb/.
const xlsb = process.env.WAY === 'xlsb';
const gzip = process.env.WAY === 'gzip';
// The folder bench/memory.ts made (and removes, however this ends); a fresh one when run alone.
const dir = process.env.BENCH_MEMORY_DIR ?? mkdtempSync(join(tmpdir(), 'bench-memory-'));
migrate({ remote: false, persistTo: dir });
const { env, dispose } = await getPlatformProxy<{ DB: D1Database }>({ configPath: join(ROOT, 'wrangler.toml'), persist: { path: join(dir, 'v3') } });
const heap = () => v8.getHeapStatistics().used_heap_size;
// V8's heap and the memory it is told is held outside it (ArrayBuffers' bytes).
const heapAndBuffers = () => {
  const s = v8.getHeapStatistics();
  return s.used_heap_size + s.external_memory;
};
const gc = (globalThis as { gc?: () => void }).gc!;
try {
  const db = env.DB;
  if (process.env.SEED_ONLY === '1') {
    let items = 0;
    for (let u = 0; u < Number(process.env.COUNTY ?? 0) / 1000; u++) items += await seedUnit(db, `第${u + 1}乡镇`, 1000, u + 1);
    console.log(JSON.stringify({ seeded: items }));
  } else {
    await db.prepare("INSERT OR IGNORE INTO units (name) VALUES ('内存乡')").run();
    const unitId = (await db.prepare("SELECT id FROM units WHERE name = '内存乡'").first<number>('id'))!;
    const token = (await db.prepare("INSERT INTO tokens (token_hash, role, unit_id, label) VALUES (?, 'unit', ?, 'bench') RETURNING id").bind(crypto.randomUUID(), unitId).first<{ id: number }>())!;
    // SEED: the generator's seed (3); with BENCH_MEMORY_DIR a kept county, a seed none of its units has.
    const grid = aggregateGrid(rows, 1, Number(process.env.SEED ?? 3));
    // WIDE=N: N more text columns a row (a wide ledger: 13 more make 12,000 rows hold 300,000 cells).
    const wide = Number(process.env.WIDE ?? 0);
    if (wide) grid.values = grid.values.map((row, r) => [...row, ...Array.from({ length: wide }, (_, c) => (r === 0 ? `备注${c + 1}` : `第${r}行补充说明${c}：已按要求整改`))]);
    let body: string | Uint8Array;
    // BODY_FILE: the workbook as made by the run before (the BASE_ONLY one, without a heap limit):
    // SheetJS's .xls writer alone needs more than the budget for the widest ledgers.
    const made = process.env.BODY_FILE;
    if (upload && made && existsSync(made)) body = new Uint8Array(readFileSync(made));
    else if (upload) {
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(grid.values as unknown[][]), '整改台账');
      body = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: xls ? 'xls' : ods ? 'ods' : xlsb ? 'xlsb' : 'xlsx', compression: true }) as ArrayBuffer);
      if (made) writeFileSync(made, body);
    } else body = JSON.stringify({ file: 'bench.xlsx', sheets: [grid] });
    // What crosses the line compressed; the plain text is dropped before the base is taken.
    if (gzip) body = new Uint8Array(gzipSync(body as string));
    gc();
    const base = heap();
    const baseAll = heapAndBuffers();
    if (process.env.BASE_ONLY === '1') {
      console.log(JSON.stringify({ base, baseAll }));
    } else {
      // Sampled whenever the event loop turns (between the submission's round trips): a floor for the peak.
      let peak = base;
      let peakAll = baseAll;
      const sample = () => {
        peak = Math.max(peak, heap());
        peakAll = Math.max(peakAll, heapAndBuffers());
      };
      const timer = setInterval(sample, 1);
      // The decoded bytes stay referenced to the end: the route's Request is built on them.
      const decoded = gzip ? decodeGzip(body as Uint8Array, MAX_SUBMISSION_BYTES) : undefined;
      const json = decoded ? new TextDecoder().decode(decoded) : body;
      const workbook = typeof json === 'string'
        ? (({ file, sheets }) => ({ file, sheets }))(SubmissionRequestSchema.parse(JSON.parse(json)))
        : await xlsxToWorkbook(json, xls ? 'bench.xls' : ods ? 'bench.ods' : xlsb ? 'bench.xlsb' : 'bench.xlsx');
      const { status, body: answer } = await submit(db, {
        principal: { tokenId: token.id, role: 'unit', unitId, unitName: '内存乡', label: 'bench' }, campaign: campaignOrDefault(), today: '2023-04-24', now: new Date(),
        workbook, unit: undefined, source: upload ? 'upload' : 'json', bodyHash: 'bench', idempotencyKey: null, keySecret: async () => 'bench-secret-bench-secret-bench-secret',
      });
      const text = JSON.stringify(answer);
      sample();
      clearInterval(timer);
      console.log(JSON.stringify({ base, peak, baseAll, peakAll, status, answerBytes: text.length, decodedBytes: decoded?.length, bodyBytes: body.length }));
    }
  }
} finally {
  await dispose();
  if (!process.env.BENCH_MEMORY_DIR) rmSync(dir, { recursive: true, force: true });
}
