import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, submission, submitLedger } from './helpers.js';

let rulin: string;
let maoping: string;
let county: string;

const count = (table: string) => env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<number>('n');

beforeAll(async () => {
  rulin = await issueToken('unit', '儒林镇');
  maoping = await issueToken('unit', '茅坪镇');
  county = await issueToken('county');
});

describe('POST /api/v1/submissions', () => {
  it('stores a ledger and answers with the report, each item keyed, timely and pending review', async () => {
    const grid = ledger('儒林镇', [
      { description: concrete('儒林镇', 1) },
      { description: concrete('儒林镇', 2), deadline: '2023年4月20日' },
    ]);
    const body = await submitLedger(rulin, grid);
    expect(body.replayed).toBe(false);
    expect(body.submission).toMatchObject({ unit: '儒林镇', version: 1, items: 2, source: 'json', submittedOn: '2023-04-24' });
    const items = body.report.sheets[0].items;
    expect(items).toHaveLength(2);
    expect(items[0].key).toMatch(/^ZG-/);
    expect(items[0].version).toBe(1);
    // Five working days after 04-24 over May Day (04-29 … 05-03 off): 05-04.
    expect(items[0].review).toEqual({ state: 'pending', since: '2023-04-24', due: '2023-05-04', overdue: false });
    expect(items[0].timeliness).toEqual({ state: 'on_track', daysLeft: 67 });
    expect(items[1].timeliness).toEqual({ state: 'overdue', daysOverdue: 4 });
    expect(items[1].diagnostics.map((d: { code: string }) => d.code)).toContain('overdue');
  });

  it('re-checks the ledger itself: a vague description is flagged whatever the client thought', async () => {
    const body = await submitLedger(maoping, ledger('茅坪镇', [{ description: '执法不规范', measures: '加强学习' }]));
    const codes = body.report.sheets[0].items[0].diagnostics.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['description-vague', 'measures-vague']));
    expect(body.report.units[0]).toMatchObject({ unit: '茅坪镇', keyAttention: true, reasons: ['too-few', 'imprecise'] });
  });

  it('lets the county submit for a unit it names, or the one the ledger names', async () => {
    const named = await submitLedger(county, ledger('茅坪镇', [{ description: concrete('茅坪镇', 2) }]), { unit: '茅坪镇' });
    expect(named.submission.unit).toBe('茅坪镇');
    const inferred = await submitLedger(county, ledger('儒林镇', [{ description: concrete('儒林镇', 3) }]));
    expect(inferred.submission.unit).toBe('儒林镇');
  });

  it('gives a unit token’s submission to its own unit, whatever the sheet says', async () => {
    const body = await submitLedger(maoping, ledger('儒林镇', [{ description: concrete('茅坪镇', 4) }]));
    expect(body.submission.unit).toBe('茅坪镇');
    expect(body.report.sheets[0].items[0].unit).toBe('茅坪镇');
  });
});

describe('Idempotency-Key', () => {
  it('stores a retried submission once and answers the retry with the first result', async () => {
    const json = submission(undefined, ledger('儒林镇', [{ description: concrete('儒林镇', 11) }, { description: concrete('儒林镇', 12) }]));
    const headers = { 'idempotency-key': 'retry-0001' };
    const [subs, versions] = [await count('submissions'), await count('item_versions')];
    const first = await expectJson(await api('POST', '/api/v1/submissions', { token: rulin, json, headers }), 201);
    const again = await api('POST', '/api/v1/submissions', { token: rulin, json, headers });
    const second = await expectJson(again, 200);
    expect(second.replayed).toBe(true);
    expect(second.submission).toEqual(first.submission);
    expect(second.report).toEqual(first.report);
    expect(await count('submissions')).toBe(subs! + 1);
    expect(await count('item_versions')).toBe(versions! + 2);
  });

  it('stores concurrent retries once', async () => {
    const json = submission(undefined, ledger('儒林镇', [{ description: concrete('儒林镇', 13) }]));
    const headers = { 'idempotency-key': 'retry-0002' };
    const subs = await count('submissions');
    const answers = await Promise.all([1, 2, 3].map(() => api('POST', '/api/v1/submissions', { token: rulin, json, headers })));
    const bodies = await Promise.all(answers.map((r) => r.json() as Promise<{ submission: { id: string } }>));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(bodies.map((b) => b.submission.id)).size).toBe(1);
    expect(await count('submissions')).toBe(subs! + 1);
  });

  it('keeps keys per token: another unit may use the same key', async () => {
    const json = submission(undefined, ledger('茅坪镇', [{ description: concrete('茅坪镇', 13) }]));
    const res = await api('POST', '/api/v1/submissions', { token: maoping, json, headers: { 'idempotency-key': 'retry-0002' } });
    expect((await expectJson(res, 201)).submission.unit).toBe('茅坪镇');
  });
});

