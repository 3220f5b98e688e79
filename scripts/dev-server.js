// Serves the built add-in (dist/addin) at https://localhost:3000 with the Office development
// certificates when they are installed (office-addin-dev-certs), else at http://localhost:3000
// (enough for the browser harness; Excel itself requires https).
//   node scripts/dev-server.js [--port 3000]
import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { homedir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)), 'dist/addin');
const port = Number(process.argv[process.argv.indexOf('--port') + 1]) || Number(process.env.PORT) || 3000;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.json': 'application/json', '.map': 'application/json', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.xml': 'application/xml' };

async function handle(req, res) {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  const file = normalize(join(root, path === '/' ? 'taskpane.html' : path));
  if (!file.startsWith(root)) return send(res, 403, 'forbidden');
  try {
    if (!(await stat(file)).isFile()) return send(res, 404, 'not found');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(await readFile(file));
  } catch {
    send(res, 404, 'not found');
  }
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

const certDir = join(homedir(), '.office-addin-dev-certs');
const tls = existsSync(join(certDir, 'localhost.crt')) ? { cert: readFileSync(join(certDir, 'localhost.crt')), key: readFileSync(join(certDir, 'localhost.key')) } : null;
const server = tls ? createHttps(tls, handle) : createHttp(handle);
server.listen(port, '127.0.0.1', () => {
  console.log(`add-in served at ${tls ? 'https' : 'http'}://localhost:${port}/ from dist/addin${tls ? '' : ' (no Office dev certificate: http only)'}`);
});
