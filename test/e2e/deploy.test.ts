import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHarness, launchBrowser, openHarness, pressRibbon, ROOT, startDevServer, type DevServer } from './harness-page.js';
import { startWorker, type WorkerProcess } from './worker-process.js';

// SPEC section 13 on this machine: the local Worker (wrangler dev, as `npm start` runs it) serves
// the add-in's pages and the API from one origin, and its CAMPAIGN — here a 2024 campaign with
// other categories and dates — is what the add-in (task pane and ribbon) and the CLI check against.
const CAMPAIGN_2024 = 'test/fixtures/campaign-2024.json';
const c2024 = JSON.parse(readFileSync(join(ROOT, CAMPAIGN_2024), 'utf8')) as { name: string; categories: string[] };
const LEDGER = 'demo-county/xiyan-town.xlsx';
let server: DevServer;
let worker: WorkerProcess;
let browser: Browser;
let page: Page;

const errorsIn = (status: string) => Number(/错误(\d+)条/.exec(status)?.[1] ?? NaN);
const paneText = async () => ({ context: (await page.textContent('#context')) ?? '', status: (await page.textContent('#status')) ?? '', findings: (await page.textContent('#groups')) ?? '' });

/** Presses the pane's 检查 and waits for its outcome line. */
async function paneCheck(): Promise<{ context: string; status: string; findings: string }> {
  await page.evaluate(() => (document.getElementById('status')!.textContent = ''));
  await page.click('#check');
  await page.waitForFunction(() => /共\d+项|未能完成|不是整改台账/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 60_000 });
  return paneText();
}

async function configure(url: string, token: string): Promise<void> {
  await page.evaluate(
    ([u, t]) => {
      (document.getElementById('settings') as HTMLDetailsElement).open = true;
      (document.getElementById('serverUrl') as HTMLInputElement).value = u!;
      (document.getElementById('token') as HTMLInputElement).value = t!;
    },
    [url, token],
  );
  await page.click('#save');
}

beforeAll(async () => {
  buildHarness();
  const cli = spawnSync(process.execPath, [join(ROOT, 'scripts/build.js'), 'cli'], { cwd: ROOT, encoding: 'utf8' });
  if (cli.status !== 0) throw new Error(`build failed: ${cli.stderr}`);
  [server, browser] = await Promise.all([startDevServer(), launchBrowser()]);
  worker = await startWorker(server.origin.replace(/\/$/, ''), { campaign: CAMPAIGN_2024, today: '2024-04-29' });
  page = (await openHarness(browser, server.origin, LEDGER)).page;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  server?.stop();
  worker?.stop();
});

describe('one origin: the Worker serves the add-in and the API', () => {
  it('serves /taskpane.html, its script and icons, and /api/v1/health, from the same origin', async () => {
    const pane = await fetch(`${worker.url}/taskpane.html`);
    expect(pane.status).toBe(200);
    expect(pane.headers.get('content-type')).toMatch(/text\/html/);
    const html = await pane.text();
    expect(html).toContain('<script defer src="taskpane.js"></script>');
    // A development build: the packaged office.js, served from the same origin too.
    expect(html).toContain('<script src="office/office.js"></script>');
    expect((await fetch(`${worker.url}/office/office.js`)).status).toBe(200);
    expect((await fetch(`${worker.url}/taskpane.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${worker.url}/assets/icon-check-32.png`)).headers.get('content-type')).toBe('image/png');

    const health = await fetch(`${worker.url}/api/v1/health`);
    expect(health.status).toBe(200);
    const built = JSON.parse(readFileSync(join(ROOT, 'dist/addin/version.json'), 'utf8')) as { version: string };
    expect(await health.json()).toMatchObject({ ok: true, campaign: 'chengbu-2024', year: 2024, version: built.version });
  });

  // Workers static assets redirect /x.html to /x by default (html_handling "auto-trailing-slash"):
  // a round trip more at every opening of the pane, the commands and their dialog, whose URLs the
  // manifest names. They are served as named; the county's pages keep their short addresses.
  it('serves the pages at the addresses the manifest and SPEC name, each without a redirect', async () => {
    for (const path of ['/taskpane.html', '/commands.html', '/message.html', '/help.html', '/dashboard', '/dashboard?asOf=2024-04-29', '/reports/bulletin?asOf=2024-04-29']) {
      const res = await fetch(`${worker.url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/);
    }
    expect(await (await fetch(`${worker.url}/dashboard`)).text()).toContain('dashboard.js');
    expect(await (await fetch(`${worker.url}/reports/bulletin`)).text()).toContain('bulletin.js');
  });

  it('sends a browser at the bare origin to the help page', async () => {
    const res = await fetch(`${worker.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!, worker.url).pathname).toBe('/help.html');
    expect((await fetch(`${worker.url}/help.html`)).status).toBe(200);
  });

  it('answers a page that is not there with the API’s JSON 404, not the task pane', async () => {
    const res = await fetch(`${worker.url}/no-such-page.html`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not-found');
  });
});

describe('the server’s campaign is what everyone checks against', () => {
  let default2023: { context: string; status: string; findings: string };
  let server2024: { context: string; status: string; findings: string };

  it('the CLI with --server and --token checks the same ledger against the server’s 2024 campaign', () => {
    const r = spawnSync(process.execPath, ['bin/ledger-check.js', join('test/fixtures', LEDGER), '--json', '--server', worker.url, '--token', worker.tokens.get('西岩镇')!], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { campaign: string; sheets: { diagnostics: { code: string }[]; items?: unknown }[] };
    expect(report.campaign).toBe('chengbu-2024');
    expect(r.stdout).toContain('category-invalid');
  });

  it('with no server set, the add-in checks against the product default (2023) and says so', async () => {
    default2023 = await paneCheck();
    expect(default2023.context).toMatch(/（2023年，默认，未设置服务器）/);
    expect(default2023.findings).not.toContain(c2024.categories.join('、'));
  });

  it('connected to the server, the same ledger is checked against its 2024 campaign: other categories, other report', async () => {
    await configure(worker.url, worker.tokens.get('西岩镇')!);
    await page.waitForFunction((name) => (document.getElementById('context')?.textContent ?? '').includes(name), c2024.name, { timeout: 30_000 });
    server2024 = await paneCheck();
    expect(server2024.context).toContain(`${c2024.name}（2024年，服务器下发）`);
    expect(server2024.findings).toContain('问题类别不规范');
    expect(server2024.findings).toContain(c2024.categories.join('、'));
    expect(errorsIn(server2024.status)).toBeGreaterThan(errorsIn(default2023.status));
  });

  it('the ribbon’s 检查 runs against the server’s campaign too', async () => {
    const outcome = await pressRibbon(page, 'h-check');
    expect(errorsIn(outcome)).toBe(errorsIn(server2024.status));
  });

  it('with the server gone, the add-in keeps checking against the campaign it last received, and says so', async () => {
    worker.stop();
    const offline = await paneCheck();
    expect(offline.context).toContain(`${c2024.name}（2024年，服务器上次下发，离线使用）`);
    expect(errorsIn(offline.status)).toBe(errorsIn(server2024.status));
    expect(offline.findings).toContain(c2024.categories.join('、'));
  });
});
