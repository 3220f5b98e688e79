import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index.js';
import { campaignOrDefault, parseCampaign } from '../../shared/index.js';
import { recountRelativeDues } from '../../worker/db/recount-dues.js';
import { api, expectJson, issueToken, oneItemUnit } from './helpers.js';

// A county writes a year's holidays into its campaign (SPEC 12.2; the package lacked the year)
// after relative deadlines were counted without them. An arrangement written for this test, not
// the State Council's for 2027: 10-01 to 10-07 off, Saturday 10-09 worked.
const OWN = JSON.stringify({ ...campaignOrDefault(), holidays: { '2027': { off: ['2027-10-01..2027-10-07'], on: ['2027-10-09'] } } });

let county: string;
beforeAll(async () => {
  county = await issueToken('county');
});

/** The Cron Trigger at an instant, on the real clock, under a CAMPAIGN. */
async function cronAt(iso: string, campaign: string): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: new Date(iso), cron: '5 16 * * *' }), { ...env, TODAY: '', CAMPAIGN: campaign }, ctx);
  await waitOnExecutionContext(ctx);
}

describe('relative deadlines counted again by the campaign in force', () => {
  it('the items list counts by the new holidays at once; the daily job moves the stored due, timeliness and the summary with it', async () => {
    const item = await oneItemUnit('假日', { deadline: '15个工作日内' });
    await expectJson(await api('POST', `/api/v1/items/${item.key}/reviews`, { token: county, json: { decision: 'assign' }, today: '2027-09-28' }), 201);
    const stored = async () => (await env.DB.prepare('SELECT due, timeliness FROM items WHERE key = ?1').bind(item.key).first<{ due: string; timeliness: string }>())!;
    // Counted Monday to Friday from the 交办 on 09-28: the package has no 2027.
    expect((await stored()).due).toBe('2027-10-19');
    const listed = async (campaign: string) => {
      const body = await expectJson(await api('GET', `/api/v1/items?unit=${encodeURIComponent(item.unit)}`, { token: county, today: '2027-10-20', env: { CAMPAIGN: campaign } }), 200);
      return body.items.find((i: { key: string }) => i.key === item.key).deadline;
    };
    expect((await listed('')).due).toBe('2027-10-19');
    // With the holidays: 09-29, 09-30, 10-08, 10-09 (worked), 10-11 … the 15th working day is 10-25.
    expect(await listed(OWN)).toMatchObject({ kind: 'relative', due: '2027-10-25', from: 'assigned' });
    // The night of 10-19/10-20 under the new campaign: the stored due follows, so the item is not overdue on 10-20.
    await cronAt('2027-10-19T16:05:00Z', OWN);
    expect(await stored()).toMatchObject({ due: '2027-10-25' });
    expect((await stored()).timeliness).not.toBe('overdue');
    const summary = await expectJson(await api('GET', '/api/v1/summary?asOf=2027-10-20', { token: county, today: '2027-10-20', env: { CAMPAIGN: OWN } }), 200);
    expect(summary.units.find((u: { unit: string }) => u.unit === item.unit)).toMatchObject({ items: 1, overdue: 0 });
    // Under the campaign without them again, the next night moves it back.
    await cronAt('2027-10-20T16:05:00Z', '');
    expect(await stored()).toMatchObject({ due: '2027-10-19', timeliness: 'overdue' });
  });

  it('an item not assigned counts from where it was read from: a selfCheckDue moved since moves it', async () => {
    const item = await oneItemUnit('自查', { deadline: '30日内' });
    const moved = JSON.stringify({ ...campaignOrDefault(), selfCheckDue: '2023-04-30' });
    const stored = async () => (await env.DB.prepare('SELECT due FROM items WHERE key = ?1').bind(item.key).first<{ due: string }>())!.due;
    expect(await stored()).toBe('2023-05-25'); // 30 days from selfCheckDue 04-25 (the ledger has no fill date)
    const body = await expectJson(await api('GET', `/api/v1/items?unit=${encodeURIComponent(item.unit)}`, { token: county, env: { CAMPAIGN: moved } }), 200);
    expect(body.items[0].deadline).toMatchObject({ kind: 'relative', due: '2023-05-30', from: 'self-check-due' });
    await cronAt('2023-05-01T16:05:00Z', moved);
    expect(await stored()).toBe('2023-05-30');
  });

  it('reads the items a page at a time, and finds the same on pages of one', async () => {
    const items = await Promise.all([1, 2, 3].map(() => oneItemUnit('分页', { deadline: '30日内' })));
    const moved = parseCampaign({ ...campaignOrDefault(), selfCheckDue: '2023-04-28' });
    expect(await recountRelativeDues(env.DB, moved, 1)).toBeGreaterThanOrEqual(3);
    for (const item of items) expect((await env.DB.prepare('SELECT due FROM items WHERE key = ?1').bind(item.key).first<{ due: string }>())!.due).toBe('2023-05-28');
    expect(await recountRelativeDues(env.DB, moved, 1)).toBe(0);
  });

  it('a recount D1 refuses is logged, and the night\'s timeliness still runs', async () => {
    const item = await oneItemUnit('失败', { deadline: '2023年5月10日' });
    // env.DB whose recount read fails (a moment's unavailability); every other statement goes through.
    const db = new Proxy(env.DB, {
      get(target, k) {
        if (k === 'prepare') return (sql: string) => (/WHERE i\.deadline_kind = 'relative'/.test(sql) ? { bind: () => ({ all: () => Promise.reject(new Error('D1_ERROR: Network connection lost.')) }) } : target.prepare(sql));
        const v = Reflect.get(target, k, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: new Date('2023-05-10T16:05:00Z'), cron: '5 16 * * *' }), { ...env, TODAY: '', DB: db }, ctx);
    await waitOnExecutionContext(ctx);
    expect((await env.DB.prepare('SELECT timeliness FROM items WHERE key = ?1').bind(item.key).first<{ timeliness: string }>())!.timeliness).toBe('overdue');
  });
});
