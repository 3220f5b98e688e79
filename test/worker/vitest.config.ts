import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineProject } from 'vitest/config';
import { zlibInflate } from '../../cli/zlib-inflate.js';
import { readWorkbookGrids } from '../../shared/xlsx/workbook.js';
import { readXlsGrids } from '../../shared/xls/workbook.js';
import { fakeRobots, TEST_ROBOTS } from './fake-robots.js';
import { oldBiff } from '../shared/old-biff-writer.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** .xlsx (or `ext`) files of a directory as base64 (tests run inside workerd, which cannot read the disk). */
function xlsxFiles(dir: string, ext = '.xlsx'): Record<string, string> | null {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith(ext)).sort();
  return files.length ? Object.fromEntries(files.map((f) => [f, readFileSync(`${dir}/${f}`).toString('base64')])) : null;
}

// SPEC's public fixtures, as the project keeps them (test/fixtures/spec).
const spec = here('../fixtures/spec');

// Every .xlsx the project keeps, and the grids the CLI's reader (in Node) gives for each: an
// upload to the Worker must be read the same (upload-grids.test.ts).
const ledgerFixtures = Object.assign({}, ...['', 'demo-county/', 'spec/', 'wps/'].map((dir) => {
  const files = xlsxFiles(here(`../fixtures/${dir}`))!;
  return Object.fromEntries(Object.entries(files).map(([name, base64]) => [`${dir}${name}`, base64]));
})) as Record<string, string>;
const cliGrids: Record<string, unknown> = {};
for (const [name, base64] of Object.entries(ledgerFixtures)) {
  cliGrids[name] = JSON.parse(JSON.stringify(await readWorkbookGrids(Buffer.from(base64, 'base64'), name, { maxBytes: 64 * 1024 * 1024, inflate: zlibInflate })));
}

// The .xls the project keeps (LibreOffice's, test/fixtures/xls) and the grids the CLI's reader gives.
const xlsFixtures = xlsxFiles(here('../fixtures/xls'), '.xls')!;
// And the encrypted ones: those Excel's default password opens are read as in Node; one with a password of its own is refused.
for (const [name, base64] of Object.entries(xlsxFiles(here('../fixtures/xls/encrypted'), '.xls')!)) {
  if ((name.includes('default-password') && !name.startsWith('county-aggregate')) || name === 'rulin-town-password.xls') xlsFixtures[`encrypted/${name}`] = base64;
}
// Excel 2.x–4.0 worksheets: Excel's own (xls/real), and a ledger as an old system's 导出Excel writes
// one, in GBK (test/shared/old-biff-writer.ts).
for (const name of ['sheetjs_CRLFX5_2.XLS', 'sheetjs_CRLFX5_3.XLS', 'sheetjs_CRLFX5_4.XLS', 'biff4_no_format_no_window2.xls']) {
  xlsFixtures[`real/${name}`] = readFileSync(here(`../fixtures/xls/real/${name}`)).toString('base64');
}
const rulinGrid = (await readWorkbookGrids(readFileSync(`${spec}/rulin-town.xlsx`), 'rulin-town.xlsx', { maxBytes: 64 * 1024 * 1024, inflate: zlibInflate }))!.sheets[0]!;
for (const version of [2, 3, 4] as const) xlsFixtures[`old/rulin-town-biff${version}.xls`] = Buffer.from(oldBiff(rulinGrid, version)).toString('base64');
// And one naming no code page: its GBK text is told by a strict GBK decode (biff-values.ts unnamedCodePage).
xlsFixtures['old/rulin-town-biff2-no-codepage.xls'] = Buffer.from(oldBiff(rulinGrid, 2, { codePage: false })).toString('base64');
for (const [name, base64] of Object.entries(xlsFixtures)) {
  if (name.endsWith('-password.xls') && !name.includes('default-password')) continue;
  cliGrids[`xls/${name}`] = JSON.parse(JSON.stringify(await readXlsGrids(Buffer.from(base64, 'base64'), `xls/${name}`)));
}

export default defineProject({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: here('../../wrangler.toml') },
      miniflare: {
        bindings: { TEST_MIGRATIONS: await readD1Migrations(here('../../worker/migrations')) },
        // Every fetch the Worker makes goes to local fakes of the DingTalk and WeCom robots.
        outboundService: fakeRobots(TEST_ROBOTS),
      },
    })),
  ],
  test: {
    name: 'worker',
    include: ['**/*.test.ts'],
    setupFiles: ['./setup.ts'],
    // Generous, for a machine busy with other work: the tests assert behaviour, never speed, and
    // vitest's default 10 s for hooks is too little for a beforeAll that stores ledgers under load.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    provide: {
      specFixtures: xlsxFiles(spec)!,
      specCampaign: readFileSync(`${spec}/campaign-2023.json`, 'utf8'),
      specExpected: readFileSync(`${spec}/expected.json`, 'utf8'),
      demoCounty: xlsxFiles(here('../fixtures/demo-county'))!,
      countyAggregate: readFileSync(here('../fixtures/county-aggregate-5000.xlsx')).toString('base64'),
      ledgerFixtures,
      xlsFixtures,
      markupFixtures: xlsxFiles(here('../fixtures/markup'), '.xls')!,
      encryptedXlsx: xlsxFiles(here('../fixtures/xlsx-encrypted'))!,
      odsFixtures: xlsxFiles(here('../fixtures/ods'), '.ods')!,
      cliGrids,
    },
  },
});

declare module 'vitest' {
  export interface ProvidedContext {
    specFixtures: Record<string, string>;
    specCampaign: string;
    specExpected: string;
    demoCounty: Record<string, string>;
    countyAggregate: string;
    ledgerFixtures: Record<string, string>;
    /** test/fixtures/xls/*.xls by name; their grids are in cliGrids as `xls/<name>`. */
    xlsFixtures: Record<string, string>;
    /** test/fixtures/markup/*.xls by name: web pages exported under an .xls name. */
    markupFixtures: Record<string, string>;
    /** test/fixtures/xlsx-encrypted/*.xlsx by name: the spec's ledgers encrypted, with Excel's default password and with their own. */
    encryptedXlsx: Record<string, string>;
    /** test/fixtures/ods/*.ods by name: the .xls fixtures as LibreOffice's OpenDocument spreadsheets. */
    odsFixtures: Record<string, string>;
    cliGrids: Record<string, unknown>;
  }
}
