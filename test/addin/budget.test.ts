import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateGrid } from '../../bench/ledger-gen.js';
import { addinBundle } from './addin-page.js';
import { gridToSnapshot } from './grid-snapshot.js';
import { launchBrowser, openHostPage } from './host/page.js';

let browser: Browser;
beforeAll(async () => (browser = await launchBrowser()));
afterAll(async () => browser?.close());

describe('a 10,000-row ledger', () => {
  it('is checked and annotated in at most 8 round trips, each request and answer under 5 MB', async () => {
    const host = await openHostPage(browser, { snapshot: gridToSnapshot(aggregateGrid(10_000, 40)) });
    await host.page.addScriptTag({ content: await addinBundle() });
    const { result, summary, requests } = await host.measure((asOf) => window.ledgerAddin.check(asOf), '2023-05-29');
    expect(result.report.stats.items).toBe(10_000);
    expect(JSON.stringify(requests.filter((r) => r.outcome !== 'ok').map((r) => [r.kind, r.sync, r.outcome, r.error]))).toBe('[]');
    expect(summary.syncs).toBeLessThanOrEqual(8);
    expect(summary.maxRequestBytes).toBeLessThan(5 * 1024 * 1024);
    expect(summary.maxResponseBytes).toBeLessThan(5 * 1024 * 1024);
    expect(await host.gaps()).toEqual([]);
    await host.close();
  }, 180_000);
});
