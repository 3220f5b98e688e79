// `npm start`: the whole product on this machine, offline — the county server on local D1 with
// the demo county seeded, and the add-in's dev server with the browser harness — then how to try
// it. Both run in the background; `npm stop` stops them. Logs go to .dev/.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeManifest } from './build-manifest.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dev = join(root, '.dev');
const WORKER_PORT = Number(process.env.WORKER_PORT ?? 8787);
const ADDIN_PORT = Number(process.env.PORT ?? 3000);
mkdirSync(dev, { recursive: true });

// Already running from this folder: say so rather than start a second copy on busy ports.
if (existsSync(join(dev, 'pids.json'))) {
  const running = Object.values(JSON.parse(readFileSync(join(dev, 'pids.json'), 'utf8'))).filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  if (running.length) {
    console.log('整改台账检查 is already running (npm stop first to restart it). Logs: .dev/worker.log, .dev/addin.log');
    process.exit(0);
  }
}

function background(name, command, args) {
  const log = openSync(join(dev, `${name}.log`), 'w');
  const child = spawn(command, args, { cwd: root, detached: true, stdio: ['ignore', log, log], env: { ...process.env, PORT: String(ADDIN_PORT) } });
  child.unref();
  return child.pid;
}

async function waitFor(url, what, logFile) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error(`${what} did not start; its log:\n${readFileSync(join(dev, logFile), 'utf8').slice(-3000)}`);
  process.exit(1);
}

const origins = [`http://localhost:${ADDIN_PORT}`, `https://localhost:${ADDIN_PORT}`, `http://127.0.0.1:${ADDIN_PORT}`].join(',');
const pids = {
  worker: background('worker', process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/dev-worker.ts', '--port', String(WORKER_PORT), '--origins', origins]),
  addin: background('addin', process.execPath, ['scripts/dev-server.js', '--port', String(ADDIN_PORT)]),
};
writeFileSync(join(dev, 'pids.json'), JSON.stringify(pids));

await waitFor(`http://127.0.0.1:${WORKER_PORT}/api/v1/health`, 'The county server', 'worker.log');
await waitFor(`http://127.0.0.1:${ADDIN_PORT}/taskpane.html`, 'The add-in dev server', 'addin.log');
// The seed prints the tokens once, after the server answers; give it a moment to finish.
let log = '';
for (let i = 0; i < 60 && !/Demo county seeded|already seeded/.test(log); i++) {
  await new Promise((r) => setTimeout(r, 500));
  log = readFileSync(join(dev, 'worker.log'), 'utf8');
}
const addinLog = readFileSync(join(dev, 'addin.log'), 'utf8');
// The development manifest for this port (PORT), for sideloading into Excel.
const manifest = writeManifest({ dev: true, port: ADDIN_PORT }).target;
const scheme = addinLog.includes('https://') ? 'https' : 'http';
const tokens = log.slice(log.indexOf('== Demo county seeded')).split('\n\nTry:')[0];

console.log(`
整改台账检查 is running (logs in .dev/, stop with: npm stop)

  County server   http://127.0.0.1:${WORKER_PORT}   (local D1, demo county, county date pinned to 2023-04-24)
  Add-in          ${scheme}://localhost:${ADDIN_PORT}/taskpane.html
  Try it now      ${scheme}://localhost:${ADDIN_PORT}/harness.html   ← the add-in in a browser, on a simulated Excel

${tokens.includes('seeded') ? tokens : 'The demo county was seeded on an earlier start; its tokens were printed then (new ones: npm run admin -- token create --county).'}

In the harness (or Excel), open 设置 in the task pane: server http://127.0.0.1:${WORKER_PORT}, and a token above.

Into real Excel:
  Windows / Mac desktop:  npm run start:desktop   (office-addin-debugging sideloads ${manifest}; needs https,
                          so install the Office dev certificate first: npx office-addin-dev-certs install)
  Excel on the web:       Insert > Add-ins > Upload My Add-in > ${manifest}
`);
