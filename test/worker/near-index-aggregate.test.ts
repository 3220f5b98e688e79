import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks } from '../../shared/index.js';
import { nearCandidates } from '../../worker/near-candidates.js';
import { versionsOf } from '../../worker/submit.js';
import { api, concrete, expectJson, issueToken, ledger, submission, TODAY } from './helpers.js';

const copied = '2023年7月在东湖路沿线巡查时发现占道经营登记未录入执法平台，涉及商户9家';

// A county of two units only (this file's own database): an aggregate of both still finds a
// near-duplicate between one unit's new row and the other's stored item. (No third unit holds
// items, yet the probe must run: each unit's items are candidates for the other's.)
describe('the near-duplicate index in a county of one unit, then two', () => {
  it('probes nothing while no other unit holds items (a first unit resubmitting), and everything for another unit', async () => {
    const county = await issueToken('county');
    await issueToken('unit', '子乡');
    // 子乡's row 2 stays current through the next test: its aggregate resends only row 1.
    await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('子乡', ledger('子乡', [{ description: concrete('子乡', 1) }, { description: copied }])) }), 201);
    const unitId = (await env.DB.prepare("SELECT id FROM units WHERE name = '子乡'").first<number>('id'))!;
    const versions = versionsOf(checkWorkbooks([{ file: 'z.xlsx', sheets: [ledger('子乡', [{ description: concrete('子乡', 1) }, { description: copied }])] }], { asOf: TODAY, unit: '子乡' }));
    const own = await nearCandidates(env.DB, versions, () => unitId, 0.8);
    expect(own.counts.lookups).toBe(0);
    const other = await nearCandidates(env.DB, versions, () => -1, 0.8);
    expect(other.counts.lookups).toBeGreaterThan(0);
    expect(other.stored.map((c) => c.unit)).toEqual(['子乡', '子乡']);
  });

  it("finds the other aggregated unit's stored item when no third unit holds items", async () => {
    const county = await issueToken('county');
    await issueToken('unit', '丑乡');
    const values: (string | number | null)[][] = [
      ['全县综合行政执法不规范问题整改汇总表'],
      ['序号', '责任单位', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改状态'],
      [1, '子乡', '执法程序', concrete('子乡', 3), '逐案评查2022年以来的全部案卷并组织培训', '张三', '李四', '2023年6月30日', '整改中'],
      [2, '丑乡', '执法程序', copied, '逐案评查2022年以来的全部案卷并组织培训', '张三', '李四', '2023年6月30日', '整改中'],
    ];
    const body = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(undefined, { sheet: '汇总表', values }) }), 201);
    expect(body.submissions.map((s: { unit: string }) => s.unit)).toEqual(['子乡', '丑乡']);
    const summary = await expectJson(await api('GET', '/api/v1/summary', { token: county }), 200);
    const pairs = summary.crossUnit.map((p: { a: { unit: string }; b: { unit: string }; similarity: number }) => [[p.a.unit, p.b.unit].sort().join('-'), p.similarity]);
    expect(pairs).toEqual([['丑乡-子乡', 1]]);
  });
});
