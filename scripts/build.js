// Builds the bundles: `node scripts/build.js [name…]` (default: all). Run by `npm run build`
// and by `prepare`, so `npx ledger-check` works right after `npm install`.
// Each entry is one bundle; the add-in's bundles join ENTRIES as further entries.
import { mkdir, rename, writeFile } from 'node:fs/promises';
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
};

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
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
