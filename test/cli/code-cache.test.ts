import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachePath, loadBundle } from '../../cli/code-cache.js';
import { buildCli, FIXTURES, ROOT, tempDir } from './helpers.js';

const tmp = tempDir('ledger-code-cache-');
afterAll(tmp.remove);

/** A CommonJS bundle exporting answer(), whose result says which source ran. */
function writeBundle(name: string, answer: string): string {
  const file = join(tmp.dir, name);
  writeFileSync(file, `'use strict';\nexports.answer = function answer() { return ${JSON.stringify(answer)}; };\nexports.dir = __dirname;\n`);
  return file;
}

type Answer = { answer: () => string; dir: string };

describe('V8 code cache for the CLI bundle (cli/code-cache.ts)', () => {
  it('names the cache beside the bundle, in a chosen folder, or none', () => {
    const bundle = join(tmp.dir, 'run-ABC.cjs');
    expect(cachePath(bundle, undefined)).toMatch(/run-ABC\.cjs\.v8-.+\.cache$/);
    expect(cachePath(bundle, undefined)!.startsWith(tmp.dir)).toBe(true);
    expect(cachePath(bundle, '/elsewhere')!.startsWith('/elsewhere/')).toBe(true);
    expect(cachePath(bundle, 'off')).toBeNull();
    expect(cachePath(bundle, '0')).toBeNull();
  });

  it('loads without a cache, writes one after the run, and uses it the next time', () => {
    const file = writeBundle('a.cjs', 'from a');
    const cache = cachePath(file, undefined)!;
    const first = loadBundle<Answer>(file, cache);
    expect(first.cache).toBe('absent');
    expect(first.exports.answer()).toBe('from a');
    expect(first.exports.dir).toBe(tmp.dir);
    first.save();
    expect(existsSync(cache)).toBe(true);
    const second = loadBundle<Answer>(file, cache);
    expect(second.cache).toBe('accepted');
    expect(second.exports.answer()).toBe('from a');
    second.save(); // an accepted cache is left as it is
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('never uses a cache made for other source, even of the same length', () => {
    const file = writeBundle('b.cjs', 'version 1');
    const cache = cachePath(file, undefined)!;
    loadBundle<Answer>(file, cache).save();
    writeBundle('b.cjs', 'version 2'); // same length, other code: V8 alone would take the cache
    const changed = loadBundle<Answer>(file, cache);
    expect(changed.cache).toBe('stale');
    expect(changed.exports.answer()).toBe('version 2');
    changed.save();
    expect(loadBundle<Answer>(file, cache).cache).toBe('accepted');
  });

  it('falls back when V8 rejects the cache (damaged, or from another Node) and replaces it', () => {
    const file = writeBundle('c.cjs', 'from c');
    const cache = cachePath(file, undefined)!;
    loadBundle<Answer>(file, cache).save();
    // V8 keeps what it compiled in this process and would not even look at the cache for the
    // same script again: the same bytes under another name are a fresh script to it.
    const fresh = (n: number) => {
      const copy = join(tmp.dir, `c${n}.cjs`);
      copyFileSync(file, copy);
      return copy;
    };
    const data = readFileSync(cache);
    // Keep our header and the source copy; garble the head of V8's part (its magic number and
    // version and flag hashes: what differs in a cache from another Node).
    const v8Part = 'ledger-check code cache 1\n'.length + 4 + readFileSync(file).length;
    data.fill(0x5a, v8Part, v8Part + 16);
    writeFileSync(cache, data);
    const loaded = loadBundle<Answer>(fresh(1), cache);
    expect(loaded.cache).toBe('rejected');
    expect(loaded.exports.answer()).toBe('from c');
    loaded.save();
    expect(loadBundle<Answer>(fresh(2), cache).cache).toBe('accepted');
    // A file that is no cache at all is ignored too.
    writeFileSync(cache, 'not a cache');
    expect(loadBundle<Answer>(file, cache)).toMatchObject({ cache: 'stale' });
  });

  it('runs on when the cache cannot be written (a read-only install)', () => {
    const file = writeBundle('d.cjs', 'from d');
    const blocked = join(file, 'under-a-file', 'x.cache'); // a folder path through a file: ENOTDIR
    const loaded = loadBundle<Answer>(file, blocked);
    expect(loaded.exports.answer()).toBe('from d');
    expect(() => loaded.save()).not.toThrow();
    expect(loadBundle<Answer>(file, null)).toMatchObject({ cache: 'off' });
  });
});

describe('the built CLI with its code cache', () => {
  beforeAll(buildCli, 120_000);
  const FILE = join(FIXTURES, 'unit-two-level-header.xlsx');
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/ledger-check.js'), FILE, '--json', '--as-of', '2023-05-29'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LEDGER_CHECK_DEBUG: '1', ...env } });

  it('writes the cache on its first run and gives the same report with it', () => {
    const dir = join(tmp.dir, 'cli-cache');
    const first = run({ LEDGER_CHECK_CODE_CACHE: dir });
    expect(first.stderr).toContain('code cache absent');
    expect(readdirSync(dir).filter((n) => n.endsWith('.cache'))).toHaveLength(1);
    const second = run({ LEDGER_CHECK_CODE_CACHE: dir });
    expect(second.stderr).toContain('code cache accepted');
    const off = run({ LEDGER_CHECK_CODE_CACHE: 'off' });
    expect(off.stderr).toContain('code cache off');
    expect([first.status, second.status, off.status]).toEqual([1, 1, 1]);
    expect(second.stdout).toBe(first.stdout);
    expect(off.stdout).toBe(first.stdout);
    expect(JSON.parse(first.stdout)).toMatchObject({ stats: { sheets: 1 } });
  });

  it('keeps zod (and ExcelJS) out of the bundle that checks: only --campaign, --server and --out load them', () => {
    const bundles = readdirSync(join(ROOT, 'dist/cli')).filter((n) => /^run-.*\.cjs$/.test(n));
    expect(bundles).toHaveLength(1);
    const text = readFileSync(join(ROOT, 'dist/cli', bundles[0]!), 'utf8');
    expect(text).not.toMatch(/node_modules\/zod\//);
    expect(text).not.toMatch(/node_modules\/exceljs\//);
    expect(text).toMatch(/require\("\.\/campaign-file-[A-Z0-9]+\.cjs"\)/);
  });
});
