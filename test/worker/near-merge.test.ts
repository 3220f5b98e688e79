import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { campaignOrDefault, checkWorkbooks, type Grid } from '../../shared/index.js';
import { mergeRecentPostings, mergeStatements } from '../../worker/db/near-merge.js';
import { DIRECT_ROWS } from '../../worker/db/near-index.js';
import worker from '../../worker/index.js';
import { api, concrete, count, expectJson, issueToken, ledger, submission, TODAY } from './helpers.js';
import { LISTED, LISTED_IDS, POSTINGS } from './near-postings.js';

// Migration 0012: a submission's postings go to near_postings_recent (a small table: a few pages
// written, not one page of the big table per posting) and move into the lists (0017) in bulk. The
// probe reads both, so where a posting sits never changes what a submission finds. A version
// dropped from the index is tombstoned (0017); the scheduled job takes its ids out of the lists.

const inTable = (table: string, unit: string) =>
  count(`SELECT count(*) AS n FROM ${table} p JOIN units u ON u.id = p.unit_id WHERE u.name = ?`, unit);

interface NearDiag { row: number; details: { otherUnit: string; similarity: number } }
const nearOf = (items: { row: number; diagnostics: { code: string; details: NearDiag['details'] }[] }[]) =>
  items.flatMap((it) => it.diagnostics.filter((d) => d.code === 'near-duplicate').map((d) => [it.row, d.details.similarity] as const));

// Each unit's ledger: the same incidents, each unit's own last character, so they pair up.
const incidents = Array.from({ length: 8 }, (_, i) => concrete('合并', i));
const edit = (text: string, k: number) => `${text}${'甲乙丙丁戊己'[k % 6]!}`;
const gridOf = (unit: string, k: number): Grid => ledger(unit, incidents.map((t) => ({ description: edit(t, k) })));

async function post(token: string, unit: string, grid: Grid): Promise<{ report: { sheets: { items: never[] }[] }; submission: { id: string } }> {
  return expectJson(await api('POST', '/api/v1/submissions', { token, json: submission(unit, grid, `${unit}.xlsx`) }), 201);
}

