import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index.js';
import { campaignOf } from '../../worker/clock.js';
import { timelinessChanges } from '../../worker/scheduled.js';
import { addDays } from '../../shared/index.js';
import { api, concrete, expectJson, issueToken, ledger, submitLedger } from './helpers.js';

let unit: string;
let keys: string[];

/** Runs the Cron Trigger at an instant, on the real clock (TODAY not pinned). */
async function cronAt(iso: string): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: new Date(iso), cron: '5 16 * * *' }), { ...env, TODAY: '' }, ctx);
  await waitOnExecutionContext(ctx);
}

const changes = async () =>
  (await env.DB.prepare('SELECT item_key, changed_on, from_state, to_state FROM timeliness_changes ORDER BY id').all()).results;

beforeAll(async () => {
  unit = await issueToken('unit', '儒林镇');
  const body = await submitLedger(unit, ledger('儒林镇', [
    { description: concrete('儒林镇', 1), deadline: '2023年4月30日' },
    { description: concrete('儒林镇', 2), deadline: '2023年6月30日' },
    { description: concrete('儒林镇', 3), deadline: '2023年4月30日', status: '已完成', completedOn: '2023年4月22日', evidence: '整改报告' },
  ]));
  keys = body.report.sheets[0].items.map((i: { key: string }) => i.key);
});

describe('the daily Cron Trigger', () => {
  it('changes nothing on the last evening before the deadline passes (county time)', async () => {
    await cronAt('2023-04-30T15:00:00Z'); // 23:00 on 04-30 in Asia/Shanghai
    expect(await changes()).toEqual([]);
  });

  it('records the items that became overdue after county midnight', async () => {
    await cronAt('2023-04-30T16:05:00Z'); // 00:05 on 05-01 in Asia/Shanghai
    expect(await changes()).toEqual([{ item_key: keys[0], changed_on: '2023-05-01', from_state: 'due_soon', to_state: 'overdue' }]);
    const history = await expectJson(await api('GET', `/api/v1/items/${keys[0]}/history`, { token: unit }), 200);
    expect(history.timeliness).toEqual([{ on: '2023-05-01', from: 'due_soon', to: 'overdue' }]);
  });

  it('records nothing more when run twice on one day', async () => {
    await cronAt('2023-04-30T18:00:00Z');
    expect(await changes()).toHaveLength(1);
  });

  it('records each later change once', async () => {
    await cronAt('2023-06-24T16:05:00Z'); // 06-25: the second item is due in 5 days
    expect((await changes()).slice(1)).toEqual([{ item_key: keys[1], changed_on: '2023-06-25', from_state: 'on_track', to_state: 'due_soon' }]);
    const stored = await env.DB.prepare('SELECT timeliness, timeliness_on FROM items WHERE key = ?').bind(keys[2]).first();
    expect(stored).toEqual({ timeliness: 'done_on_time', timeliness_on: '2023-04-24' });
  });

  it('finds the same changes through the combinations as by reading every item, on every day', async () => {
    const other = await issueToken('unit', '坪上镇');
    const deadlines = ['2023年5月10日', '2023年5月31日', '2023年6月5日', '立行立改', '长期坚持', '尽快', '', '15个工作日内', '2023年12月31日'];
    await submitLedger(other, ledger('坪上镇', deadlines.flatMap((deadline, d) => [
      { description: concrete('坪上镇', 2 * d + 1), deadline },
      { description: concrete('坪上镇', 2 * d + 2), deadline, status: '已完成', completedOn: `2023年5月${10 + d}日`, evidence: '整改报告' },
    ])));
    const campaign = campaignOf(env as never);
    let changed = 0;
    for (let day = '2023-04-20'; day <= '2023-07-10'; day = addDays(day, 3)) {
      const every = await timelinessChanges(env.DB, campaign, day, true);
      const found = await timelinessChanges(env.DB, campaign, day);
      const sorted = (c: typeof found.changes) => c.map((x) => JSON.stringify(x)).sort();
      expect(sorted(found.changes), day).toEqual(sorted(every.changes));
      expect(found.items, day).toBe(every.items);
      changed += every.changes.length;
    }
    expect(changed).toBeGreaterThan(100);
  });
});
