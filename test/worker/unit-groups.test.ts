import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemGroups, REFRESH_SQL } from '../../worker/db/unit-groups.js';
import { api, concrete, expectJson, issueToken, ledger, submitLedger } from './helpers.js';

// The summary's groups are kept per unit (migration 0014) and counted again for the units whose
// items changed since (each batch writing items marks its unit: staleUnit). Whatever path changes
// an item, they must be what grouping every current item gives at that moment: the two GROUP
// BYs the summary ran before 0014.
const DIRECT = [
  'SELECT unit_id, deadline_kind, due, status, completed_on, COUNT(*) AS n FROM items GROUP BY unit_id, deadline_kind, due, status, completed_on',
  'SELECT unit_id, category, review_state, review_since, vague, COUNT(*) AS n FROM items GROUP BY unit_id, category, review_state, review_since, vague',
];

async function direct() {
  const [dated, facets] = await Promise.all(DIRECT.map((sql) => env.DB.prepare(sql).raw()));
  return {
    dated: dated!.map(([unitId, deadlineKind, due, status, completedOn, n]) => ({ unitId, deadlineKind, due, status, completedOn, n })),
    facets: facets!.map(([unitId, category, reviewState, reviewSince, vague, n]) => ({ unitId, category, reviewState, reviewSince, vague: vague === 1, n })),
  };
}

const stale = async () => (await env.DB.prepare('SELECT unit_id FROM unit_groups_stale ORDER BY unit_id').raw<[number]>()).map(([u]) => u);
const unitId = async (name: string) => (await env.DB.prepare('SELECT id FROM units WHERE name = ?').bind(name).first<number>('id'))!;

let county: string;
const tokens: Record<string, string> = {};
const keys: Record<string, string[]> = {};

beforeAll(async () => {
  county = await issueToken('county');
  for (const unit of ['茅坪镇', '儒林镇', '大桥乡']) {
    tokens[unit] = await issueToken('unit', unit);
    const body = await submitLedger(tokens[unit]!, ledger(unit, [
      { seq: 1, description: concrete(unit, 1), deadline: '2023年4月30日', category: '执法程序' },
      { seq: 2, description: concrete(unit, 2), deadline: '2023年6月30日', category: '执法裁量' },
      { seq: 3, description: '执法不规范', deadline: '立行立改', status: '已完成', completedOn: '2023年4月20日', evidence: '复核台账' },
    ]));
    keys[unit] = body.report.sheets[0].items.map((i: { key: string }) => i.key);
  }
});

