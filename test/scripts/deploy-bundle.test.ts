import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- the build's helpers are plain JavaScript without types
import { copyStatic } from '../../scripts/build.js';

// One `wrangler deploy` ships the add-in's pages and the API (SPEC section 13). The production
// build goes to a folder of its own (dist/addin may hold a development build other tests use),
// and `wrangler deploy --dry-run` bundles it offline exactly as a deploy would, without uploading.
const ROOT = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'ledger-deploy-'));
const pages = join(work, 'pages');
const out = join(work, 'bundle');
let wranglerSaid = '';

/** Cloudflare's published limits: a Worker of 3 MB gzipped (Free plan; 10 MB paid), assets of 25 MiB each, 20,000 files. */
const WORKER_GZIP_LIMIT = 3 * 1024 * 1024;
const ASSET_FILE_LIMIT = 25 * 1024 * 1024;
const ASSET_COUNT_LIMIT = 20_000;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.js', '--production', '--outdir', pages], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`production build failed: ${build.stderr}`);
  const dry = spawnSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', out, '--assets', pages], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CLOUDFLARE_API_TOKEN: '', CLOUDFLARE_ACCOUNT_ID: '' },
  });
  wranglerSaid = `${dry.stdout}\n${dry.stderr}`;
  if (dry.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${wranglerSaid}`);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('wrangler deploy --dry-run, offline', () => {
  it('configures the add-in’s pages as static assets beside the API, /api/* to the Worker first', () => {
    const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
    expect(toml).toMatch(/\[assets\][^[]*directory = "\.\/dist\/addin"/);
    expect(toml).toMatch(/\[assets\][^[]*run_worker_first = \["\/api\/\*"\]/);
    // The API near its database (Smart Placement), the pages still at the edge: only /api/* runs the Worker.
    expect(toml).toMatch(/\[placement\]\s*mode = "smart"/);
    expect(wranglerSaid).toContain('env.ASSETS');
    expect(wranglerSaid).toContain('env.DB');
  });

  it('uploads every page, bundle and icon of the production build', () => {
    const built = files(pages);
    // Wrangler counts the folders it walks (assets/) with the files.
    const folders = new Set(built.map((f) => relative(pages, f).split('/').slice(0, -1).join('/')).filter(Boolean));
    expect(wranglerSaid).toContain(`Read ${built.length + folders.size} files from the assets directory`);
    const names = built.map((f) => relative(pages, f));
    for (const page of ['taskpane.html', 'taskpane.js', 'commands.html', 'commands.js', 'message.html', 'help.html', 'assets/icon-check-32.png', 'version.json']) expect(names).toContain(page);
    expect(names.filter((n) => /harness|simulated-excel|^office\//.test(n))).toEqual([]);
  });

  it('bundles the API: the Worker script has the /api/v1 routes', () => {
    const script = readFileSync(join(out, 'index.js'), 'utf8');
    for (const route of ['"/api/v1"', '"/api/v1/health"', '"/submissions"', '"/me"']) expect(script).toContain(route);
    // The pages are assets, not code: the task pane's markup is not in the script.
    expect(script).not.toContain('taskpane.js');
  });

  it('carries zod’s English messages only, not its 64 locales (each new isolate parses the script)', () => {
    const script = readFileSync(join(out, 'index.js'), 'utf8');
    // wrangler's bundle names each module it holds in a comment: `// node_modules/zod/v4/locales/de.js`.
    const locales = new Set(script.match(/node_modules\/zod\/v4\/locales\/[\w-]+\.js/g)?.map((f) => f.replace(/^.*\//, '')));
    expect(locales.has('en.js')).toBe(true);
    expect([...locales].filter((f) => f !== 'en.js' && f !== 'index.js')).toEqual([]);
  });

  // Each opening of the task pane asked whether taskpane.js and its style had changed (Cloudflare's
  // default: max-age=0, must-revalidate): a round trip on a county's line. The pages name their
  // own scripts and styles by content hash, and only those are served as immutable.
  it('names each page’s own scripts and styles by their content’s hash, and serves exactly those as immutable', () => {
    const pagesHtml = files(pages).filter((f) => f.endsWith('.html'));
    const named = new Set<string>();
    for (const page of pagesHtml) {
      const html = readFileSync(page, 'utf8');
      for (const [, ref] of html.matchAll(/\s(?:src|href)="([^"#:]+\.(?:js|css)(?:\?[^"]*)?)"/g)) {
        const [path, query] = ref!.split('?');
        const file = path!.startsWith('/') ? join(pages, path!) : join(page, '..', path!);
        expect(query, `${relative(pages, page)}: ${ref}`).toBe(`v=${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12)}`);
        named.add(`/${relative(pages, file)}`);
      }
    }
    expect([...named].sort()).toEqual(['/commands.js', '/dashboard.js', '/pages.css', '/reports/bulletin.js', '/taskpane.css', '/taskpane.js']);
    const rules = readFileSync(join(pages, '_headers'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const immutable = rules.flatMap((l, i) => (l.startsWith('/') && rules[i + 1] === '  Cache-Control: public, max-age=31536000, immutable' ? [l] : []));
    expect(immutable.sort()).toEqual([...named].sort());
    expect(rules).toHaveLength(2 * named.size);
  });

  it('a development build after it leaves no _headers behind (its pages name their scripts without ?v=)', async () => {
    const dev = join(work, 'dev', 'addin');
    mkdirSync(dev, { recursive: true });
    writeFileSync(join(dev, '_headers'), readFileSync(join(pages, '_headers')));
    await copyStatic({ outdir: dev });
    expect(existsSync(join(dev, '_headers'))).toBe(false);
    expect(readFileSync(join(dev, 'taskpane.html'), 'utf8')).toContain('<script defer src="taskpane.js"></script>');
  });

  it('stays under the Workers size limits', () => {
    const gzipped = gzipSync(readFileSync(join(out, 'index.js'))).length;
    expect(gzipped).toBeLessThan(WORKER_GZIP_LIMIT);
    const built = files(pages);
    expect(built.length).toBeLessThan(ASSET_COUNT_LIMIT);
    for (const f of built) expect(statSync(f).size, f).toBeLessThan(ASSET_FILE_LIMIT);
  });
});