describe('versions', () => {
  it('keeps two concurrent submissions of one unit as two versions', async () => {
    const unit = await issueToken('unit', '丹口镇');
    const grids = ['整改中', '已完成'].map((status) => ledger('丹口镇', [{ description: concrete('丹口镇', 1), status, evidence: '评查报告' }]));
    const bodies = await Promise.all(grids.map((g) => submitLedger(unit, g)));
    expect(bodies.map((b) => b.submission.version).sort()).toEqual([1, 2]);
    expect(bodies.map((b) => b.report.sheets[0].items[0].version).sort()).toEqual([1, 2]);
    const key = bodies[0].report.sheets[0].items[0].key;
    expect(bodies[1].report.sheets[0].items[0].key).toBe(key);
    const history = await expectJson(await api('GET', `/api/v1/items/${key}/history`, { token: unit }), 200);
    expect(history.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(history.versions.map((v: { item: { status: string } }) => v.item.status).sort()).toEqual(['completed', 'in_progress']);
  });

  it('keeps every earlier version readable after many', async () => {
    const unit = await issueToken('unit', '西岩镇');
    const ids: string[] = [];
    for (let n = 1; n <= 25; n++) {
      const grid = ledger('西岩镇', [{ description: concrete('西岩镇', 1), measures: `第${n}次修改：组织专题学习并逐案评查全部案卷` }]);
      ids.push((await submitLedger(unit, grid)).submission.id);
    }
    const items = await expectJson(await api('GET', '/api/v1/items', { token: unit }), 200);
    expect(items.total).toBe(1);
    expect(items.items[0].version).toBe(25);
    const history = await expectJson(await api('GET', `/api/v1/items/${items.items[0].key}/history`, { token: unit }), 200);
    expect(history.versions).toHaveLength(25);
    history.versions.forEach((v: { version: number; submissionId: string; item: { fields: { measures: string } } }, i: number) => {
      expect(v.version).toBe(i + 1);
      expect(v.submissionId).toBe(ids[i]);
      expect(v.item.fields.measures).toContain(`第${i + 1}次修改`);
    });
    const first = await expectJson(await api('GET', `/api/v1/submissions/${ids[0]}`, { token: unit }), 200);
    expect(first.report.sheets[0].items[0].fields.measures).toContain('第1次修改');
    const list = await expectJson(await api('GET', '/api/v1/submissions', { token: unit }), 200);
    expect(list.submissions.map((s: { version: number }) => s.version)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('keeps an item’s key across resubmissions when the add-in wrote it into the sheet', async () => {
    const unit = await issueToken('unit', '白毛坪乡');
    const first = await submitLedger(unit, ledger('白毛坪乡', [{ seq: 1, description: concrete('白毛坪乡', 1) }]));
    const key = first.report.sheets[0].items[0].key;
    // The add-in's enrichment column 检查·事项编号 carries the key; 序号 changed meanwhile.
    const grid = ledger('白毛坪乡', [{ seq: 7, description: concrete('白毛坪乡', 1) }]);
    grid.values[1]!.push('检查·事项编号');
    grid.values[2]!.push(key);
    const second = await submitLedger(unit, grid);
    expect(second.report.sheets[0].items[0].key).toBe(key);
    expect(second.report.sheets[0].items[0].version).toBe(2);
  });

  it('gives a copied sheet’s items keys of their own, never another unit’s', async () => {
    const unit = await issueToken('unit', '威溪乡');
    const theirs = await submitLedger(rulin, ledger('儒林镇', [{ seq: 40, description: concrete('儒林镇', 40) }]));
    const theirKey = theirs.report.sheets[0].items[0].key;
    const grid = ledger('威溪乡', [{ seq: 1, description: concrete('威溪乡', 40) }]);
    grid.values[1]!.push('检查·事项编号');
    grid.values[2]!.push(theirKey);
    const mine = await submitLedger(unit, grid);
    expect(mine.report.sheets[0].items[0].key).not.toBe(theirKey);
    const history = await expectJson(await api('GET', `/api/v1/items/${theirKey}/history`, { token: rulin }), 200);
    expect(history.versions).toHaveLength(1);
  });
});

describe('near-duplicates against stored ledgers', () => {
  it('flags an item nearly equal to another unit’s stored item, on both units', async () => {
    const a = await issueToken('unit', '汀坪乡');
    const b = await issueToken('unit', '蒋坊乡');
    await submitLedger(a, ledger('汀坪乡', [{ description: '对违规建房巡查不到位，2023年3月发现违建1处未及时制止' }, { description: concrete('汀坪乡', 1) }]));
    const body = await submitLedger(b, ledger('蒋坊乡', [{ description: '对违规建房巡查不到位，2023年3月发现违建2处未及时制止' }, { description: concrete('蒋坊乡', 1) }]));
    const diag = body.report.sheets[0].items[0].diagnostics.find((d: { code: string }) => d.code === 'near-duplicate');
    // The unit token hears that its row 3 is a near-duplicate, not of whose (unit-privacy.test.ts); the county hears all.
    expect(diag).toMatchObject({ severity: 'warning', column: 'C', row: 3 });
    expect(diag.details).toBeUndefined();
    expect(body.report.crossUnit).toEqual([]);
    const full = await expectJson(await api('GET', `/api/v1/submissions/${body.submission.id}`, { token: county }), 200);
    expect(full.report.sheets[0].items[0].diagnostics.find((d: { code: string }) => d.code === 'near-duplicate')).toMatchObject({ details: { otherUnit: '汀坪乡', otherRow: 3 } });
    expect(full.report.crossUnit).toHaveLength(1);
    expect(full.report.crossUnit[0]).toMatchObject({ a: { unit: '蒋坊乡', row: 3 }, b: { unit: '汀坪乡', row: 3 } });
    expect(body.report.units[0]).toMatchObject({ nearDuplicates: 1, reasons: ['copied'] });
    const summary = await expectJson(await api('GET', '/api/v1/summary', { token: county }), 200);
    const units = Object.fromEntries(summary.units.map((u: { unit: string }) => [u.unit, u]));
    expect(units['汀坪乡']).toMatchObject({ nearDuplicates: 1, keyAttention: true, reasons: ['copied'] });
    expect(units['蒋坊乡']).toMatchObject({ nearDuplicates: 1, keyAttention: true, reasons: ['copied'] });
  });
});

describe('GET /api/v1/items', () => {
  it('lists current items a page at a time, with the total', async () => {
    const unit = await issueToken('unit', '五团镇');
    await submitLedger(unit, ledger('五团镇', Array.from({ length: 7 }, (_, i) => ({ description: concrete('五团镇', i + 1), deadline: i < 3 ? '2023年4月20日' : '2023年12月31日' }))));
    const first = await expectJson(await api('GET', '/api/v1/items?limit=3', { token: unit }), 200);
    const rest = await expectJson(await api('GET', '/api/v1/items?limit=3&offset=3', { token: unit }), 200);
    expect([first.total, first.items.length, rest.items.length]).toEqual([7, 3, 3]);
    expect(first.items.map((i: { row: number }) => i.row)).toEqual([3, 4, 5]);
    expect(rest.items.map((i: { row: number }) => i.row)).toEqual([6, 7, 8]);
    const overdue = await expectJson(await api('GET', '/api/v1/items?timeliness=overdue&limit=2', { token: unit }), 200);
    expect([overdue.total, overdue.items.length]).toEqual([3, 2]);
    expect(overdue.items[0]).toMatchObject({ unit: '五团镇', version: 1, timeliness: { state: 'overdue', daysOverdue: 4 }, review: { state: 'pending' } });
  });
});
