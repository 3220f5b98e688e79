import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Grid } from '../../shared/index.js';
import { storeSubmission } from '../../worker/db/submissions.js';
import { api, concrete, expectJson, issueToken, ledger, submission } from './helpers.js';

let a = '';
let b = '';

beforeAll(async () => {
  a = await issueToken('unit', '儒林镇');
  b = await issueToken('unit', '茅坪镇');
});

/** A unit's one-row ledger with a key written in 检查·事项编号, as the add-in leaves it. */
function keyed(unit: string, key: string, n: number): Grid {
  const grid = ledger(unit, [{ description: concrete(unit, n) }]);
  grid.values[1]!.push('检查·事项编号');
  grid.values[0]!.push(null);
  grid.values[2]!.push(key);
  return grid;
}

describe('an item belongs to one unit', () => {
  it('when two units submit the same new key at once, no item ever holds both units’ versions', async () => {
    const stored: Record<string, number> = { 儒林镇: 0, 茅坪镇: 0 };
    for (let n = 0; n < 10; n++) {
      const key = `ZG-RACE${n}`;
      const answers = await Promise.all([
        api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, keyed('儒林镇', key, 100 + n)) }),
        api('POST', '/api/v1/submissions', { token: b, json: submission(undefined, keyed('茅坪镇', key, 200 + n)) }),
      ]);
      // Each either stored (201) or was refused whole (409): never a 500, never half.
      for (const res of answers) expect([201, 409]).toContain(res.status);
      if (answers[0]!.status === 201) stored['儒林镇']! += 1;
      if (answers[1]!.status === 201) stored['茅坪镇']! += 1;
    }
    const mixed = await env.DB.prepare(
      `SELECT i.key FROM items i JOIN item_versions v ON v.item_key = i.key WHERE v.unit_id <> i.unit_id
       UNION SELECT i.key FROM items i JOIN item_versions v ON v.id = i.current_version_id WHERE v.unit_id <> i.unit_id`,
    ).raw();
    expect(mixed).toEqual([]);
    // Each unit's own items hold its own text, and the history of each shows only its versions.
    const texts = (unit: string, from: number) => new Set(Array.from({ length: 10 }, (_, n) => concrete(unit, from + n)));
    for (const [token, unit, own] of [[a, '儒林镇', texts('儒林镇', 100)], [b, '茅坪镇', texts('茅坪镇', 200)]] as const) {
      const items = await expectJson(await api('GET', '/api/v1/items', { token }), 200);
      for (const item of items.items) {
        expect(item.unit).toBe(unit);
        expect(own.has(item.fields.description)).toBe(true);
        const history = await expectJson(await api('GET', `/api/v1/items/${encodeURIComponent(item.key)}/history`, { token }), 200);
        for (const v of history.versions) expect(own.has(v.item.fields.description)).toBe(true);
      }
      // Every submission a unit got 201 for is there as an item of its own.
      expect(new Set(items.items.map((i: { fields: { description: string } }) => i.fields.description)).size).toBe(stored[unit]);
    }
  });

  it('is enforced by the database: a write batch with another unit’s key fails whole and stores nothing', async () => {
    const first = await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, keyed('儒林镇', 'ZG-OWNED', 300)) }), 201);
    const owned = first.report.sheets[0].items[0];
    const unitB = await env.DB.prepare("SELECT id FROM units WHERE name = '茅坪镇'").first<number>('id');
    const tokenB = await env.DB.prepare('SELECT id FROM tokens WHERE unit_id = ?').bind(unitB).first<number>('id');
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM submissions').first<number>('n');
    const write = storeSubmission(env.DB, {
      id: crypto.randomUUID(), unitId: unitB!, tokenId: tokenB!, actor: 't', idempotencyKey: null, bodyHash: 'x', source: 'json',
      file: 'x.xlsx', submittedAt: '2023-04-24T00:00:00Z', submittedOn: '2023-04-24', fillDate: null, errors: 0, warnings: 0, report: '{}',
    }, [{ ord: 0, sheetIndex: 0, sheet: 'S', item: { ...owned, unit: '茅坪镇' }, vague: false, hasEvidence: false }], []);
    await expect(write).rejects.toThrow(/item-owned-by-other-unit/);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM submissions').first<number>('n')).toBe(before);
    const history = await expectJson(await api('GET', `/api/v1/items/${encodeURIComponent(owned.key)}/history`, { token: a }), 200);
    expect(history.versions).toHaveLength(1);
  });

  it('in a county aggregate, a written key stays with its own unit: another unit’s row writing it gets an item of its own', async () => {
    const county = await issueToken('county');
    const first = await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, keyed('儒林镇', 'ZG-AGGKEY', 400)) }), 201);
    const key = first.report.sheets[0].items[0].key as string;
    const header = ['序号', '责任单位', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改状态', '检查·事项编号'];
    const row = (seq: number, unit: string, n: number) => [seq, unit, '执法程序', concrete(unit, n), '逐案评查2022年以来的全部案卷并组织培训', '张三', '李四', '2023年6月30日', '整改中', key];
    const values = [['全县汇总表'], header, row(1, '儒林镇', 401), row(2, '茅坪镇', 402)];
    const body = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(undefined, { sheet: '汇总表', values }) }), 201);
    expect(body.submissions.map((x: { unit: string }) => x.unit)).toEqual(['儒林镇', '茅坪镇']);
    const history = await expectJson(await api('GET', `/api/v1/items/${encodeURIComponent(key)}/history`, { token: a }), 200);
    expect(history.versions.map((v: { item: { fields: { description: string } } }) => v.item.fields.description)).toEqual([concrete('儒林镇', 400), concrete('儒林镇', 401)]);
    const theirs = await expectJson(await api('GET', '/api/v1/items', { token: b }), 200);
    const copied = theirs.items.filter((i: { fields: { description: string } }) => i.fields.description === concrete('茅坪镇', 402));
    expect(copied).toHaveLength(1);
    expect(copied[0].key).not.toBe(key);
    expect(copied[0].key).toMatch(/^ZG-[A-Z2-7]{14}$/);
  });
});
