// The add-in against Microsoft's office.js on the simulated Excel: round trips and the largest
// request/answer for ledgers of 1,000 / 10,000 / 50,000 rows, beside a naive per-row adapter.
import { aggregateGrid } from './ledger-gen.js';
import { report } from './measure.js';
import { headline, verdict } from './measured-table.js';
import { addinBundle } from '../test/addin/addin-page.js';
import { gridToSnapshot } from '../test/addin/grid-snapshot.js';
import { launchBrowser, openHostPage } from '../test/addin/host/page.js';

const MB = 1024 * 1024;
/** SPEC section 11 (10,000 rows) and test/addin/budget.test.ts (50,000: 35 MB read and 48 MB written through ≤ 4.5 MB requests). */
const SYNC_TARGETS: Record<number, number> = { 10_000: 8, 50_000: 24 };

export async function run(): Promise<void> {
  const browser = await launchBrowser();
  const seen = new Map<number, { syncs: number; request: number; ms: number }>();
  let naiveAt1k = '';
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
      seen.set(rows, { syncs: summary.syncs, request: summary.maxRequestBytes / MB, ms });
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
        naiveAt1k = `a naive per-row adapter: ${naive.summary.syncs.toLocaleString('en')} syncs for 1,000 rows (${seen.get(1_000)?.syncs} this way)`;
      }
      await host.close();
    }
    const [a, b] = [seen.get(10_000)!, seen.get(50_000)!];
    const met = a.syncs <= SYNC_TARGETS[10_000]! && b.syncs <= SYNC_TARGETS[50_000]! && Math.max(a.request, b.request) < 5;
    headline('excel-syncs', {
      figure: `${a.syncs} / ${b.syncs} syncs, largest request ${a.request.toFixed(2)} / ${b.request.toFixed(2)} MB (Microsoft's office.js on the simulated host)`,
      baseline: naiveAt1k,
      target: verdict(met, `≤ ${SYNC_TARGETS[10_000]} / ≤ ${SYNC_TARGETS[50_000]} syncs, requests < 5 MB`),
    });
  } finally {
    await browser.close();
  }
}
