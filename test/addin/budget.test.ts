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

describe('a 50,000-row ledger', () => {
  // Excel on the web takes at most 5 MB a request and 5 MB an answer, so no add-in can do with
  // fewer than ⌈sent / 5 MB⌉ + ⌈received / 5 MB⌉ round trips (about 8 here: some 20 MB each way).
  // Target: no more than the 28 it takes today, every trip under both limits; the floor is
  // printed beside it (closing that gap is add-in work: writes are not yet filled to 4 MB).
  it('is checked and annotated in at most 28 round trips, each request and answer under 5 MB', async () => {
    const host = await openHostPage(browser, { snapshot: gridToSnapshot(aggregateGrid(50_000, 40)) });
    await host.page.addScriptTag({ content: await addinBundle() });
    const { result, summary } = await host.measure((asOf) => window.ledgerAddin.check(asOf), '2023-05-29');
    expect(result.report.stats.items).toBe(50_000);
    const MB5 = 5 * 1024 * 1024;
    const floor = Math.ceil(summary.totalRequestBytes / MB5) + Math.ceil(summary.totalResponseBytes / MB5);
    console.log(`50,000 rows: ${summary.syncs} syncs (floor from the 5 MB limits: ${floor}), sent ${summary.totalRequestBytes} B, received ${summary.totalResponseBytes} B`);
    expect(summary.syncs).toBeGreaterThanOrEqual(floor);
    expect(summary.syncs).toBeLessThanOrEqual(28);
    expect(summary.maxRequestBytes).toBeLessThan(MB5);
    expect(summary.maxResponseBytes).toBeLessThan(MB5);
    await host.close();
  }, 600_000);
});
