import * as XLSX from '@e965/xlsx';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, base64Bytes, concrete, expectJson, issueToken, ledger, snapshot, submission, submitLedger, uploadForm } from './helpers.js';

let county: string;

beforeAll(async () => {
  county = await issueToken('county');
});

const fixtures = inject('specFixtures');
const campaign = inject('specCampaign');

/** A workbook of a ledger whose title names its unit. */
function xlsxOf(unit: string, n = 2): Uint8Array<ArrayBuffer> {
  const grid = ledger(unit, Array.from({ length: n }, (_, i) => ({ description: concrete(unit, i + 1) })));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(grid.values), '整改台账');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** An aggregate sheet: one 责任单位 column, the rows of several units. */
function aggregate(rows: [unit: string, n: number][]) {
  const values: (string | number | null)[][] = [
    ['全县综合行政执法不规范问题整改汇总表'],
    ['序号', '责任单位', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改状态'],
  ];
  for (const [unit, n] of rows) {
    for (let i = 1; i <= n; i++) values.push([values.length - 1, unit, '执法程序', concrete(unit, i), '逐案评查2022年以来的全部案卷并组织培训', '张三', '李四', '2023年6月30日', '整改中']);
  }
  return { sheet: '汇总表', values };
}

describe('unit mismatch (SPEC 12.1)', () => {
  it("refuses 儒林镇's workbook uploaded as 茅坪镇 with 422 naming both, and stores nothing", async () => {
    await issueToken('unit', '儒林镇');
    await issueToken('unit', '茅坪镇');
    const before = await snapshot();
    const res = await api('POST', '/api/v1/uploads', { token: county, body: uploadForm(base64Bytes(fixtures['rulin-town.xlsx']!), 'rulin-town.xlsx', { unit: '茅坪镇' }), env: { CAMPAIGN: campaign } });
    const body = await expectJson(res, 422);
    expect(body.error.code).toBe('unit-mismatch');
    expect(body.error.message).toContain('儒林镇');
    expect(body.error.message).toContain('茅坪镇');
    expect(body.error.units).toEqual({ requested: '茅坪镇', ledger: ['儒林镇'] });
    expect(await snapshot()).toBe(before);
  });

  it('takes the mismatch when the upload confirms it (confirmUnit=1)', async () => {
    const res = await api('POST', '/api/v1/uploads', { token: county, body: uploadForm(xlsxOf('儒林镇'), 'rulin.xlsx', { unit: '茅坪镇', confirmUnit: '1' }) });
    expect((await expectJson(res, 201)).submission.unit).toBe('茅坪镇');
  });

  it('refuses a JSON submission naming another unit than its title, unless confirmUnit is true', async () => {
    const grid = ledger('儒林镇', [{ description: concrete('儒林镇', 7) }]);
    const refused = await api('POST', '/api/v1/submissions', { token: county, json: submission('茅坪镇', grid) });
    expect((await expectJson(refused, 422)).error.code).toBe('unit-mismatch');
    const taken = await api('POST', '/api/v1/submissions', { token: county, json: { ...submission('茅坪镇', grid), confirmUnit: true } });
    expect((await expectJson(taken, 201)).submission.unit).toBe('茅坪镇');
  });

  it('takes a request whose unit is the one the ledger names', async () => {
    const res = await api('POST', '/api/v1/uploads', { token: county, body: uploadForm(xlsxOf('儒林镇'), 'rulin.xlsx', { unit: '儒林镇' }) });
    expect((await expectJson(res, 201)).submission.unit).toBe('儒林镇');
  });
});

describe('county aggregate workbooks (SPEC 12.1)', () => {
  it('splits the 5,000-row county aggregate into one submission per unit, in one batch', async () => {
    const names = ['城步苗族自治县市场监督管理局', '城步苗族自治县自然资源局', '城步苗族自治县交通运输局', '城步苗族自治县农业农村局',
      '城步苗族自治县城市管理和综合执法局', '城步苗族自治县应急管理局', '城步苗族自治县卫生健康局', '城步苗族自治县林业局', '儒林镇', '茅坪镇',
      '丹口镇', '西岩镇', '白毛坪镇', '长安营镇', '五团镇', '威溪乡', '汀坪乡', '蒋坊乡', '兰蓉乡', '南山镇'];
    for (const name of names) await issueToken('unit', name);
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM submissions').first<number>('n');
    const res = await api('POST', '/api/v1/uploads', { token: county, body: uploadForm(base64Bytes(inject('countyAggregate')), 'county-aggregate-5000.xlsx'), today: '2023-05-29' });
    const body = await expectJson(res, 201);
    expect(body.submissions).toHaveLength(20);
    expect(body.submissions.map((s: { unit: string }) => s.unit).sort()).toEqual([...names].sort());
    for (const s of body.submissions) {
      expect(s).toMatchObject({ items: 250, source: 'upload', file: 'county-aggregate-5000.xlsx' });
      expect(s.errors).toBeGreaterThanOrEqual(0);
    }
    expect(body.submissions.find((s: { unit: string }) => s.unit === '蒋坊乡').errors).toBe(9);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM submissions').first<number>('n')).toBe(before! + 20);
    const counts = await env.DB.prepare(
      `SELECT u.name, COUNT(*) AS n FROM items i JOIN units u ON u.id = i.unit_id WHERE u.name IN (SELECT value FROM json_each(?)) GROUP BY u.name`,
    ).bind(JSON.stringify(names.slice(10))).all<{ name: string; n: number }>();
    expect(counts.results.map((r) => r.n)).toEqual(Array(10).fill(250));
  });

  it("stores the aggregate's near-duplicates, between its own units and against stored ones", async () => {
    const token = await issueToken('unit', '癸镇');
    await issueToken('unit', '壬镇');
    await issueToken('unit', '辛镇');
    const copied = concrete('癸镇', 1);
    await submitLedger(token, ledger('癸镇', [{ description: copied }, { description: concrete('癸镇', 2) }]));
    const grid = aggregate([['壬镇', 2], ['辛镇', 2]]);
    grid.values[2]![3] = copied; // 壬镇 row 1 copies 癸镇's stored item
    grid.values[5]![3] = grid.values[3]![3] as string; // 辛镇 row 2 copies 壬镇 row 2
    const body = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(undefined, grid) }), 201);
    expect(body.submissions.map((s: { unit: string; warnings: number }) => s.unit)).toEqual(['壬镇', '辛镇']);
    const summary = await expectJson(await api('GET', '/api/v1/summary', { token: county }), 200);
    const mine = new Set(['壬镇', '辛镇', '癸镇']);
    const pairs = summary.crossUnit
      .filter((p: { a: { unit: string }; b: { unit: string } }) => mine.has(p.a.unit) || mine.has(p.b.unit))
      .map((p: { a: { unit: string }; b: { unit: string } }) => [p.a.unit, p.b.unit].sort().join('-')).sort();
    expect(pairs).toEqual(['壬镇-癸镇', '壬镇-辛镇']);
  });

  it('refuses an aggregate naming unregistered units with 422 listing every one, storing nothing', async () => {
    await issueToken('unit', '甲镇');
    const before = await snapshot();
    const res = await api('POST', '/api/v1/submissions', { token: county, json: submission(undefined, aggregate([['甲镇', 2], ['未登记一乡', 2], ['未登记二乡', 1]])) });
    const body = await expectJson(res, 422);
    expect(body.error.code).toBe('unit-unregistered');
    expect(body.error.units).toEqual(['未登记一乡', '未登记二乡']);
    expect(body.error.message).toContain('未登记一乡、未登记二乡');
    expect(await snapshot()).toBe(before);
  });

  it('still refuses an aggregate from a unit token', async () => {
    const token = await issueToken('unit', '乙镇');
    await issueToken('unit', '丙镇');
    const res = await api('POST', '/api/v1/submissions', { token, json: submission(undefined, aggregate([['乙镇', 2], ['丙镇', 2]])) });
    expect(res.status).toBe(422);
  });

  it('answers a retried aggregate with the first result and stores it once', async () => {
    await issueToken('unit', '丁镇');
    await issueToken('unit', '戊镇');
    const json = submission(undefined, aggregate([['丁镇', 3], ['戊镇', 2]]));
    const headers = { 'idempotency-key': 'aggregate-retry-1' };
    const first = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json, headers }), 201);
    expect(first.submissions.map((s: { unit: string; items: number }) => [s.unit, s.items])).toEqual([['丁镇', 3], ['戊镇', 2]]);
    const again = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json, headers }), 200);
    expect(again).toEqual({ ...first, replayed: true });
  });
});

