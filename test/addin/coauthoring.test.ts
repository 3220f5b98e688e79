// Two clerks on one workbook (co-authoring, as in Excel on the web and Microsoft 365): each runs
// the add-in in their own Excel client — here a second office.js in a frame of the host page,
// on the same simulated workbook, its requests interleaved with the first one's as they arrive.
import { readFileSync } from 'node:fs';
import type { Browser, Frame } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../excel-sim/host/snapshot.js';
import type { WorkbookSnapshot } from '../../excel-sim/host/snapshot.js';
import { xlsxToSnapshot } from '../../excel-sim/host/xlsx-snapshot.js';
import { addinBundle } from './addin-page.js';
import { launchBrowser, openHostPage, type HostPage } from './host/page.js';

const AS_OF = '2023-05-29';
const SHEET = '整改台账';
const LIT = ['B10', 'C8', 'E8', 'H8', 'I12', 'I13', 'O10'];

let browser: Browser;
let host: HostPage;
let other: Frame;
let scj: WorkbookSnapshot;
beforeAll(async () => {
  browser = await launchBrowser();
  scj = (await xlsxToSnapshot(readFileSync('test/fixtures/spec/scj-market-regulation.xlsx'))).snapshot;
  host = await openHostPage(browser, { snapshot: scj });
  const addin = await addinBundle();
  await host.page.addScriptTag({ content: addin });
  other = await host.coauthor(addin);
});
afterAll(async () => browser?.close());
beforeEach(async () => host.load(JSON.parse(JSON.stringify(scj)) as WorkbookSnapshot));

type Outcome = { ok: boolean; text: string };
/** Both clerks act at once: both started in one turn of the page, so their syncs interleave. */
function together(mine: 'check' | 'clear', theirs: 'check' | 'clear'): Promise<[Outcome, Outcome]> {
  return host.run(([mine, theirs]) => {
    const frame = document.querySelector('iframe')!.contentWindow as Window & typeof globalThis;
    const act = (w: Window, what: string) => (what === 'check' ? w.ledgerAddin.ribbonCheck('2023-05-29') : w.ledgerAddin.ribbonClear());
    return Promise.all([act(window, mine), act(frame, theirs)]);
  }, [mine, theirs] as const);
}

const rulesOn = (s: WorkbookSnapshot) => s.sheets.find((x) => x.name === SHEET)!.conditionalFormats ?? [];
const hiddenSheets = (s: WorkbookSnapshot) => s.sheets.filter((x) => x.visibility === 'VeryHidden').map((x) => x.name);

describe('two clerks on one workbook', () => {
  it('both press 检查 at once: the sheet ends as one check leaves it, and 清除标注 gives it back cell by cell', async () => {
    const before = await host.snapshot();
    await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    const once = await host.snapshot();
    await host.run(() => window.ledgerAddin.ribbonClear());

    const mark = (await host.requests()).length;
    const [a, b] = await together('check', 'check');
    const requests = (await host.requests()).slice(mark);
    // Their requests really interleaved: the co-author's came between two of ours.
    const order = requests.filter((r) => r.kind === 'sync').map((r) => (r.client === 'co-author' ? 'B' : 'A')).join('');
    expect(order).toMatch(/A+B+A|B+A+B/);
    for (const out of [a, b]) expect(out.text).toMatch(/共8项事项|未能完成/);
    expect(a.ok || b.ok).toBe(true);
    const after = await host.snapshot();
    expect((await host.highlights(SHEET)).map((v) => v.address.split('!').pop()).sort()).toEqual(LIT);
    // No doubled rules or marks sheets: what one check leaves, and no more.
    expect(rulesOn(after)).toHaveLength(rulesOn(once).length);
    expect(hiddenSheets(after)).toHaveLength(hiddenSheets(once).length);
    expect(await host.gaps()).toEqual([]);
    expect((await other.evaluate(() => window.ledgerAddin.ribbonClear())).ok).toBe(true);
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });

  it('one re-checks while the other clears: the sheet ends checked or clean, never half of each, and the clerk is told', async () => {
    const before = await host.snapshot();
    await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    const checked = await host.snapshot();
    const [a, b] = await together('check', 'clear');
    expect(b.ok).toBe(true);
    // Either the re-check finished after the Clear, or it says a co-author intervened.
    if (!a.ok) expect(a.text).toMatch(/^未能完成：另一位同事同时在此工作表上检查或清除了标注/);
    else expect(a.text).toContain('共8项事项');
    expectCheckedOrClean(before, checked, await host.snapshot(), await host.highlights(SHEET));
    await host.run(() => window.ledgerAddin.ribbonClear());
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });

  it('a first check while the other clears: checked or clean as well', async () => {
    const before = await host.snapshot();
    await host.run((asOf) => window.ledgerAddin.ribbonCheck(asOf), AS_OF);
    const checked = await host.snapshot();
    await host.run(() => window.ledgerAddin.ribbonClear());
    const [a, b] = await together('check', 'clear');
    expect(b.ok).toBe(true);
    if (!a.ok) expect(a.text).toMatch(/^未能完成/);
    expectCheckedOrClean(before, checked, await host.snapshot(), await host.highlights(SHEET));
    await host.run(() => window.ledgerAddin.ribbonClear());
    expect(diffSnapshots(before, await host.snapshot())).toEqual([]);
  });
});

/** The sheet is exactly as before any check, or it carries one whole check (rules, marks, highlights). */
function expectCheckedOrClean(before: WorkbookSnapshot, checked: WorkbookSnapshot, now: WorkbookSnapshot, lit: { address: string }[]): void {
  if (diffSnapshots(before, now).length === 0) return;
  expect(lit.map((v) => v.address.split('!').pop()).sort()).toEqual(LIT);
  expect(rulesOn(now)).toHaveLength(rulesOn(checked).length);
  expect(hiddenSheets(now)).toHaveLength(hiddenSheets(checked).length);
  // The computed columns are all there: the same cells as a whole check writes.
  const cells = (s: WorkbookSnapshot) => Object.keys(s.sheets.find((x) => x.name === SHEET)!.cells ?? {}).sort();
  expect(cells(now)).toEqual(cells(checked));
}
