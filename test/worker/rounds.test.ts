import { beforeAll, describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, snapshot, submitLedger } from './helpers.js';

let county: string;
let unit: string;
let key: string;

beforeAll(async () => {
  county = await issueToken('county');
  unit = await issueToken('unit', '儒林镇');
  const body = await submitLedger(unit, ledger('儒林镇', [{ description: concrete('儒林镇', 1) }]), { today: '2023-04-24' });
  key = body.report.sheets[0].items[0].key;
});

const errorOf = async (res: Response, status: number) => (await expectJson<{ error: { code: string; message: string } }>(res, status)).error;

describe('rounds of 会诊', () => {
  it('the county opens a round (heldOn default today) and lists them in date order', async () => {
    const a = await expectJson(await api('POST', '/api/v1/rounds', { token: county, json: { title: '第一轮会诊' }, today: '2023-04-28' }), 201);
    expect(a).toMatchObject({ id: expect.any(Number), title: '第一轮会诊', heldOn: '2023-04-28' });
    await expectJson(await api('POST', '/api/v1/rounds', { token: county, json: { title: '补充会诊', heldOn: '2023-04-26' }, today: '2023-04-28' }), 201);
    const list = await expectJson(await api('GET', '/api/v1/rounds', { token: county }), 200);
    expect(list.rounds.map((r: { title: string }) => r.title)).toEqual(['补充会诊', '第一轮会诊']);
  });

  it('refuses a unit token, a blank title and a round in the future, storing nothing', async () => {
    const before = await snapshot();
    expect((await api('POST', '/api/v1/rounds', { token: unit, json: { title: 'x' } })).status).toBe(403);
    expect((await errorOf(await api('POST', '/api/v1/rounds', { token: county, json: { title: '  ' } }), 400)).code).toBe('invalid-body');
    const future = await errorOf(await api('POST', '/api/v1/rounds', { token: county, json: { title: '第三轮', heldOn: '2023-05-01' }, today: '2023-04-28' }), 422);
    expect(future).toMatchObject({ code: 'held-on-invalid', message: expect.stringMatching(/^会诊日期/) });
    expect(await snapshot()).toBe(before);
  });

  it('a decision names a round that exists and was held by its date', async () => {
    const before = await snapshot();
    const unknown = await errorOf(await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision: 'assign', round: 999 }, today: '2023-04-28' }), 422);
    expect(unknown.code).toBe('round-not-found');
    const list = await expectJson(await api('GET', '/api/v1/rounds', { token: county }), 200);
    const first = list.rounds.find((r: { title: string }) => r.title === '第一轮会诊');
    const early = await errorOf(await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision: 'assign', round: first.id, decidedOn: '2023-04-27' }, today: '2023-04-28' }), 422);
    expect(early.code).toBe('decided-on-invalid');
    expect(await snapshot()).toBe(before);
    await expectJson(await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision: 'assign', round: first.id }, today: '2023-04-28' }), 201);
    const s = await expectJson(await api('GET', '/api/v1/summary?asOf=2023-04-28', { token: county, today: '2023-04-28' }), 200);
    expect(s.rounds.map((r: { title: string; decided: number; assigned: number }) => [r.title, r.decided, r.assigned])).toEqual([['补充会诊', 0, 0], ['第一轮会诊', 1, 1]]);
    expect((await expectJson(await api('GET', '/api/v1/summary?asOf=2023-04-27', { token: county, today: '2023-04-28' }), 200)).rounds.map((r: { title: string }) => r.title)).toEqual(['补充会诊']);
  });
});
