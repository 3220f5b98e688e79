// The harness page's server side (dev-server.js mounts it under /harness/): turns .xlsx files
// into workbook snapshots for the simulated Excel host. The browser cannot do it itself: the
// reader is the host's ExcelJS converter (excel-sim/host/xlsx-snapshot.ts), built for Node by
// `node scripts/build.js harness-snapshot` into dist/excel-sim/harness-snapshot.js.
//   GET  /harness/samples          → ["demo-county/agriculture.xlsx", …]
//   GET  /harness/samples/<name>   → { name, snapshot, warnings }
//   POST /harness/snapshot         (body: the .xlsx bytes) → { snapshot, warnings } | 400/413 { error }
import { Buffer } from 'node:buffer';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SAMPLES = join(repo, 'test/fixtures');
const CONVERTER = join(repo, 'dist/excel-sim/harness-snapshot.js');
/** Larger than any real unit ledger (the 5,000-row county aggregate is under 1 MB). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** @type {Promise<{ xlsxToSnapshot(data: Uint8Array): Promise<{ snapshot: unknown; warnings: string[] }> }> | undefined} */
let converter;
/** Converted samples, by name, kept while the file is unchanged (the aggregate takes seconds). */
const cache = new Map();

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The demo county's ledgers first (the newcomer's path), SPEC's three public fixtures, then the other samples. */
async function sampleNames() {
  const xlsx = (names) => names.filter((n) => n.endsWith('.xlsx')).sort();
  const demo = xlsx(await readdir(join(SAMPLES, 'demo-county'))).map((n) => `demo-county/${n}`);
  const spec = xlsx(await readdir(join(SAMPLES, 'spec'))).map((n) => `spec/${n}`);
  return [...demo, ...spec, ...xlsx(await readdir(SAMPLES))];
}

async function convert(bytes) {
  if (!existsSync(CONVERTER)) throw new HttpError(503, '缺少 dist/excel-sim/harness-snapshot.js：请先运行 npm run build。');
  converter ??= import(pathToFileURL(CONVERTER).href);
  // Say plainly what the file is when it is not an .xlsx (a zip): the old .xls format is common.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf) throw new HttpError(400, '这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再打开。');
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new HttpError(400, '不是 .xlsx 文件（Excel 工作簿），无法打开。');
  try {
    return await (await converter).xlsxToSnapshot(bytes);
  } catch (error) {
    throw new HttpError(400, `无法读取该 .xlsx 文件：${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The request body, refused with 413 past the limit: the rest is drained, not kept, so the
 * browser still receives the answer (destroying the socket would show as a network error). */
function readBody(req) {
  return new Promise((ok, fail) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_UPLOAD_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_UPLOAD_BYTES) fail(new HttpError(413, `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，无法打开。`));
      else ok(new Uint8Array(Buffer.concat(chunks)));
    });
    req.on('error', fail);
  });
}

async function sample(name) {
  if (!(await sampleNames()).includes(name)) throw new HttpError(404, `没有名为 ${name} 的示例台账。`);
  const file = join(SAMPLES, name);
  const { mtimeMs } = await stat(file);
  const hit = cache.get(name);
  if (hit?.mtimeMs === mtimeMs) return hit.body;
  const body = JSON.stringify({ name, ...(await convert(new Uint8Array(await readFile(file)))) });
  cache.set(name, { mtimeMs, body });
  return body;
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * Answers a /harness/… request; false when the path is not one of these routes.
 * @example if (await harnessRoute(req, res, path)) return;
 */
export async function harnessRoute(req, res, path) {
  if (!path.startsWith('/harness/')) return false;
  try {
    if (path === '/harness/samples' && req.method === 'GET') json(res, 200, await sampleNames());
    else if (path.startsWith('/harness/samples/') && req.method === 'GET') json(res, 200, await sample(path.slice('/harness/samples/'.length)));
    else if (path === '/harness/snapshot' && req.method === 'POST') json(res, 200, await convert(await readBody(req)));
    else throw new HttpError(404, `没有这个地址：${req.method} ${path}`);
  } catch (error) {
    if (!(error instanceof HttpError)) console.error(error);
    if (!res.headersSent) json(res, error instanceof HttpError ? error.status : 500, { error: error instanceof Error ? error.message : String(error) });
  }
  return true;
}
