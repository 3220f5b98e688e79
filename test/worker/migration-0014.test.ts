import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemGroups } from '../../worker/db/unit-groups.js';
import { schemaBefore } from './empty-database.js';
import { api, concrete, expectJson, ledger, submitLedger, issueToken } from './helpers.js';
import { OLD_VERSIONS, oldCounty } from './old-county.js';

// 0014 keeps the summary's groups per unit. This file's database is emptied, migrated to 0013, a
// county stored the way the servers before it stored one, then migrated on: every unit with
// items starts stale, so the first summary counts the whole county, and later ones what changed.
const COUNTY = 'lc_test_county_migration_0014';
const DIRECT = 'SELECT unit_id, deadline_kind, due, status, completed_on, COUNT(*) FROM items GROUP BY unit_id, deadline_kind, due, status, completed_on';

beforeAll(async () => {
  await schemaBefore('0014');
  // 儒林镇 (1) one item, 茅坪镇 (2) two, 大桥乡 (3) registered with none.
  await env.DB.batch(await oldCounty(COUNTY, ['儒林镇', '茅坪镇', '大桥乡'], OLD_VERSIONS, 0.8, new Map()));
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

describe('migration 0014 over a county stored before it', () => {
  it('marks every unit with items stale and keeps no groups yet', async () => {
    expect((await env.DB.prepare('SELECT unit_id FROM unit_groups_stale ORDER BY unit_id').raw()).flat()).toEqual([1, 2]);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM unit_groups').first<number>('n')).toBe(0);
  });

  it('the first summary counts the county as grouping its items gives it', async () => {
    const body = await expectJson(await api('GET', '/api/v1/summary?asOf=2023-05-29', { token: COUNTY }), 200);
    expect(Object.fromEntries((body.units as { unit: string; items: number; byStatus: Record<string, number> }[]).map((u) => [u.unit, [u.items, u.byStatus]]))).toEqual({
      儒林镇: [1, { in_progress: 1 }],
      茅坪镇: [2, { in_progress: 2 }],
      大桥乡: [0, {}],
    });
    expect(await env.DB.prepare('SELECT count(*) AS n FROM unit_groups_stale').first<number>('n')).toBe(0);
  });

  it('a unit that submits afterwards is counted again with what it added', async () => {
    const token = await issueToken('unit', '大桥乡');
    await submitLedger(token, ledger('大桥乡', [{ seq: 1, description: concrete('大桥乡', 1), deadline: '2023年4月30日' }]));
    const groups = await itemGroups(env.DB);
    expect(groups.dated.map((g) => [g.unitId, g.deadlineKind, g.due, g.status, g.completedOn, g.n])).toEqual(await env.DB.prepare(DIRECT).raw());
    expect(groups.dated.filter((g) => g.unitId === 3).reduce((n, g) => n + g.n, 0)).toBe(1);
  });
});