describe('withdraw (SPEC 12.1)', () => {
  async function twoVersions(unit: string) {
    const token = await issueToken('unit', unit);
    const v1 = await submitLedger(token, ledger(unit, [{ seq: 1, description: concrete(unit, 1) }]));
    const v2 = await submitLedger(token, ledger(unit, [{ seq: 1, description: concrete(unit, 1), measures: '第二版：逐案评查并建立法制审核台账' }, { seq: 2, description: concrete(unit, 2) }]), { today: '2023-04-25' });
    return { token, v1, v2, keys: v2.report.sheets[0].items.map((i: { key: string }) => i.key) as string[] };
  }

  it('reverts each item to its previous version, drops an item with none, and keeps everything in history', async () => {
    const { token, v2, keys } = await twoVersions('撤回一乡');
    const res = await api('POST', `/api/v1/submissions/${v2.submission.id}/withdraw`, { token: county, json: { reason: '误报了草稿' }, today: '2023-04-26' });
    const body = await expectJson(res, 200);
    expect(body.submission).toMatchObject({ id: v2.submission.id, withdrawn: { reason: '误报了草稿', on: '2023-04-26' } });
    const items = await expectJson(await api('GET', '/api/v1/items', { token }), 200);
    expect(items.items.map((i: { key: string; version: number }) => [i.key, i.version])).toEqual([[keys[0], 1]]);
    expect(items.items[0].fields.measures).not.toContain('第二版');
    const history = await expectJson(await api('GET', `/api/v1/items/${keys[0]}/history`, { token }), 200);
    expect(history.versions.map((v: { version: number; withdrawn?: object }) => [v.version, !!v.withdrawn])).toEqual([[1, false], [2, true]]);
    expect(history.reviews.at(-1)).toMatchObject({ decision: 'withdraw', comment: '误报了草稿', version: 2 });
    const gone = await expectJson(await api('GET', `/api/v1/items/${keys[1]}/history`, { token }), 200);
    expect(gone.current).toBe(false);
    expect(gone.versions).toHaveLength(1);
    const kept = await expectJson(await api('GET', `/api/v1/submissions/${v2.submission.id}`, { token }), 200);
    expect(kept.submission.withdrawn).toMatchObject({ reason: '误报了草稿' });
    expect(kept.report.sheets[0].items).toHaveLength(2);
    const again = await api('POST', `/api/v1/submissions/${v2.submission.id}/withdraw`, { token: county, json: { reason: '再撤' } });
    expect((await expectJson(again, 409)).error.code).toBe('already-withdrawn');
  });

  it('lets the submitting unit withdraw within withdrawDays, and not after', async () => {
    const { token, v1, v2 } = await twoVersions('撤回二乡');
    const late = await api('POST', `/api/v1/submissions/${v1.submission.id}/withdraw`, { token, json: { reason: '过期' }, today: '2023-04-28' });
    expect((await expectJson(late, 403)).error.code).toBe('withdraw-too-late');
    await expectJson(await api('POST', `/api/v1/submissions/${v2.submission.id}/withdraw`, { token, json: { reason: '报错了' }, today: '2023-04-28' }), 200);
    const other = await issueToken('unit', '撤回三乡');
    expect((await api('POST', `/api/v1/submissions/${v1.submission.id}/withdraw`, { token: other, json: { reason: 'x' } })).status).toBe(404);
    expect((await api('POST', `/api/v1/submissions/${v1.submission.id}/withdraw`, { token: county, json: {} })).status).toBe(400);
  });
});

