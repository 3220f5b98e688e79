// Serves the built add-in (dist/addin) at https://localhost:3000 with the Office development
// certificates when they are installed (office-addin-dev-certs), else at http://localhost:3000
// (enough for the browser harness; Excel itself requires https).
// It also serves the harness at /harness.html (the add-in beside a simulated Excel, built from
// excel-sim/ into dist/excel-sim; see scripts/harness-routes.js for the .xlsx endpoints it uses):
// one root for both, so the harness loads the add-in's pages and office.js from its own origin.
//   node scripts/dev-server.js [--port 3000]
import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { homedir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { harnessRoute } from './harness-routes.js';

const dist = resolve(fileURLToPath(new URL('..', import.meta.url)), 'dist');
/** The add-in first (what ships), then the simulated Excel and harness (what only this server adds). */
const roots = [join(dist, 'addin'), join(dist, 'excel-sim')];
// `--port 0` takes any free port (the end-to-end tests do); the line printed names the real one.
const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.PORT || 3000);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.json': 'application/json', '.map': 'application/json', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.xml': 'application/xml' };

async function handle(req, res) {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  // The harness page (harness.html) asks here for ledgers as workbook snapshots.
  if (await harnessRoute(req, res, path)) return;
  for (const root of roots) {
    const file = normalize(join(root, path === '/' ? 'taskpane.html' : path));
    if (!file.startsWith(root)) return send(res, 403, 'forbidden');
    try {
      if (!(await stat(file)).isFile()) continue;
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      return res.end(await readFile(file));
    } catch {
      // not under this root: try the next
    }
  }
  send(res, 404, 'not found');
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

const certDir = join(homedir(), '.office-addin-dev-certs');
const tls = existsSync(join(certDir, 'localhost.crt')) ? { cert: readFileSync(join(certDir, 'localhost.crt')), key: readFileSync(join(certDir, 'localhost.key')) } : null;
const server = tls ? createHttps(tls, handle) : createHttp(handle);
server.listen(port, '127.0.0.1', () => {
  const url = `${tls ? 'https' : 'http'}://localhost:${server.address().port}/`;
  console.log(`add-in served at ${url} from dist/addin and dist/excel-sim${tls ? '' : ' (no Office dev certificate: http only)'}; harness: ${url}harness.html`);
});
