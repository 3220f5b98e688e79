// Builds the bundles: `node scripts/build.js [name…]` (default: all). Run by `npm run build`
// and by `prepare`, so `npx ledger-check` works right after `npm install`.
// Each entry is one bundle; the add-in's bundles join ENTRIES as further entries.
import { cp, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** @type {Record<string, import('esbuild').BuildOptions>} */
export const ENTRIES = {
  // The CLI: Node, ESM, dependencies (exceljs, numfmt, zod) loaded from node_modules.
  cli: {
    entryPoints: ['cli/main.ts'],
    outfile: 'dist/ledger-check.js',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
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
  'harness-snapshot': {
    entryPoints: ['excel-sim/host/xlsx-snapshot.ts'],
    outfile: 'dist/excel-sim/harness-snapshot.js',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
  },
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
];
/** Of office.js's files: the loader, Excel's host scripts, the Chinese and English strings, and
 * the telemetry module office.js loads at start (a 404 there is a console error in every page). */
const OFFICE = 'node_modules/@microsoft/office-js/dist';
const officeFile = (name) => /^(office|excel-[a-z0-9-.]+)\.(debug\.)?js$/.test(name) || /^(zh-cn|en-us|telemetry)$/.test(name);

async function copyStatic() {
  for (const [from, to] of STATIC) await cp(resolve(root, from), resolve(root, to), { recursive: true });
  for (const name of (await readdir(resolve(root, OFFICE))).filter(officeFile)) {
    await cp(resolve(root, OFFICE, name), resolve(root, 'dist/addin/office', name), { recursive: true });
  }
}

/** Builds one entry. Files are written beside their target and renamed, so test runs that
 * build at the same time never see half a bundle. */
export async function buildEntry(name) {
  const options = ENTRIES[name];
  if (!options) throw new Error(`unknown build entry ${name}; known: ${Object.keys(ENTRIES).join(', ')}`);
  const result = await build({ bundle: true, absWorkingDir: root, write: false, logLevel: 'warning', ...options });
  for (const file of result.outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
  }
  return result.outputFiles.map((f) => f.path);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2);
  try {
    for (const name of names.length ? names : Object.keys(ENTRIES)) await buildEntry(name);
    if (!names.length || names.some((n) => ['taskpane', 'commands', 'host', 'harness'].includes(n))) await copyStatic();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