describe('on time or late (SPEC 12.1)', () => {
  it("judges the fixture units uploaded by the county on 05-29 as the CLI does: by fill date, never the upload date", async () => {
    const vars = { CAMPAIGN: campaign };
    for (const [file, unit] of [['scj-market-regulation.xlsx', '城步苗族自治县市场监督管理局'], ['rulin-town.xlsx', '儒林镇'], ['maoping-town.xlsx', '茅坪镇']] as const) {
      await issueToken('unit', unit);
      await expectJson(await api('POST', '/api/v1/uploads', { token: county, body: uploadForm(base64Bytes(fixtures[file]!), file, { unit, confirmUnit: '1' }), env: vars, today: '2023-05-29' }), 201);
    }
    const summary = await expectJson(await api('GET', '/api/v1/summary?asOf=2023-05-29', { token: county, env: vars, today: '2023-05-29' }), 200);
    const scj = summary.units.find((u: { unit: string }) => u.unit === '城步苗族自治县市场监督管理局');
    expect(scj.submission).toBe('on_time');
    expect(scj.reasons).not.toContain('late');
  });

  it("judges a unit's own late submission without a fill date late", async () => {
    const token = await issueToken('unit', '迟报乡');
    await submitLedger(token, ledger('迟报乡', [{ description: concrete('迟报乡', 1) }, { description: concrete('迟报乡', 2) }]), { today: '2023-05-02' });
    const summary = await expectJson(await api('GET', '/api/v1/summary?asOf=2023-05-29', { token: county, today: '2023-05-29' }), 200);
    expect(summary.units.find((u: { unit: string }) => u.unit === '迟报乡').submission).toBe('late');
  });
});

describe('unit mismatch from a unit token', () => {
  it('refuses a unit token naming its own unit for a ledger of another, unless confirmed', async () => {
    const token = await issueToken('unit', '己镇');
    await issueToken('unit', '庚镇');
    const grid = ledger('庚镇', [{ description: concrete('己镇', 1) }]);
    const refused = await api('POST', '/api/v1/submissions', { token, json: submission('己镇', grid) });
    expect((await expectJson(refused, 422)).error).toMatchObject({ code: 'unit-mismatch', units: { requested: '己镇', ledger: ['庚镇'] } });
    const taken = await api('POST', '/api/v1/submissions', { token, json: { ...submission('己镇', grid), confirmUnit: true } });
    expect((await expectJson(taken, 201)).submission.unit).toBe('己镇');
  });
});
