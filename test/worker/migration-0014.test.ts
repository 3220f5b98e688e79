import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemGroups } from '../../worker/db/unit-groups.js';
import { schemaBefore } from './empty-database.js';
import { api, concrete, expectJson, issueToken, ledger, submitLedger } from './helpers.js';

// 0014 keeps the summary's groups per unit. This file's database is emptied, migrated to 0013, a
// county submitted through the API of then, and then migrated on: every unit with items starts
// stale, so the first summary counts the whole county, and later ones count what changed.
let county: string;

beforeAll(async () => {
  await schemaBefore('0014');
  county = await issueToken('county');
  for (const unit of ['茅坪镇', '儒林镇']) {
    const token = await issueToken('unit', unit);
    await submitLedger(token, ledger(unit, [
      { seq: 1, description: concrete(unit, 1), deadline: '2023年4月30日', category: '执法程序' },
      { seq: 2, description: concrete(unit, 2), deadline: '2023年6月30日', status: '已完成', completedOn: '2023年4月20日', evidence: '照片' },
    ]));
  }
  await issueToken('unit', '大桥乡'); // registered, no items
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

describe('migration 0014 over a county stored before it', () => {
  it('marks every unit with items stale and keeps no groups yet', async () => {
    const stale = await env.DB.prepare('SELECT count(*) AS n FROM unit_groups_stale').first<number>('n');
    expect(stale).toBe(2);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM unit_groups').first<number>('n')).toBe(0);
  });

  it("the first summary counts the county as grouping its items gives it", async () => {
    const body = await expectJson(await api('GET', '/api/v1/summary?asOf=2023-05-29', { token: county }), 200);
    expect(body.totals.items).toBe(4);
    expect(Object.fromEntries((body.units as { unit: string; items: number; byTimeliness: Record<string, number> }[]).map((u) => [u.unit, [u.items, u.byTimeliness]]))).toEqual({
      茅坪镇: [2, { overdue: 1, done_on_time: 1 }],
      儒林镇: [2, { overdue: 1, done_on_time: 1 }],
      大桥乡: [0, {}],
    });
    const direct = await env.DB.prepare('SELECT unit_id, deadline_kind, due, status, completed_on, COUNT(*) AS n FROM items GROUP BY unit_id, deadline_kind, due, status, completed_on').raw();
    expect((await itemGroups(env.DB)).dated.map((g) => [g.unitId, g.deadlineKind, g.due, g.status, g.completedOn, g.n])).toEqual(direct);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM unit_groups_stale').first<number>('n')).toBe(0);
  });
});