describe('the summary groups kept per unit (0014)', () => {
  it('are the grouping of every current item, in the same order, after the county submitted', async () => {
    expect(await itemGroups(env.DB)).toEqual(await direct());
    expect(await stale()).toEqual([]);
    // Read again with nothing stale: the same groups, nothing counted.
    expect(await itemGroups(env.DB)).toEqual(await direct());
  });

  it('a resubmission changing a due date, a status and a category marks its unit alone, and the groups follow', async () => {
    await itemGroups(env.DB);
    await submitLedger(tokens['儒林镇']!, ledger('儒林镇', [
      { seq: 1, description: concrete('儒林镇', 1), deadline: '2023年5月31日', category: '执法效率' },
      { seq: 2, description: concrete('儒林镇', 2), deadline: '2023年6月30日', category: '执法裁量', status: '已完成', completedOn: '2023年5月2日', evidence: '照片' },
      { seq: 3, description: '执法不规范', deadline: '立行立改', status: '已完成', completedOn: '2023年4月20日', evidence: '复核台账' },
      { seq: 4, description: concrete('儒林镇', 4), deadline: '2023年7月31日' },
    ]), { today: '2023-04-26' });
    expect(await stale()).toEqual([await unitId('儒林镇')]);
    expect(await itemGroups(env.DB)).toEqual(await direct());
  });

  it('review decisions and an approved extension (review state, due date) are counted again', async () => {
    const [a, b] = keys['茅坪镇']!;
    await expectJson(await api('POST', `/api/v1/items/${a}/reviews`, { token: county, json: { decision: 'assign' }, today: '2023-04-27' }), 201);
    await expectJson(await api('POST', `/api/v1/items/${b}/reviews`, { token: county, json: { decision: 'return', comment: '请补充佐证' }, today: '2023-04-27' }), 201);
    expect(await stale()).toEqual([await unitId('茅坪镇')]);
    expect(await itemGroups(env.DB)).toEqual(await direct());
    const [c] = keys['大桥乡']!;
    const asked = await expectJson(await api('POST', `/api/v1/items/${c}/extensions`, { token: tokens['大桥乡'], json: { requestedDue: '2023-05-31', reason: '涉及案卷需上级复核' } }), 201);
    await expectJson(await api('POST', `/api/v1/items/${c}/extensions/${asked.id}/decision`, { token: county, json: { decision: 'approve' }, today: '2023-04-28' }), 201);
    expect(await stale()).toEqual([await unitId('大桥乡')]);
    expect(await itemGroups(env.DB)).toEqual(await direct());
  });

  it('a withdrawal (items back to their earlier version, or gone) is counted again', async () => {
    const mine = await submitLedger(tokens['大桥乡']!, ledger('大桥乡', [
      { seq: 1, description: concrete('大桥乡', 1), deadline: '2023年8月31日', category: '执法程序' },
      { seq: 5, description: concrete('大桥乡', 5), deadline: '2023年9月30日' },
    ]), { today: '2023-04-29' });
    expect(await itemGroups(env.DB)).toEqual(await direct());
    await expectJson(await api('POST', `/api/v1/submissions/${mine.submission.id}/withdraw`, { token: county, json: { reason: '误报' }, today: '2023-04-30' }), 200);
    expect(await stale()).toEqual([await unitId('大桥乡')]);
    expect(await itemGroups(env.DB)).toEqual(await direct());
  });

  it('every module that writes items marks the unit it writes, but the timeliness job (no grouped column)', () => {
    const sources = import.meta.glob('../../worker/**/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    const writers = Object.entries(sources).filter(([, text]) => /\b(?:INSERT INTO|UPDATE|DELETE FROM) items(?!\w)/.test(text)).map(([path]) => path.replace('../../', ''));
    expect(writers.sort()).toEqual(['worker/db/extensions.ts', 'worker/db/recount-dues.ts', 'worker/db/reviews.ts', 'worker/db/submissions.ts', 'worker/db/timeliness.ts', 'worker/db/withdraw.ts']);
    for (const path of writers.filter((p) => p !== 'worker/db/timeliness.ts')) expect(sources[`../../${path}`], path).toMatch(/\bstaleUnit(?:OfItem|OfSubmission)?\(db, /);
    // The nightly job sets timeliness and timeliness_on, which no group counts.
    expect(sources['../../worker/db/timeliness.ts']).toMatch(/UPDATE items SET timeliness = j\.value ->> 3, timeliness_on = \?1 FROM/);
  });

  it('counts a stale unit again from its own range of the covering indexes, not the whole table', async () => {
    const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${REFRESH_SQL[1]}`).all<{ detail: string }>()).results.map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/SEARCH items USING COVERING INDEX items_timeliness \(unit_id=\?\)/);
    expect(plan).toMatch(/SEARCH items USING COVERING INDEX items_facets \(unit_id=\?\)/);
    expect(plan).not.toMatch(/SCAN items/);
  });

  it('the summary answers from them: per unit counts equal the direct grouping', async () => {
    const body = await expectJson(await api('GET', '/api/v1/summary?asOf=2023-05-29', { token: county }), 200);
    const groups = await direct();
    for (const u of body.units as { unit: string; items: number; byCategory: Record<string, number> }[]) {
      const id = await unitId(u.unit);
      expect(u.items).toBe(groups.dated.filter((g) => g.unitId === id).reduce((n, g) => n + (g.n as number), 0));
      const categories: Record<string, number> = {};
      for (const g of groups.facets.filter((f) => f.unitId === id)) categories[g.category as string] = (categories[g.category as string] ?? 0) + (g.n as number);
      expect(u.byCategory).toEqual(categories);
    }
  });
});
