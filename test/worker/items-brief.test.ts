import { beforeAll, describe, expect, it } from 'vitest';
import { BriefItemsResponseSchema } from '../../shared/schema/api.js';
import { api, concrete, expectJson, issueToken, ledger, submitLedger } from './helpers.js';

// GET /items?view=brief: what 拉取会诊状态 and 全县·会诊事项 read. Each item must be exactly the
// full view's item cut down (same selection, order, paging, as-of dates and review facts), without
// the fields and diagnostics the server would otherwise decode and send.
const UNIT = '简表镇';
let unit: string;
let county: string;
let keys: string[];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies read loosely
const brief = (i: any) => ({
  key: i.key, unit: i.unit, description: i.fields.description ?? '', status: i.status, timeliness: i.timeliness, review: i.review,
  ...(i.extension ? { extension: i.extension } : {}),
});
const get = (path: string, token = county) => api('GET', path, { token }).then((r) => expectJson(r, 200));

beforeAll(async () => {
  unit = await issueToken('unit', UNIT);
  county = await issueToken('county');
  const rows = [
    { description: concrete(UNIT, 1), deadline: '2023年4月30日' },
    { description: concrete(UNIT, 2), status: '已完成', completedOn: '2023-04-20', evidence: '整改报告' },
    { description: concrete(UNIT, 3) },
    { description: '工作不够扎实', deadline: '尽快' },
  ];
  const first = await submitLedger(unit, ledger(UNIT, rows), { today: '2023-04-20' });
  keys = first.report.sheets[0].items.map((i: { key: string }) => i.key);
  // A return with its comment, an approved extension, and a second version of one item.
  await expectJson(await api('POST', `/api/v1/items/${keys[2]}/reviews`, { token: county, json: { decision: 'return', comment: '请写明涉及案件的文号' }, today: '2023-04-22' }), 201);
  const asked = await expectJson(await api('POST', `/api/v1/items/${keys[0]}/extensions`, { token: unit, json: { requestedDue: '2023-05-31', reason: '涉及案卷需上级复核' }, today: '2023-04-22' }), 201);
  await expectJson(await api('POST', `/api/v1/items/${keys[0]}/extensions/${asked.id}/decision`, { token: county, json: { decision: 'approve' }, today: '2023-04-23' }), 201);
  await submitLedger(unit, ledger(UNIT, rows.map((r, i) => (i === 1 ? { ...r, description: `${r.description}（已补正）` } : r))), { today: '2023-04-24' });
});

describe('GET /items?view=brief', () => {
  it('lists each item as the full view does, cut down to key, unit, description, status, timeliness, review and extension', async () => {
    for (const query of [`unit=${encodeURIComponent(UNIT)}`, `unit=${encodeURIComponent(UNIT)}&asOf=2023-05-10`, `unit=${encodeURIComponent(UNIT)}&review=returned`, `unit=${encodeURIComponent(UNIT)}&timeliness=overdue&asOf=2023-06-05`]) {
      const full = await get(`/api/v1/items?${query}`);
      const cut = await get(`/api/v1/items?${query}&view=brief`);
      expect(full.items.length, query).toBeGreaterThan(0);
      expect(cut, query).toEqual({ asOf: full.asOf, total: full.total, items: full.items.map(brief), next: full.next });
      expect(BriefItemsResponseSchema.parse(cut), query).toEqual(cut);
      for (const i of cut.items) expect(Object.keys(i), query).not.toContain('fields');
    }
    const all = await get('/api/v1/items?view=brief', unit);
    expect(all.items.find((i: { key: string }) => i.key === keys[2]).review).toMatchObject({ state: 'returned', comment: '请写明涉及案件的文号' });
    expect(all.items.find((i: { key: string }) => i.key === keys[0]).extension).toMatchObject({ due: '2023-05-31' });
    expect(all.items.find((i: { key: string }) => i.key === keys[1]).description).toContain('（已补正）');
  });

  it('as of a past date gives each item as it stood then (the version before)', async () => {
    const then = await get(`/api/v1/items?unit=${encodeURIComponent(UNIT)}&asOf=2023-04-21&view=brief`);
    const full = await get(`/api/v1/items?unit=${encodeURIComponent(UNIT)}&asOf=2023-04-21`);
    expect(then.items).toEqual(full.items.map(brief));
    expect(then.items.find((i: { key: string }) => i.key === keys[1]).description).not.toContain('（已补正）');
  });

  it('pages as the full view does', async () => {
    const q = `/api/v1/items?unit=${encodeURIComponent(UNIT)}&limit=3`;
    for (const offset of [0, 3]) {
      const full = await get(`${q}&offset=${offset}`);
      expect(await get(`${q}&offset=${offset}&view=brief`)).toEqual({ ...full, items: full.items.map(brief) });
    }
  });

  it('refuses another view clearly (400, Chinese first)', async () => {
    const res = await api('GET', '/api/v1/items?view=short', { token: county });
    const body = await expectJson(res, 400);
    expect(body.error.code).toBe('invalid-query');
    expect(body.error.message).toMatch(/^[\u4e00-\u9fff]/);
  });
});
