import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectJson, issueToken, oneItemUnit, type Row } from './helpers.js';
import { campaignOrDefault } from '../../shared/index.js';

let county: string;

beforeAll(async () => {
  county = await issueToken('county');
});

const DONE: Partial<Row> = { status: '已完成', completedOn: '2023年4月20日', evidence: '评查报告、培训签到表' };

/** A one-item ledger of a fresh unit: its token, the item's key and a resubmitter. */
const item = (row: Partial<Row> = {}) => oneItemUnit('测试', row);

function decide(key: string, decision: string, comment?: string, today?: string) {
  return api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision, ...(comment ? { comment } : {}) }, today });
}

async function stateOf(key: string, today?: string) {
  return (await expectJson(await api('GET', `/api/v1/items/${key}/history`, { token: county, today }), 200)).review;
}

/** Brings a fresh item into a review state by the workflow itself. */
async function itemIn(state: string, row: Partial<Row> = DONE) {
  const it = await item(row);
  if (state === 'assigned') await expectJson(await decide(it.key, 'assign'), 201);
  if (state === 'returned' || state === 'revised') await expectJson(await decide(it.key, 'return', '措施不具体，请细化'), 201);
  if (state === 'revised') await it.resubmit({ measures: '逐案评查2022年以来全部案卷并建立法制审核台账' });
  if (state === 'closed_out') await expectJson(await decide(it.key, 'close_out'), 201);
  expect((await stateOf(it.key)).state).toBe(state);
  return it;
}

describe('valid review transitions', () => {
  it.each([
    ['pending', 'assign', 'assigned'],
    ['pending', 'return', 'returned'],
    ['pending', 'close_out', 'closed_out'],
    ['assigned', 'return', 'returned'],
    ['assigned', 'close_out', 'closed_out'],
    ['revised', 'assign', 'assigned'],
    ['revised', 'return', 'returned'],
    ['revised', 'close_out', 'closed_out'],
  ])('%s → %s gives %s', async (from, decision, to) => {
    const it = await itemIn(from);
    const body = await expectJson(await decide(it.key, decision, decision === 'return' ? '请补充佐证材料' : undefined), 201);
    expect(body.review.state).toBe(to);
    expect((await stateOf(it.key)).state).toBe(to);
  });

  it('turns a returned item into revised when a newer version arrives, and records it', async () => {
    const it = await itemIn('returned');
    const body = await it.resubmit({ measures: '建立法制审核台账，逐案评查2022年以来全部案卷' }, '2023-04-26');
    expect(body.report.sheets[0].items[0].review).toEqual({ state: 'revised', since: '2023-04-26', due: '2023-05-06', overdue: false });
    const history = await expectJson(await api('GET', `/api/v1/items/${it.key}/history`, { token: county }), 200);
    expect(history.reviews.map((r: { decision: string; from: string; to: string }) => [r.decision, r.from, r.to])).toEqual([
      ['return', 'pending', 'returned'],
      ['revise', 'returned', 'revised'],
    ]);
    expect(history.reviews[1].version).toBe(2);
  });

  it('keeps an assigned item assigned when a newer version arrives', async () => {
    const it = await itemIn('assigned');
    await it.resubmit({ measures: '整改中：已评查案卷12卷，补正3卷' });
    expect((await stateOf(it.key)).state).toBe('assigned');
  });
});

describe('invalid review transitions', () => {
  it.each([
    ['assigned', 'assign'],
    ['returned', 'assign'],
    ['returned', 'return'],
    ['returned', 'close_out'],
    ['closed_out', 'assign'],
    ['closed_out', 'return'],
    ['closed_out', 'close_out'],
  ])('%s → %s is 409 and changes nothing', async (from, decision) => {
    const it = await itemIn(from);
    const res = await decide(it.key, decision, decision === 'return' ? '再退回' : undefined);
    expect((await expectJson(res, 409)).error.code).toBe('invalid-transition');
    expect((await stateOf(it.key)).state).toBe(from);
  });

  it.each([
    ['an item in progress', { status: '整改中' }],
    ['a completed item without evidence', { status: '已完成', completedOn: '2023年4月20日' }],
  ])('close-out of %s is 409', async (_, row) => {
    const it = await item(row);
    expect((await expectJson(await decide(it.key, 'close_out'), 409)).error.code).toBe('close-out-not-allowed');
    expect((await stateOf(it.key)).state).toBe('pending');
  });

  it('lets only one of two simultaneous decisions through', async () => {
    const it = await item();
    const answers = await Promise.all([decide(it.key, 'assign'), decide(it.key, 'return', '请细化措施')]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const history = await expectJson(await api('GET', `/api/v1/items/${it.key}/history`, { token: county }), 200);
    expect(history.reviews).toHaveLength(1);
  });
});

describe('the review record', () => {
  it('keeps who decided, when, on which version and why', async () => {
    const it = await item();
    await expectJson(await decide(it.key, 'return', '  请写明涉及的案件文号  ', '2023-04-25'), 201);
    const history = await expectJson(await api('GET', `/api/v1/items/${it.key}/history`, { token: it.token }), 200);
    expect(history.reviews).toHaveLength(1);
    expect(history.reviews[0]).toMatchObject({ decision: 'return', from: 'pending', to: 'returned', comment: '请写明涉及的案件文号', version: 1 });
    expect(history.reviews[0].by).toMatch(/^county/);
    expect(history.reviews[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(history.review).toEqual({ state: 'returned', since: '2023-04-25', overdue: false });
  });

  it('shows a submission not reviewed within reviewDueDays as review-overdue', async () => {
    const it = await item();
    // Five working days (SPEC 12.2): 04-25 … 04-28, then May Day (04-29 … 05-03), 05-04.
    expect(await stateOf(it.key, '2023-05-04')).toEqual({ state: 'pending', since: '2023-04-24', due: '2023-05-04', overdue: false });
    expect(await stateOf(it.key, '2023-05-05')).toEqual({ state: 'pending', since: '2023-04-24', due: '2023-05-04', overdue: true });
    const overdue = await expectJson(await api('GET', '/api/v1/items?review=overdue', { token: it.token, today: '2023-05-05' }), 200);
    expect(overdue.items.map((i: { key: string }) => i.key)).toEqual([it.key]);
    // reviewDueIn "calendar": five calendar days, due 04-29.
    const calendar = JSON.stringify({ ...campaignOrDefault(), reviewDueIn: 'calendar' });
    const asCalendar = await expectJson(await api('GET', `/api/v1/items/${it.key}/history`, { token: it.token, today: '2023-04-30', env: { CAMPAIGN: calendar } }), 200);
    expect(asCalendar.review).toEqual({ state: 'pending', since: '2023-04-24', due: '2023-04-29', overdue: true });
    await expectJson(await decide(it.key, 'assign', undefined, '2023-05-05'), 201);
    expect(await stateOf(it.key, '2023-05-30')).toEqual({ state: 'assigned', since: '2023-05-05', overdue: false });
  });
});
