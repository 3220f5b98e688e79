import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, FIXTURES, LEDGER_HEADER, ROOT, runCli, tempDir } from './helpers.js';

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
    // numfmt too is a bundle of its own, loaded only for numbers cli/date-text.ts cannot show.
    expect(text).not.toMatch(/node_modules\/numfmt\//);
    expect(text).toMatch(/require\("\.\/numfmt-[A-Z0-9]+\.cjs"\)/);
    expect(readFileSync(join(ROOT, 'dist/ledger-check.cjs'), 'utf8')).toContain(`"./cli/${bundles[0]}"`);
  });

  const tmp = tempDir();
  afterAll(tmp.remove);

  it('checks a file without loading the ES module loader (node:module) or node:fs/promises: their internal modules cost every run', () => {
    // A preload that prints, at exit, the internal modules loaded after it: the CLI's own doing.
    const preload = join(tmp.dir, 'loaded-after.cjs');
    writeFileSync(preload, "const before = new Set(process.moduleLoadList); process.on('exit', () => require('node:fs').writeSync(2, JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m)))));");
    const r = spawnSync(process.execPath, ['--require', preload, join(ROOT, 'bin/ledger-check.js'), join(FIXTURES, 'demo-county/agriculture.xlsx'), '--json', '--as-of', '2023-05-29'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1); // the ledger has errors: checked to the end
    const loaded = JSON.parse(r.stderr) as string[];
    expect(loaded).toContain('NativeModule zlib'); // the reader's inflate: the list is real
    expect(loaded.filter((m) => /esm\/loader|^NativeModule module$|fs\/promises|readline/.test(m))).toEqual([]);
  });

  it('shows a number in a format only numfmt knows, loading numfmt from its bundle', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(LEDGER_HEADER);
    ws.addRow([1, '执法程序', '2023年抽查案卷12卷，其中3卷未注明送达日期和方式', '人员不足', 0.5, '王丽', '王国华', '2023-12-31', '整改中', '', '']);
    ws.getCell('E2').numFmt = '0.00%';
    const path = `${tmp.dir}/percent.xlsx`;
    await wb.xlsx.writeFile(path);
    const r = runCli([path, '--json', '--as-of', '2023-05-29']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { sheets: { items: { fields: Record<string, string> }[] }[] };
    expect(report.sheets[0]!.items[0]!.fields.measures).toBe('50.00%');
  });
});
