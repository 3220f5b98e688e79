import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT } from './helpers.js';

// What the built CLI loads to check files (scripts/build.js): one CommonJS run bundle without zod
// (its schemas cost the core's start-up) or ExcelJS (most of a second to load), which only
// --campaign / --server and --out need, from a bundle of their own and node_modules.
describe('the built CLI', () => {
  beforeAll(buildCli, 120_000);

  it('checks files with one run bundle that holds neither zod nor ExcelJS', () => {
    const dir = join(ROOT, 'dist/cli');
    const bundles = readdirSync(dir).filter((n) => /^run-.*\.cjs$/.test(n));
    expect(bundles).toHaveLength(1);
    const text = readFileSync(join(dir, bundles[0]!), 'utf8');
    expect(text).not.toMatch(/node_modules\/zod\//);
    expect(text).not.toMatch(/node_modules\/exceljs\//);
    expect(text).toMatch(/require\("\.\/campaign-file-[A-Z0-9]+\.cjs"\)/);
    expect(readFileSync(join(ROOT, 'dist/ledger-check.cjs'), 'utf8')).toContain(`"./cli/${bundles[0]}"`);
  });
});
