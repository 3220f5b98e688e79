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
  // The target, from the 5 MB limits: the ledger's cells come back in about 35 MB of answers and
  // its annotation goes out in about 48 MB of requests, so even requests filled to the limit
  // itself need 8 + 10 round trips, plus the first (shape and sample) and the last (removals,
  // names). The add-in fills requests to 4.5 MB (a tenth under the limit) and sizes reads from a
  // 200-row sample with a quarter's margin: 10 reads + 12 writes + 2 = 24 (it was 31).
  it('is checked and annotated in at most 24 round trips, each request and answer under 5 MB', async () => {
    // The workbook is loaded after the page opens: put inline into the page, 50,000 rows made
    // page.goto time out on a busy machine.
    const host = await openHostPage(browser);
    await host.load(gridToSnapshot(aggregateGrid(50_000, 40)));
    await host.page.addScriptTag({ content: await addinBundle() });
    const { result, summary, requests } = await host.measure((asOf) => window.ledgerAddin.check(asOf), '2023-05-29');
    expect(result.report.stats.items).toBe(50_000);
    expect(JSON.stringify(requests.filter((r) => r.outcome !== 'ok').map((r) => [r.kind, r.sync, r.outcome, r.error]))).toBe('[]');
    expect(summary.syncs).toBeLessThanOrEqual(24);
    expect(summary.maxRequestBytes).toBeLessThan(5_000_000);
    expect(summary.maxResponseBytes).toBeLessThan(5_000_000);
    expect(await host.gaps()).toEqual([]);
    await host.close();
  }, 1_200_000);
});
