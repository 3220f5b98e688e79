import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import worker from '../../worker/index.js';
import { api, expectJson } from './helpers.js';
import { seedDemoCounty } from './demo-seed.js';
import { TEST_ROBOTS } from './fake-robots.js';

const ASOF = '2023-05-29';
const DINGTALK = 'https://oapi.dingtalk.com/robot/send?access_token=';
const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=';
let county: string;
let units: Map<string, string>;

/** What the admin command stores (scripts/admin.ts robot set). */
async function setRobot(unit: string, kind: 'dingtalk' | 'wecom', webhook: string, secret: string | null = null) {
  await env.DB.prepare(
    `INSERT INTO unit_robots (unit_id, kind, webhook, secret) SELECT id, ?, ?, ? FROM units WHERE name = ?
     ON CONFLICT (unit_id) DO UPDATE SET kind = excluded.kind, webhook = excluded.webhook, secret = excluded.secret`,
  ).bind(kind, webhook, secret, unit).run();
}

const fake = async (path: string, method = 'GET') => (await fetch(`https://robots.fake${path}`, { method })).json() as Promise<unknown>;
type Received = { robot: string; token: string; query: Record<string, string>; body: { markdown: { title?: string; text?: string; content?: string } } };
const messages = () => fake('/messages') as Promise<Received[]>;
const send = (json: unknown) => api('POST', '/api/v1/notices/send', { token: county, json, today: ASOF });

async function cron(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: new Date('2023-05-30T16:05:00Z'), cron: '5 16 * * *' }), { ...env, TODAY: '2023-05-31' }, ctx);
  await waitOnExecutionContext(ctx);
}

