import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, submitLedger } from './helpers.js';

// Events recorded on their own dates, all stored by 06-01 ("today"): a view as of an earlier
// date counts only what existed then.
const TODAY = '2023-06-01';
let county: string;
let keys: string[];

beforeAll(async () => {
  county = await issueToken('county');
  const unit = await issueToken('unit', '儒林镇');
  await issueToken('unit', '茅坪镇');
  const first = await submitLedger(unit, ledger('儒林镇', [
    { description: concrete('儒林镇', 1), deadline: '2023年4月28日' },
    { description: concrete('儒林镇', 2), deadline: '2023年6月30日' },
  ]), { today: '2023-04-24' });
  keys = first.report.sheets[0].items.map((i: { key: string }) => i.key);
  for (const json of [{ unit: '儒林镇', people: 2, heldOn: '2023-05-26' }, { unit: '茅坪镇', people: 1, heldOn: '2023-05-27' }]) {
    await expectJson(await api('POST', '/api/v1/interviews', { token: county, json, today: TODAY }), 201);
  }
  await expectJson(await api('POST', '/api/v1/notices', { token: county, json: { unit: '茅坪镇', kind: 'reminder', sentOn: '2023-05-20' }, today: TODAY }), 201);
  // Recorded on 06-01, decided on 05-10.
  await expectJson(await api('POST', `/api/v1/items/${keys[0]}/reviews`, { token: county, json: { decision: 'return', comment: '请写明案件文号', decidedOn: '2023-05-10' }, today: TODAY }), 201);
  await submitLedger(unit, ledger('儒林镇', [
    { description: concrete('儒林镇', 1), deadline: '2023年4月28日', status: '已完成', completedOn: '2023年5月20日', evidence: '整改报告' },
    { description: concrete('儒林镇', 2), deadline: '2023年6月30日' },
    { description: concrete('儒林镇', 3), deadline: '2023年6月30日' },
  ]), { today: '2023-05-25' });
});

const summary = async (asOf: string) => expectJson(await api('GET', `/api/v1/summary?asOf=${asOf}`, { token: county, today: TODAY }), 200);

describe('a view as of a date counts what existed that day', () => {
  it('summary?asOf=2023-04-30 counts no interview or notice of May', async () => {
    const s = await summary('2023-04-30');
    expect(s.totals).toMatchObject({ interviews: 0, peopleInterviewed: 0, notices: 0 });
    const s2 = await summary('2023-05-26');
    expect(s2.totals).toMatchObject({ interviews: 1, peopleInterviewed: 2, notices: 1 });
  });

  it('counts versions by when they were stored and decisions by decidedOn', async () => {
    const before = await summary('2023-05-09');
    const ru = (s: { units: { unit: string }[] }) => s.units.find((u) => u.unit === '儒林镇') as Record<string, unknown>;
    expect(ru(before)).toMatchObject({ items: 2, versions: 1, byReview: { pending: 2 }, byStatus: { in_progress: 2 }, overdue: 1 });
    const returned = await summary('2023-05-10');
    expect(ru(returned)).toMatchObject({ items: 2, byReview: { pending: 1, returned: 1 } });
    const now = await summary(TODAY);
    expect(ru(now)).toMatchObject({ items: 3, versions: 2, byReview: { pending: 2, revised: 1 }, byStatus: { in_progress: 2, completed: 1 }, overdue: 0 });
    expect(now.totals).toMatchObject({ interviews: 2, peopleInterviewed: 3 });
  });

  it('lists reminders as of the date', async () => {
    const r = await expectJson(await api('GET', '/api/v1/reminders?asOf=2023-05-09', { token: county, today: TODAY }), 200);
    const ru = r.units.find((u: { unit: string }) => u.unit === '儒林镇');
    expect(ru.overdueItems.map((i: { key: string }) => i.key)).toEqual([keys[0]]);
    expect(r.units.find((u: { unit: string }) => u.unit === '茅坪镇')).toMatchObject({ reason: 'missing', notices: 0 });
    const later = await expectJson(await api('GET', '/api/v1/reminders?asOf=2023-05-26', { token: county, today: TODAY }), 200);
    expect(later.units.find((u: { unit: string }) => u.unit === '儒林镇')).toBeUndefined();
    expect(later.units.find((u: { unit: string }) => u.unit === '茅坪镇')).toMatchObject({ notices: 1, lastNoticeOn: '2023-05-20' });
  });

  it('refuses a decision dated before its version or after today', async () => {
    const res = await api('POST', `/api/v1/items/${keys[1]}/reviews`, { token: county, json: { decision: 'assign', decidedOn: '2023-04-20' }, today: TODAY });
    expect(res.status).toBe(422);
    expect((await res.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'decided-on-invalid', message: expect.stringMatching(/^会诊日期/) });
    const future = await api('POST', `/api/v1/items/${keys[1]}/reviews`, { token: county, json: { decision: 'assign', decidedOn: '2023-06-02' }, today: TODAY });
    expect(future.status).toBe(422);
    const n = await env.DB.prepare('SELECT COUNT(*) AS n FROM reviews WHERE item_key = ?').bind(keys[1]).first<number>('n');
    expect(n).toBe(0);
  });

  it('names no stage for a campaign without stages (SPEC campaign-2023.json), and the default campaign stage otherwise', async () => {
    const plain = await expectJson(await api('GET', '/api/v1/summary?asOf=2023-05-10', { token: county, today: TODAY, env: { CAMPAIGN: inject('specCampaign') } }), 200);
    expect(plain).toMatchObject({ stage: null, stages: [], rounds: [] });
    const s = await summary('2023-05-10');
    expect(s.stage).toEqual({ id: 'rectification', name: '提级整改', from: '2023-04-26', to: '2023-06-30' });
    expect(s.stages.map((x: { id: string; submissions: number; decisions: number }) => [x.id, x.submissions, x.decisions])).toEqual([
      ['self-check', 1, 0], ['rectification', 0, 1], ['review-back', 0, 0],
    ]);
  });
});
