import { beforeAll, describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, submitLedger } from './helpers.js';

// A small county seeded through the API, whose every number is known by construction
// (submitted 2023-04-24, 西岩镇 late on 04-27; summary as of 2023-05-29):
//   白毛坪乡  4 items: due soon, on track, overdue, done on time (assigned 1, closed out 1)
//   丹口镇    3 items, 2 vague, 1 copied by 威溪乡          → imprecise, copied
//   西岩镇    3 items, all overdue, submitted late          → late, overdue
//   威溪乡    2 items, 1 a near-duplicate of 丹口镇's        → copied
//   蒋坊乡    registered, never submitted                   → missing
const ASOF = '2023-05-29';
const COPIED = '对违规建房巡查不到位，2023年3月发现违建1处未及时制止';
const COPY = '对违规建房巡查不到位，2023年3月发现违建2处未及时制止';
let county: string;
let overdueKey: string;

beforeAll(async () => {
  county = await issueToken('county');
  const t = Object.fromEntries(await Promise.all(['白毛坪乡', '丹口镇', '西岩镇', '威溪乡', '蒋坊乡'].map(async (u) => [u, await issueToken('unit', u)])));
  const bmp = await submitLedger(t['白毛坪乡']!, ledger('白毛坪乡', [
    { description: concrete('白毛坪乡', 1), deadline: '2023年5月31日', category: '执法程序' },
    { description: concrete('白毛坪乡', 2), deadline: '2023年6月30日', category: '执法裁量' },
    { description: concrete('白毛坪乡', 3), deadline: '2023年4月30日', category: '执法效率' },
    { description: concrete('白毛坪乡', 4), deadline: '立行立改', category: '执法程序', status: '已完成', completedOn: '2023年4月20日', evidence: '复核台账' },
  ]));
  const [a, , c, d] = bmp.report.sheets[0].items.map((i: { key: string }) => i.key);
  overdueKey = c;
  await expectJson(await api('POST', `/api/v1/items/${a}/reviews`, { token: county, json: { decision: 'assign' }, today: '2023-04-25' }), 201);
  await expectJson(await api('POST', `/api/v1/items/${d}/reviews`, { token: county, json: { decision: 'close_out' }, today: '2023-04-25' }), 201);
  await submitLedger(t['丹口镇']!, ledger('丹口镇', [
    { description: '执法不规范', deadline: '2023年12月31日' },
    { description: '执法人员业务能力不足', deadline: '2023年12月31日' },
    { description: COPIED, deadline: '2023年12月31日' },
  ]));
  await submitLedger(t['西岩镇']!, ledger('西岩镇', [
    { description: concrete('西岩镇', 1), deadline: '2023年4月30日' },
    { description: concrete('西岩镇', 2), deadline: '2023年5月10日' },
    { description: concrete('西岩镇', 3), deadline: '2023年5月20日' },
  ]), { today: '2023-04-27' });
  await submitLedger(t['威溪乡']!, ledger('威溪乡', [{ description: COPY }, { description: concrete('威溪乡', 1) }]));
  for (const json of [{ unit: '西岩镇', kind: 'notice', sentOn: '2023-05-05' }, { unit: '西岩镇', kind: 'reminder', sentOn: '2023-05-20' }, { unit: '蒋坊乡', kind: 'reminder' }]) {
    await expectJson(await api('POST', '/api/v1/notices', { token: county, json, today: ASOF }), 201);
  }
  await expectJson(await api('POST', '/api/v1/interviews', { token: county, json: { unit: '西岩镇', people: 3, note: '约谈执法中队负责人' }, today: ASOF }), 201);
});