/** HmacSHA256(secret, "timestamp\nsecret") in base64, computed here independently of the Worker. */
async function expectedSign(secret: string, timestamp: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${timestamp}\n${secret}`)));
  return btoa(String.fromCharCode(...mac));
}

beforeAll(async () => {
  ({ county, units } = await seedDemoCounty());
});
beforeEach(async () => {
  await fake('/reset', 'POST');
});

describe('POST /api/v1/notices/send to a DingTalk robot', () => {
  it('arrives signed (timestamp + urlencoded base64 HmacSHA256) and is logged delivered', async () => {
    const secret = TEST_ROBOTS.dingtalk['dt-danko']!;
    await setRobot('丹口镇', 'dingtalk', `${DINGTALK}dt-danko`, secret);
    const before = await expectJson(await api('GET', `/api/v1/summary?asOf=${ASOF}`, { token: county, today: ASOF }), 200);
    const sent = await expectJson(await send({ unit: '丹口镇', kind: 'reminder' }), 201);
    expect(sent).toMatchObject({ unit: '丹口镇', kind: 'reminder', channel: 'dingtalk', sentOn: ASOF, delivery: 'delivered' });
    expect(sent.deliveries).toEqual([expect.objectContaining({ outcome: 'delivered', httpStatus: 200, errcode: 0, errmsg: 'ok' })]);
    const [msg, ...rest] = await messages();
    expect(rest).toEqual([]);
    expect(msg!.token).toBe('dt-danko');
    expect(Math.abs(Number(msg!.query.timestamp) - Date.now())).toBeLessThan(3600_000);
    expect(msg!.query.sign).toBe(await expectedSign(secret, msg!.query.timestamp!));
    expect(msg!.body.markdown.title).toBe('【催办】丹口镇');
    expect(msg!.body.markdown.text).toContain('**丹口镇**：');
    expect(msg!.body.markdown.text).toContain('待县巡察办会诊');
    // The summary counts it as a reminder (催办), apart from notices (工作提示).
    const after = await expectJson(await api('GET', `/api/v1/summary?asOf=${ASOF}`, { token: county, today: ASOF }), 200);
    expect(after.totals.reminders).toBe(before.totals.reminders + 1);
    expect(after.totals.workNotices).toBe(before.totals.workNotices);
    expect(after.units.find((u: { unit: string }) => u.unit === '丹口镇')).toMatchObject({ reminders: 1, workNotices: 0 });
  });

  it('is logged failed with the robot’s answer when the sign does not match, and the daily cron retries it once the secret is fixed', async () => {
    await setRobot('西岩镇', 'dingtalk', `${DINGTALK}dt-danko`, 'SECwrongwrongwrongwrong');
    const sent = await expectJson(await send({ unit: '西岩镇', kind: 'notice' }), 201);
    expect(sent).toMatchObject({ channel: 'dingtalk', delivery: 'failed' });
    expect(sent.deliveries).toEqual([expect.objectContaining({ outcome: 'failed', httpStatus: 200, errcode: 310000, errmsg: 'sign not match' })]);
    expect(await messages()).toEqual([]);
    // A failed notice is not counted as sent.
    const s = await expectJson(await api('GET', `/api/v1/summary?asOf=${ASOF}`, { token: county, today: ASOF }), 200);
    expect(s.units.find((u: { unit: string }) => u.unit === '西岩镇')).toMatchObject({ workNotices: 0 });

    await cron(); // still the wrong secret: one more failed attempt, logged
    let got = await expectJson(await api('GET', `/api/v1/notices/${sent.id}`, { token: county, today: '2023-05-31' }), 200);
    expect(got.deliveries.map((d: { outcome: string }) => d.outcome)).toEqual(['failed', 'failed']);

    await setRobot('西岩镇', 'dingtalk', `${DINGTALK}dt-danko`, TEST_ROBOTS.dingtalk['dt-danko']!); // the admin fixes it
    await cron();
    got = await expectJson(await api('GET', `/api/v1/notices/${sent.id}`, { token: county, today: '2023-05-31' }), 200);
    expect(got).toMatchObject({ delivery: 'delivered', sentOn: '2023-05-31' });
    expect(got.deliveries.map((d: { outcome: string }) => d.outcome)).toEqual(['failed', 'failed', 'delivered']);
    expect((await messages()).map((m) => m.body.markdown.title)).toEqual(['【工作提示】西岩镇']);
    await cron(); // nothing left to retry: no duplicate message
    expect(await messages()).toHaveLength(1);
  });

  it('posts once when a send is retried with its Idempotency-Key (the first answer lost), and answers the retry as the first', async () => {
    await setRobot('丹口镇', 'dingtalk', `${DINGTALK}dt-danko`, TEST_ROBOTS.dingtalk['dt-danko']!);
    const keyed = () => api('POST', '/api/v1/notices/send', { token: county, json: { unit: '丹口镇', kind: 'notice' }, today: ASOF, headers: { 'Idempotency-Key': 'send-once' } });
    const first = await expectJson(await keyed(), 201);
    const again = await keyed();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await expectJson(again, 201)).toEqual(first);
    expect(await messages()).toHaveLength(1);
  });

  it('logs an unknown robot token as failed (300001)', async () => {
    await setRobot('西岩镇', 'dingtalk', `${DINGTALK}no-such-robot`, null);
    const sent = await expectJson(await send({ unit: '西岩镇', kind: 'reminder' }), 201);
    expect(sent.deliveries[0]).toMatchObject({ outcome: 'failed', errcode: 300001, errmsg: 'token is not exist' });
  });
});

describe('POST /api/v1/notices/send to a WeCom robot', () => {
  it('posts markdown; past 20 a minute the robot answers 45009, logged failed, delivered on a retry after the minute', async () => {
    await setRobot('西岩镇', 'wecom', `${WECOM}wc-xiyan`);
    const first = await expectJson(await send({ unit: '西岩镇', kind: 'reminder' }), 201);
    expect(first).toMatchObject({ channel: 'wecom', delivery: 'delivered' });
    const [msg] = await messages();
    expect(msg!.body).toMatchObject({ msgtype: 'markdown' });
    expect(msg!.body.markdown.content).toContain('**西岩镇**：');
    expect(new TextEncoder().encode(msg!.body.markdown.content).length).toBeLessThanOrEqual(4096);
    for (let i = 1; i < 20; i++) await expectJson(await send({ unit: '西岩镇', kind: 'reminder' }), 201);
    const limited = await expectJson(await send({ unit: '西岩镇', kind: 'reminder' }), 201);
    expect(limited.deliveries).toEqual([expect.objectContaining({ outcome: 'failed', errcode: 45009, errmsg: 'api freq out of limit' })]);
    const again = await expectJson(await api('POST', `/api/v1/notices/${limited.id}/retry`, { token: county, today: ASOF }), 200);
    expect(again).toMatchObject({ delivery: 'failed' });
    await fake('/advance?ms=61000', 'POST');
    const retried = await expectJson(await api('POST', `/api/v1/notices/${limited.id}/retry`, { token: county, today: ASOF }), 200);
    expect(retried).toMatchObject({ delivery: 'delivered' });
    expect(retried.deliveries.map((d: { errcode: number }) => d.errcode)).toEqual([45009, 45009, 0]);
    expect((await expectJson(await api('POST', `/api/v1/notices/${limited.id}/retry`, { token: county, today: ASOF }), 409)).error.code).toBe('already-delivered');
    expect(await messages()).toHaveLength(21);
  });

  it('sends only the items asked for, and refuses another unit’s items', async () => {
    await setRobot('西岩镇', 'wecom', `${WECOM}wc-xiyan`);
    const items = await expectJson(await api('GET', `/api/v1/items?unit=${encodeURIComponent('西岩镇')}&asOf=${ASOF}`, { token: county, today: ASOF }), 200);
    const key = items.items[0].key;
    await expectJson(await send({ unit: '西岩镇', kind: 'notice', items: [key] }), 201);
    const [msg] = await messages();
    expect(msg!.body.markdown.content).toContain(key);
    expect(msg!.body.markdown.content).not.toContain(items.items[1].key);
    const other = await expectJson(await api('GET', `/api/v1/items?unit=${encodeURIComponent('丹口镇')}`, { token: county, today: ASOF }), 200);
    expect((await expectJson(await send({ unit: '西岩镇', kind: 'notice', items: [other.items[0].key] }), 422)).error.code).toBe('notice-item-unknown');
  });
});

describe('robot settings stay the office’s', () => {
  it('refuses a unit without a robot (409), a unit token (403) and an unknown unit (422), storing nothing', async () => {
    const count = () => env.DB.prepare('SELECT COUNT(*) AS n FROM notices').first<number>('n');
    const before = await count();
    expect((await expectJson(await send({ unit: '南山镇', kind: 'reminder' }), 409)).error.code).toBe('robot-not-set');
    const unitToken = units.get('丹口镇')!;
    expect((await expectJson(await api('POST', '/api/v1/notices/send', { token: unitToken, json: { unit: '丹口镇', kind: 'reminder' }, today: ASOF }), 403)).error.code).toBe('forbidden');
    expect((await expectJson(await send({ unit: '不存在乡', kind: 'reminder' }), 422)).error.code).toBe('unit-unknown');
    expect(await count()).toBe(before);
  });

  it('never shows a webhook or secret to a unit token (nor to the county through the API)', async () => {
    await setRobot('丹口镇', 'dingtalk', `${DINGTALK}dt-danko`, TEST_ROBOTS.dingtalk['dt-danko']!);
    const sent = await expectJson(await send({ unit: '丹口镇', kind: 'notice' }), 201);
    const unitToken = units.get('丹口镇')!;
    const bodies = [
      await (await api('GET', '/api/v1/notices', { token: unitToken, today: ASOF })).text(),
      await (await api('GET', '/api/v1/me', { token: unitToken, today: ASOF })).text(),
      await (await api('GET', `/api/v1/notices/${sent.id}`, { token: unitToken, today: ASOF })).text(),
      await (await api('GET', `/api/v1/notices/${sent.id}`, { token: county, today: ASOF })).text(),
    ];
    for (const b of bodies) {
      expect(b).not.toContain('dt-danko');
      expect(b).not.toContain('SECdanko');
    }
  });
});