describe('recent postings (0012)', () => {
  it("a submission's postings land in the recent table; found from there, from the lists after a merge, and from both at once, as checking the ledgers together finds", async () => {
    const county = await issueToken('county');
    const units = ['合一乡', '合二镇', '合三乡', '合四镇'];
    for (const u of units) await issueToken('unit', u);
    const grids = units.map((u, k) => gridOf(u, k + 1));
    const expectLikeTogether = async (k: number) => {
      const body = await post(county, units[k]!, grids[k]!);
      const together = checkWorkbooks(grids.slice(0, k + 1).map((g, i) => ({ file: `${units[i]}.xlsx`, sheets: [g] })), { asOf: TODAY, campaign: campaignOrDefault() });
      expect(nearOf(body.report.sheets[0]!.items)).toEqual(nearOf(together.sheets[k]!.items as never));
      return nearOf(body.report.sheets[0]!.items).length;
    };
    await expectLikeTogether(0);
    expect(await inTable('near_postings_recent', units[0]!)).toBeGreaterThan(0);
    expect(await inTable(LISTED, units[0]!)).toBe(0);
    // The second unit's probe finds the first's items through the recent table.
    expect(await expectLikeTogether(1)).toBeGreaterThan(0);

    // Merged: every posting moved, none lost, none left behind.
    const before = await count(`SELECT count(*) AS n FROM ${POSTINGS}`);
    const { merged } = await mergeRecentPostings(env.DB);
    expect(merged).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM near_postings_recent')).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED}`)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED_IDS}`)).toBe(before);
    expect(await inTable(LISTED, units[0]!)).toBeGreaterThan(0);
    // Found from the lists alone, then from both tables (the third unit's postings are recent).
    expect(await expectLikeTogether(2)).toBeGreaterThan(0);
    expect(await inTable('near_postings_recent', units[2]!)).toBeGreaterThan(0);
    expect(await expectLikeTogether(3)).toBeGreaterThan(0);
  });

  it('a resubmission or a withdrawal drops the old version’s postings from either table; a restored version is queued again', async () => {
    const county = await issueToken('county');
    await issueToken('unit', '合五乡');
    const one = (text: string) => ledger('合五乡', [{ description: text }]);
    const first = await post(county, '合五乡', one(concrete('合五乡', 1)));
    const current = () => count('SELECT current_version_id AS n FROM items i JOIN units u ON u.id = i.unit_id WHERE u.name = ?', '合五乡');
    const v1 = (await current())!;
    const postingsOf = (table: string, v: number) => count(`SELECT count(*) AS n FROM ${table} WHERE version_id = ?`, v);
    expect(await postingsOf('near_postings_recent', v1)).toBeGreaterThan(0);
    await mergeRecentPostings(env.DB);
    const listed = (await postingsOf(LISTED, v1))!;
    expect(listed).toBeGreaterThan(0);

    // Replaced: v1 tombstoned (its ids still listed, no longer live), v2's postings recent.
    const second = await post(county, '合五乡', one(concrete('合五乡', 2)));
    const v2 = (await current())!;
    expect(v2).not.toBe(v1);
    expect(await postingsOf(LISTED, v1)).toBe(0);
    expect(await postingsOf(LISTED_IDS, v1)).toBe(listed);
    expect(await count('SELECT count(*) AS n FROM near_dropped WHERE version_id = ?', v1)).toBe(1);
    expect(await postingsOf('near_postings_recent', v2)).toBeGreaterThan(0);
    // Withdrawn: v2's recent postings go (no tombstone: none of its ids is listed), v1 is current
    // again and queued (its near_sets row went with it).
    await expectJson(await api('POST', `/api/v1/submissions/${second.submission.id}/withdraw`, { token: county, json: { reason: '报错了' } }), 200);
    expect(await current()).toBe(v1);
    expect(await count(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id = ?`, v2)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM near_dropped WHERE version_id = ?', v2)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM near_pending WHERE version_id = ?', v1)).toBe(1);
    // Another unit's submission indexes it again: its tombstone goes, each of its ids listed once.
    await issueToken('unit', '合五镇');
    await post(county, '合五镇', ledger('合五镇', [{ description: concrete('合五镇', 3) }]));
    expect(await count('SELECT count(*) AS n FROM near_pending WHERE version_id = ?', v1)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM near_dropped WHERE version_id = ?', v1)).toBe(0);
    expect(await postingsOf(LISTED, v1)).toBe(listed);
    expect(await postingsOf(LISTED_IDS, v1)).toBe(listed);
    // The item dropped with its only submission: nothing of it in either table.
    await expectJson(await api('POST', `/api/v1/submissions/${first.submission.id}/withdraw`, { token: county, json: { reason: '全部撤回' } }), 200);
    expect(await count(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id NOT IN (SELECT current_version_id FROM items)`)).toBe(0);
  });

  it('a batch merges only at the bound (the recent versions\' span); the merge is whole (the recent table emptied in the same batch)', async () => {
    const county = await issueToken('county');
    await issueToken('unit', '合六乡');
    await post(county, '合六乡', gridOf('合六乡', 3));
    const recent = (await count('SELECT count(*) AS n FROM near_postings_recent'))!;
    const main = (await count(`SELECT count(*) AS n FROM ${LISTED_IDS}`))!;
    const span = (await count('SELECT max(version_id) - min(version_id) AS n FROM near_postings_recent'))!;
    expect(span).toBeGreaterThan(0);
    // Below the bound (the versions' ids span less): nothing moves.
    await env.DB.batch(mergeStatements(env.DB, span + 1));
    expect(await count('SELECT count(*) AS n FROM near_postings_recent')).toBe(recent);
    // At it: everything moves.
    await env.DB.batch(mergeStatements(env.DB, span));
    expect(await count('SELECT count(*) AS n FROM near_postings_recent')).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED_IDS}`)).toBe(main + recent);
  });

  it('a large submission (over DIRECT_ROWS items) writes its postings into the lists directly, a small one into the recent table', async () => {
    const county = await issueToken('county');
    await issueToken('unit', '合八乡');
    await issueToken('unit', '合九乡');
    await mergeRecentPostings(env.DB);
    const rows = (n: number, unit: string) => ledger(unit, Array.from({ length: n }, (_, i) => ({ description: concrete(unit, i) })));
    await post(county, '合八乡', rows(DIRECT_ROWS + 1, '合八乡'));
    expect(await inTable('near_postings_recent', '合八乡')).toBe(0);
    expect(await inTable(LISTED, '合八乡')).toBeGreaterThan(DIRECT_ROWS);
    await post(county, '合九乡', rows(DIRECT_ROWS, '合九乡'));
    expect(await inTable('near_postings_recent', '合九乡')).toBeGreaterThan(DIRECT_ROWS);
    expect(await inTable(LISTED, '合九乡')).toBe(0);
  }, 60_000);

  it('the scheduled job merges the day’s recent postings', async () => {
    const county = await issueToken('county');
    await issueToken('unit', '合七乡');
    await post(county, '合七乡', gridOf('合七乡', 4));
    const all = await count(`SELECT count(*) AS n FROM ${POSTINGS}`);
    expect(await count('SELECT count(*) AS n FROM near_postings_recent')).toBeGreaterThan(0);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: new Date('2023-04-24T16:05:00Z'), cron: '5 16 * * *' }), { ...env, TODAY: '2023-04-25' }, ctx);
    await waitOnExecutionContext(ctx);
    expect(await count('SELECT count(*) AS n FROM near_postings_recent')).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED}`)).toBe(all);
  });

  it('the scheduled job takes the tombstoned versions’ ids out of the lists, and leaves every live one', async () => {
    const county = await issueToken('county');
    await issueToken('unit', '合十乡');
    const scheduled = async () => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ scheduledTime: new Date('2023-04-24T16:05:00Z'), cron: '5 16 * * *' }), { ...env, TODAY: '2023-04-25' }, ctx);
      await waitOnExecutionContext(ctx);
    };
    await post(county, '合十乡', gridOf('合十乡', 1));
    await scheduled();
    const old = await env.DB.prepare("SELECT i.current_version_id FROM items i JOIN units u ON u.id = i.unit_id WHERE u.name = '合十乡'").raw<[number]>();
    // Half the descriptions changed: their old targets tombstoned, their ids still listed.
    await post(county, '合十乡', ledger('合十乡', incidents.map((t, i) => ({ description: i % 2 ? edit(t, 5) : edit(t, 1) }))));
    const dropped = (await env.DB.prepare('SELECT version_id FROM near_dropped').raw<[number]>()).map(([v]) => v);
    expect(dropped).toHaveLength(incidents.length / 2);
    for (const v of dropped) expect(old.map(([id]) => id)).toContain(v);
    const inLists = `SELECT count(*) AS n FROM ${LISTED_IDS} WHERE version_id IN (SELECT version_id FROM near_dropped)`;
    expect(await count(inLists)).toBeGreaterThan(0);
    const live = await count(`SELECT count(*) AS n FROM ${POSTINGS}`);
    await scheduled();
    expect(await count('SELECT count(*) AS n FROM near_dropped')).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED_IDS} WHERE version_id IN (SELECT value FROM json_each(?))`, JSON.stringify(dropped))).toBe(0);
    // Every live posting still listed, nothing else, no list left empty.
    expect(await count(`SELECT count(*) AS n FROM ${LISTED_IDS}`)).toBe(live);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED}`)).toBe(live);
    expect(await count("SELECT count(*) AS n FROM near_lists WHERE ids = ''")).toBe(0);
  });
});
