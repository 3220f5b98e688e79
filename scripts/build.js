// Builds the bundles: `node scripts/build.js [name…]` (default: all). Run by `npm run build`
// and by `prepare`, so `npx ledger-check` works right after `npm install`.
// Each entry is one bundle; the add-in's bundles join ENTRIES as further entries.
//
// `node scripts/build.js --production [--self-host-office] [--outdir DIR]` builds only what a
// deployment serves (SPEC section 13) into dist/addin (the Worker's static assets): the pages
// load office.js from Microsoft's CDN, or with --self-host-office the packaged copy for networks
// that cannot reach the CDN. Development builds (tests, the harness) keep the packaged copy.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { fillPartials } from './page-partials.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The county office's pages open in whatever browser its PCs have, not in Excel's webview: often
 * 360安全浏览器 13 (a Chromium 86 core) or a 信创 desktop's browser of that age. Their syntax is
 * lowered to that; test/scripts/page-targets.test.ts holds their bundles to it, and to no runtime
 * API newer than it.
 */
const PAGES_TARGET = ['chrome86', 'edge86', 'firefox78', 'safari14'];

/** @type {Record<string, import('esbuild').BuildOptions>} */
export const ENTRIES = {
  // The CLI: Node, CommonJS (bin/ledger-check.js too), so Node never sets up its ES module loader.
  // The entry (one small file: arguments, help, version) answers --version and --help alone; it
  // loads the run bundle (CLI_PARTS below, built with it) only when there are files to check.
  cli: {
    entryPoints: { 'ledger-check': 'cli/main.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    supported: { 'dynamic-import': false }, // import() of a bundled module: a require, no ES module loader
    define: { 'import.meta.url': '__ledger_import_meta_url' },
    banner: { js: 'const __ledger_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
    sourcemap: 'linked',
    // cli/load-run.ts imports ./run.js only when run from source; built, it loads the run bundle.
    plugins: [
      { name: 'run-bundle-apart', setup: (b) => b.onResolve({ filter: /^\.\/run\.js$/ }, (a) => (a.importer.endsWith('load-run.ts') ? { path: a.path, external: true } : undefined)) },
      bundleRequire(),
    ],
  },
  // The add-in's task pane and ribbon commands: browser bundles next to their pages.
  taskpane: { entryPoints: ['addin/taskpane/taskpane.ts'], outfile: 'dist/addin/taskpane.js', ...browser() },
  commands: { entryPoints: ['addin/commands/commands.ts'], outfile: 'dist/addin/commands.js', ...browser() },
  // The harness page (harness.html, excel-sim/): the simulated Excel host, the page's own code,
  // and the host's .xlsx reader as a Node module the dev server imports (ExcelJS stays in
  // node_modules). Built to dist/excel-sim/, apart from dist/addin/ (what the Worker ships).
  // Unminified: it is a development tool, and its stack traces are what a gap report shows.
  host: { entryPoints: ['excel-sim/host/browser-entry.ts'], outfile: 'dist/excel-sim/simulated-excel.js', ...browser(), minify: false },
  harness: { entryPoints: ['excel-sim/harness/harness.ts'], outfile: 'dist/excel-sim/harness.js', ...browser() },
  // The county office's pages served by the Worker (static assets): dashboard and bulletin.
  dashboard: { entryPoints: ['pages/dashboard.ts'], outfile: 'dist/addin/dashboard.js', ...browser(), target: PAGES_TARGET },
  bulletin: { entryPoints: ['pages/bulletin.ts'], outfile: 'dist/addin/reports/bulletin.js', ...browser(), target: PAGES_TARGET },
  'harness-snapshot': {
    entryPoints: ['excel-sim/host/xlsx-snapshot.ts'],
    outfile: 'dist/excel-sim/harness-snapshot.js',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
  },
};

/**
 * A CommonJS bundle beside the CLI's entry, named by its content hash (which the entry is built
 * with, so an entry never loads another build's bundle). @returns {import('esbuild').BuildOptions}
 */
function cliPart(/** @type {Record<string, string>} */ entryPoints, /** @type {import('esbuild').BuildOptions} */ extra = {}) {
  return {
    entryPoints, outdir: 'dist', entryNames: 'cli/[name]-[hash]', outExtension: { '.js': '.cjs' },
    platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'linked', ...extra,
  };
}

/**
 * In the CLI's CommonJS bundles, `node:module` is cli/cjs-require.ts: createRequire(import.meta.url)
 * is the bundle's own require, without loading Node's ES module loader. @returns {import('esbuild').Plugin}
 */
function bundleRequire() {
  return { name: 'bundle-require', setup: (b) => b.onResolve({ filter: /^node:module$/ }, () => ({ path: resolve(root, 'cli/cjs-require.ts') })) };
}

/** The CLI's bundles beside its entry, built with it (buildEntry('cli')). @type {Record<string, import('esbuild').BuildOptions>} */
const CLI_PARTS = {
  // What checks the files (cli/run.ts: the reader, the core, numfmt), as CommonJS like the entry
  // (each import() becomes a require of the bundled module: no ES module loader). ExcelJS stays
  // in node_modules, loaded only to write --out copies.
  run: cliPart({ run: 'cli/run.ts' }, {
    supported: { 'dynamic-import': false },
    external: ['exceljs', 'exceljs/*'],
    define: { 'import.meta.url': '__ledger_import_meta_url' },
    banner: { js: 'const __ledger_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  }),
  // Campaign files and the server's campaign (cli/campaign-file.ts) are validated with zod: a bundle
  // of their own, which the run bundle requires only for --campaign or --server.
  campaign: cliPart({ 'campaign-file': 'cli/campaign-file.ts' }),
  // numfmt (half the run bundle's source) formats only numbers shared/xlsx/date-text.ts cannot: a bundle of
  // its own, so a run whose cells need none does not compile it (about 6 ms of every run).
  numfmt: cliPart({ numfmt: './node_modules/numfmt/dist/index.js' }),
};


/** @returns {import('esbuild').BuildOptions} */
function browser() {
  return { platform: 'browser', format: 'iife', target: ['chrome100', 'edge100', 'safari15'], minify: true, sourcemap: 'linked', legalComments: 'none' };
}

/** The add-in's pages, styles, icons and Microsoft's office.js, served beside the bundles; the
 * harness page and its style (dist/excel-sim/, served at the same root by the dev server). */
const STATIC = [
  ['addin/taskpane/taskpane.html', 'dist/addin/taskpane.html'],
  ['addin/taskpane/taskpane.css', 'dist/addin/taskpane.css'],
  ['addin/commands/commands.html', 'dist/addin/commands.html'],
  ['addin/commands/message.html', 'dist/addin/message.html'],
  ['addin/help.html', 'dist/addin/help.html'],
  ['addin/assets', 'dist/addin/assets'],
  ['excel-sim/harness/harness.html', 'dist/excel-sim/harness.html'],
  ['excel-sim/harness/harness.css', 'dist/excel-sim/harness.css'],
  ['pages/dashboard.html', 'dist/addin/dashboard.html'],
  ['pages/reports/bulletin.html', 'dist/addin/reports/bulletin.html'],
  ['pages/pages.css', 'dist/addin/pages.css'],
];
/** Of office.js's files: the loader, Excel's host scripts, the Chinese and English strings, and
 * the telemetry module office.js loads at start (a 404 there is a console error in every page). */
const OFFICE = 'node_modules/@microsoft/office-js/dist';
const officeFile = (name) => /^(office|excel-[a-z0-9-.]+)\.(debug\.)?js$/.test(name) || /^(zh-cn|en-us|telemetry)$/.test(name);

/** Microsoft's CDN copy of office.js, which production pages load (Microsoft requires it). */
export const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
/** Development tools that a deployment does not serve (matched on the built file's name). */
const DEV_ONLY = /harness|simulated-excel/;
const ADDIN_DIR = 'dist/addin';

/**
 * Copies the pages, icons and (unless the pages load it from the CDN) office.js into `outdir`.
 * @param {{ outdir?: string, production?: boolean, officeFromCdn?: boolean }} [how]
 */
export async function copyStatic({ outdir = ADDIN_DIR, production = false, officeFromCdn = false } = {}) {
  // A development build's pages name their scripts without ?v=: a production build's _headers
  // left in the folder would have a browser keep them for a year (fingerprint).
  if (!production) await rm(resolve(root, outdir, '_headers'), { force: true });
  for (const [from, to] of STATIC) {
    if (production && (!to.startsWith(`${ADDIN_DIR}/`) || DEV_ONLY.test(to))) continue;
    const target = resolve(root, outdir, relative(ADDIN_DIR, to));
    await cp(resolve(root, from), target, { recursive: true });
    // The county office's pages get their shared head and sign-in form (pages/partials/).
    if (from.startsWith('pages/') && from.endsWith('.html')) await writeFile(target, fillPartials(await readFile(target, 'utf8'), resolve(root, 'pages/partials')));
    if (officeFromCdn && to.endsWith('.html')) {
      const html = await readFile(target, 'utf8');
      await writeFile(target, html.replaceAll('src="office/office.js"', `src="${OFFICE_CDN}"`));
    }
  }
  if (!officeFromCdn) {
    for (const name of (await readdir(resolve(root, OFFICE))).filter(officeFile)) {
      await cp(resolve(root, OFFICE, name), resolve(root, outdir, 'office', name), { recursive: true });
    }
  }
  await writeFile(resolve(root, outdir, 'version.json'), `${JSON.stringify({ version: buildVersion(), office: officeFromCdn ? OFFICE_CDN : 'office/office.js' })}\n`);
}

/** `git describe` of this clone (tag, commits since, dirty), or the package version outside git. */
export function buildVersion() {
  try {
    return execFileSync('git', ['describe', '--tags', '--always', '--dirty'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).version;
  }
}

/**
 * The deployment's build: the add-in's own bundles and pages only (no harness), into an emptied
 * `outdir`, so nothing left from a development build is deployed.
 * @param {{ outdir?: string, selfHostOffice?: boolean }} [how]
 */
export async function buildProduction({ outdir = ADDIN_DIR, selfHostOffice = false } = {}) {
  // Emptied first, so a folder that holds more than a build is refused.
  const target = resolve(root, outdir);
  if (root.startsWith(target) || ['dist', 'addin', 'worker', 'shared'].some((d) => target === resolve(root, d))) {
    throw new Error(`--outdir ${outdir} 会被清空，请换一个专用文件夹 / --outdir ${outdir} would be emptied: give a folder of its own`);
  }
  await rm(target, { recursive: true, force: true });
  for (const [name, options] of Object.entries(ENTRIES)) {
    if (!options.outfile?.startsWith(`${ADDIN_DIR}/`) || DEV_ONLY.test(options.outfile)) continue;
    await buildEntry(name, { outfile: join(outdir, relative(ADDIN_DIR, options.outfile)) });
  }
  await copyStatic({ outdir, production: true, officeFromCdn: !selfHostOffice });
  await fingerprint(target);
}

/** A year: what `immutable` asks of a browser for a URL whose content never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The deployment's own scripts and styles are kept by the browser: each page names them with
 * `?v=` and the first 12 hex digits of their content's SHA-256, and `_headers` (Workers static
 * assets) serves exactly those paths as immutable. Without it Cloudflare's default (max-age=0,
 * must-revalidate) costs every opening of the task pane a round trip to ask whether taskpane.js
 * and its style changed; a county's line to the nearest Cloudflare location can take a few
 * hundred ms. A deployment that changes a file changes its `?v=`, so the pages (revalidated
 * every time, as before) fetch it anew. Microsoft's office.js (self-hosted) loads its own files
 * by their plain names: it keeps the default.
 * @param {string} dir
 */
async function fingerprint(dir) {
  const kept = new Set();
  for (const page of (await files(dir)).filter((f) => f.endsWith('.html'))) {
    const html = await readFile(page, 'utf8');
    const marked = html.replace(/(\s(?:src|href)=")([^"?#:]+\.(?:js|css))"/g, (whole, attr, ref) => {
      const file = ref.startsWith('/') ? join(dir, ref) : resolve(dirname(page), ref);
      const path = `/${relative(dir, file).split('\\').join('/')}`;
      if (path.startsWith('/office/') || path.startsWith('/..')) return whole;
      let content;
      try {
        content = readFileSync(file);
      } catch {
        throw new Error(`${relative(dir, page)} 引用的 ${ref} 不在构建结果中 / names ${ref}, which the build did not make`);
      }
      kept.add(path);
      return `${attr}${ref}?v=${createHash('sha256').update(content).digest('hex').slice(0, 12)}"`;
    });
    if (marked !== html) await writeFile(page, marked);
  }
  const rules = [...kept].sort().map((path) => `${path}\n  Cache-Control: ${IMMUTABLE}\n`);
  await writeFile(join(dir, '_headers'), `# Written by scripts/build.js --production: the pages name these with ?v=<content hash>.\n${rules.join('')}`);
}

/** @param {string} dir @returns {Promise<string[]>} every file under `dir` */
async function files(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)])));
  return nested.flat();
}

/** Builds one entry. Files are written beside their target and renamed, so test runs that
 * build at the same time never see half a bundle. */
export async function buildEntry(name, overrides = {}) {
  const options = ENTRIES[name];
  if (!options) throw new Error(`unknown build entry ${name}; known: ${Object.keys(ENTRIES).join(', ')}`);
  // The CLI's entry names the run bundle it loads, so that one is built first.
  if (name === 'cli') overrides = { define: { ...options.define, __LEDGER_RUN_BUNDLE__: JSON.stringify(await buildCliRun()) }, ...overrides };
  return writeBundle(options, overrides);
}

async function writeBundle(options, overrides = {}) {
  const result = await build({ bundle: true, absWorkingDir: root, write: false, logLevel: 'warning', ...options, ...overrides });
  // Chunks before the entries that import them, so a concurrent run never meets a missing chunk.
  const outdir = overrides.outdir ?? options.outdir ?? '';
  const entryPaths = new Set(Object.keys(options.entryPoints ?? {}).map((k) => resolve(root, outdir, `${k}${options.outExtension?.['.js'] ?? '.js'}`)));
  const ordered = [...result.outputFiles].sort((a, b) => Number(entryPaths.has(a.path)) - Number(entryPaths.has(b.path)));
  for (const file of ordered) {
    await mkdir(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
  }
  return result.outputFiles.map((f) => f.path);
}

/** Builds the CLI's run bundle; returns its path from dist/, and removes the run bundles of other builds. */
async function buildCliRun() {
  const campaign = basename((await writeBundle(CLI_PARTS.campaign)).find((p) => p.endsWith('.cjs')));
  const numfmt = basename((await writeBundle(CLI_PARTS.numfmt)).find((p) => p.endsWith('.cjs')));
  const apart = (/** @type {RegExp} */ filter, /** @type {string} */ file) => ({ name: `${file}-apart`, setup: (/** @type {import('esbuild').PluginBuild} */ b) => b.onResolve({ filter }, () => ({ path: `./${file}`, external: true })) });
  const written = await writeBundle(CLI_PARTS.run, { plugins: [apart(/^\.\/campaign-file\.js$/, campaign), apart(/^numfmt$/, numfmt), bundleRequire()] });
  const bundle = written.find((p) => p.endsWith('.cjs'));
  const dir = dirname(bundle);
  const name = basename(bundle);
  for (const old of await readdir(dir)) {
    // Older builds' bundles and maps, and the chunks of the split ESM layout before them.
    const current = [name, campaign, numfmt].some((n) => old === n || old === `${n}.map`);
    if (!current && /^(run-|campaign-file-|numfmt-|chunk-|dist-|exceljs-grid-)/.test(old) && !old.endsWith('.tmp')) await rm(join(dir, old), { force: true });
  }
  return `./${relative(resolve(root, 'dist'), bundle).split('\\').join('/')}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { values, positionals: names } = parseArgs({
      allowPositionals: true,
      options: { production: { type: 'boolean' }, 'self-host-office': { type: 'boolean' }, outdir: { type: 'string' } },
    });
    if (values.production) {
      await buildProduction({ outdir: values.outdir, selfHostOffice: values['self-host-office'] });
    } else {
      for (const name of names.length ? names : Object.keys(ENTRIES)) await buildEntry(name);
      if (!names.length || names.some((n) => ['taskpane', 'commands', 'host', 'harness', 'dashboard', 'bulletin'].includes(n))) await copyStatic();
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
