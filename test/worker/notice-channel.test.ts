import { beforeAll, describe, expect, it } from 'vitest';
import { NoticeSchema } from '../../shared/schema/api.js';
import { api, expectJson, issueToken } from './helpers.js';

let county: string;
beforeAll(async () => {
  county = await issueToken('county');
  await issueToken('unit', '儒林镇');
});

describe('notices record their channel (SPEC 12.4)', () => {
  it('keeps the channel sent, a document by default, and lists it', async () => {
    const phone = await expectJson(await api('POST', '/api/v1/notices', { token: county, json: { unit: '儒林镇', kind: 'reminder', channel: 'phone', sentOn: '2023-04-20', note: '电话催办，王主任接听' } }), 201);
    expect(phone).toMatchObject({ channel: 'phone', kind: 'reminder', sentOn: '2023-04-20', note: '电话催办，王主任接听' });
    const doc = await expectJson(await api('POST', '/api/v1/notices', { token: county, json: { unit: '儒林镇', kind: 'notice' } }), 201);
    expect(doc.channel).toBe('document');
    for (const channel of ['in-person', 'sms', 'wecom', 'dingtalk']) {
      await expectJson(await api('POST', '/api/v1/notices', { token: county, json: { unit: '儒林镇', kind: 'notice', channel } }), 201);
    }
    const list = await expectJson(await api('GET', '/api/v1/notices', { token: county }), 200);
    for (const n of list.notices) NoticeSchema.parse(n);
    expect(list.notices.map((n: { channel: string }) => n.channel)).toEqual(['phone', 'document', 'in-person', 'sms', 'wecom', 'dingtalk']);
    const s = await expectJson(await api('GET', '/api/v1/summary', { token: county }), 200);
    expect(s.totals).toMatchObject({ notices: 6, workNotices: 5, reminders: 1 });
  });

  it('refuses an unknown channel with 400, storing nothing', async () => {
    const before = (await expectJson(await api('GET', '/api/v1/notices', { token: county }), 200)).notices.length;
    const res = await expectJson(await api('POST', '/api/v1/notices', { token: county, json: { unit: '儒林镇', kind: 'notice', channel: 'fax' } }), 400);
    expect(res.error.issues[0].path).toBe('channel');
    expect((await expectJson(await api('GET', '/api/v1/notices', { token: county }), 200)).notices).toHaveLength(before);
  });
});