describe('GET /api/v1/summary', () => {
  it('counts the county exactly', async () => {
    const s = await expectJson(await api('GET', `/api/v1/summary?asOf=${ASOF}`, { token: county }), 200);
    expect(s.asOf).toBe(ASOF);
    expect(s.totals).toEqual({
      units: 5, submitted: 4, late: 1, missing: 1, items: 12, overdue: 4, closedOut: 1, reviewOverdue: 10,
      keyAttention: 3, notices: 3, workNotices: 1, reminders: 2, interviews: 1, peopleInterviewed: 3,
    });
    const by = Object.fromEntries(s.units.map((u: { unit: string }) => [u.unit, u]));
    expect(s.units.map((u: { unit: string }) => u.unit)).toEqual(['白毛坪乡', '丹口镇', '西岩镇', '威溪乡', '蒋坊乡']);
    expect(by['白毛坪乡']).toMatchObject({
      submission: 'on_time', firstSubmittedOn: '2023-04-24', versions: 1, items: 4,
      byCategory: { 执法程序: 2, 执法裁量: 1, 执法效率: 1 },
      byStatus: { in_progress: 3, completed: 1 },
      byTimeliness: { due_soon: 1, on_track: 1, overdue: 1, done_on_time: 1 },
      byReview: { assigned: 1, closed_out: 1, pending: 2 },
      reviewOverdue: 2, closedOut: 1, closedOutReported: 0, closeOutRate: 0.25, vague: 0, overdue: 1, nearDuplicates: 0,
      keyAttention: false, reasons: [],
    });
    expect(by['丹口镇']).toMatchObject({ submission: 'on_time', items: 3, vague: 2, nearDuplicates: 1, keyAttention: true, reasons: ['imprecise', 'copied'] });
    expect(by['西岩镇']).toMatchObject({
      submission: 'late', firstSubmittedOn: '2023-04-27', items: 3, overdue: 3, keyAttention: true, reasons: ['late', 'overdue'],
      byTimeliness: { overdue: 3 }, notices: 2, interviews: 1, peopleInterviewed: 3,
    });
    expect(by['威溪乡']).toMatchObject({ submission: 'on_time', items: 2, nearDuplicates: 1, keyAttention: true, reasons: ['copied'] });
    expect(by['蒋坊乡']).toMatchObject({ submission: 'missing', versions: 0, items: 0, keyAttention: false, reasons: [], notices: 1 });
    expect(s.crossUnit).toHaveLength(1);
    expect(s.crossUnit[0]).toMatchObject({ a: { unit: '威溪乡', description: COPY }, b: { unit: '丹口镇', description: COPIED } });
    expect(s.crossUnit[0].similarity).toBeGreaterThanOrEqual(0.8);
  });

  it('measures timeliness and review against the date asked for', async () => {
    const s = await expectJson(await api('GET', '/api/v1/summary?asOf=2023-04-25', { token: county }), 200);
    // Point in time (SPEC 12.2): 西岩镇 submitted on 04-27, so on 04-25 it had not.
    expect(s.totals).toMatchObject({ overdue: 0, reviewOverdue: 0, keyAttention: 2, submitted: 3, missing: 2 });
    const bmp = s.units.find((u: { unit: string }) => u.unit === '白毛坪乡');
    expect(bmp.byTimeliness).toEqual({ on_track: 2, due_soon: 1, done_on_time: 1 });
    expect(s.units.find((u: { unit: string }) => u.unit === '西岩镇')).toMatchObject({ submission: 'missing', items: 0, reasons: [] });
  });
});

describe('GET /api/v1/reminders', () => {
  it('lists units with overdue items or no submission, with their items and notices', async () => {
    const r = await expectJson(await api('GET', `/api/v1/reminders?asOf=${ASOF}`, { token: county }), 200);
    expect(r.units.map((u: { unit: string; reason: string }) => [u.unit, u.reason])).toEqual([['白毛坪乡', 'overdue'], ['西岩镇', 'overdue'], ['蒋坊乡', 'missing']]);
    expect(r.units[0].overdueItems).toEqual([{ key: overdueKey, description: concrete('白毛坪乡', 3), due: '2023-04-30', daysOverdue: 29 }]);
    expect(r.units[1].overdueItems.map((i: { daysOverdue: number }) => i.daysOverdue)).toEqual([29, 19, 9]);
    expect(r.units[1]).toMatchObject({ notices: 2, lastNoticeOn: '2023-05-20' });
    expect(r.units[2]).toMatchObject({ overdueItems: [], notices: 1, lastNoticeOn: ASOF });
  });
});
