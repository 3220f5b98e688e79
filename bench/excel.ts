// The add-in against Microsoft's office.js on the simulated Excel: round trips and the largest
// request/answer for ledgers of 1,000 / 10,000 / 50,000 rows, beside a naive per-row adapter.
import { aggregateGrid } from './ledger-gen.js';
import { report } from './measure.js';
import { addinBundle } from '../test/addin/addin-page.js';
import { gridToSnapshot } from '../test/addin/grid-snapshot.js';
import { launchBrowser, openHostPage } from '../test/addin/host/page.js';

const MB = 1024 * 1024;
/** SPEC section 11 (10,000 rows) and test/addin/budget.test.ts (50,000: 35 MB read and 48 MB written through ≤ 4.5 MB requests). */
const SYNC_TARGETS: Record<number, number> = { 10_000: 8, 50_000: 24 };

export async function run(): Promise<void> {
  const browser = await launchBrowser();
  try {
    for (const rows of [1_000, 10_000, 50_000]) {
      // The workbook goes in after the page opens (inline, 50,000 rows made page.goto time out).
      const host = await openHostPage(browser);
      await host.load(gridToSnapshot(aggregateGrid(rows, 40)));
      await host.page.addScriptTag({ content: await addinBundle() });
      const t = performance.now();
      const { summary } = await host.measure((asOf) => window.ledgerAddin.check(asOf), '2023-05-29');
      const ms = performance.now() - t;
      const sizes = `largest request ${(summary.maxRequestBytes / MB).toFixed(2)} MB, answer ${(summary.maxResponseBytes / MB).toFixed(2)} MB`;
      const target = SYNC_TARGETS[rows];
      const verdict = target === undefined ? '' : summary.syncs <= target ? `  ✓ ≤ ${target} syncs` : `  ✗ MISSES ≤ ${target} syncs`;
      report(`check + annotate ${rows.toLocaleString('en')} rows: ${summary.syncs} syncs`, ms, undefined, `${sizes}${verdict}`);
      if (rows === 1_000) {
        // The naive way: one round trip per row to read it, and one per row to mark it (at 1,000
        // rows only: at 10,000 it takes over a minute and 20,000 round trips).
        const n = performance.now();
        const naive = await host.measure(() =>
          Excel.run(async (context) => {
            const sheet = context.workbook.worksheets.getActiveWorksheet();
            const used = sheet.getUsedRange(true);
            used.load('rowCount');
            await context.sync();
            for (let r = 0; r < used.rowCount; r++) {
              const row = used.getRow(r);
              row.load(['values', 'text', 'numberFormat']);
              await context.sync();
              if (row.values[0]?.some((v) => v === '')) {
                row.format.fill.color = '#FFEB9C';
                await context.sync();
              }
            }
          }),
        );
        report(`  naive per-row adapter, ${rows.toLocaleString('en')} rows: ${naive.summary.syncs} syncs`, performance.now() - n, undefined, `largest request ${(naive.summary.maxRequestBytes / MB).toFixed(3)} MB`);
      }
      await host.close();
    }
  } finally {
    await browser.close();
  }
}
