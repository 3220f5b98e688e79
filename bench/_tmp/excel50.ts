import { aggregateGrid } from '../ledger-gen.js';
import { addinBundle } from '../../test/addin/addin-page.js';
import { gridToSnapshot } from '../../test/addin/grid-snapshot.js';
import { launchBrowser, openHostPage } from '../../test/addin/host/page.js';
const browser = await launchBrowser();
try {
  for (const rows of process.argv.slice(2).map(Number)) {
    const t0 = performance.now();
    const host = await openHostPage(browser, { snapshot: gridToSnapshot(aggregateGrid(rows, 40)) });
    await host.page.addScriptTag({ content: await addinBundle() });
    const t = performance.now();
    const { summary, requests } = await host.measure((asOf) => window.ledgerAddin.check(asOf), '2023-05-29');
    console.log(rows, 'open', ((t - t0) / 1000).toFixed(1), 's check', ((performance.now() - t) / 1000).toFixed(1), 's', JSON.stringify(summary));
    for (const r of requests) console.log(`  ${r.kind} #${r.sync} req ${(r.requestBytes / 1e6).toFixed(2)} MB res ${(r.responseBytes / 1e6).toFixed(2)} MB actions ${r.actions} ${r.outcome}`);
    await host.close();
  }
} finally { await browser.close(); }
