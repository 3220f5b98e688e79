import { beforeAll, describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, submitLedger } from './helpers.js';

// GET /items pages by place: each page's `next` is where the one after starts (`after`), so a
// list that moves between pages (a submission withdrawn, a review decided) skips nothing, where
// an offset skips as many items as left before it.
const A = '甲页镇';
const B = '乙页镇';
let county: string;
let aToken: string;
let aSecond: string;

const get = (path: string) => api('GET', path, { token: county }).then((r) => expectJson(r, 200));
type Page = { total: number; items: { key: string; unit: string }[]; next?: string };

/** Every page of `limit` of a query, walked by `next`: the keys in order, and the pages' count. */
async function walk(query: string, limit: number): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let after: string | undefined;
  for (let pages = 1; ; pages++) {
    const page: Page = await get(`/api/v1/items?${query}&limit=${limit}${after ? `&after=${after}` : ''}`);
    keys.push(...page.items.map((i) => i.key));
    if (page.items.length < limit) {
      if (page.items.length === 0) expect(page.next).toBeUndefined();
      return { keys, pages };
    }
    after = page.next;
    expect(after).toMatch(/^\d+\.\d+$/);
  }
}

beforeAll(async () => {
  county = await issueToken('county');
  aToken = await issueToken('unit', A);
  const bToken = await issueToken('unit', B);
  // Three items of 甲页镇 on 04-20; 乙页镇's four on 04-21; 甲页镇's fourth, in a second submission, on 04-24.
  const rows = (unit: string, from: number, n: number) => Array.from({ length: n }, (_, i) => ({ description: concrete(unit, from + i), deadline: i % 2 ? '2023年4月22日' : '2023年6月30日' }));
  await submitLedger(aToken, ledger(A, rows(A, 1, 3)), { today: '2023-04-20' });
  await submitLedger(bToken, ledger(B, rows(B, 1, 4)), { today: '2023-04-21' });
  aSecond = (await submitLedger(aToken, ledger(A, rows(A, 1, 4)), { today: '2023-04-24' })).submission.id;
});

describe('GET /items, page after page by `next`', () => {
  it('gives the items of one whole page, in order, for the current list, a filter read in the Worker, and a past date', async () => {
    for (const query of ['view=brief', 'timeliness=overdue&asOf=2023-04-24', 'asOf=2023-04-22', `unit=${encodeURIComponent(A)}`]) {
      const whole: Page = await get(`/api/v1/items?${query}&limit=5000`);
      expect(whole.items.length, query).toBeGreaterThan(1);
      const { keys, pages } = await walk(query, 2);
      expect(keys, query).toEqual(whole.items.map((i) => i.key));
      expect(pages, query).toBe(Math.floor(whole.items.length / 2) + 1);
    }
    // An offset beside `after` counts from there.
    const first: Page = await get('/api/v1/items?limit=2');
    const rest: Page = await get(`/api/v1/items?limit=5000&after=${first.next}`);
    const skipped: Page = await get(`/api/v1/items?limit=2&after=${first.next}&offset=1`);
    expect(skipped.items.map((i) => i.key)).toEqual(rest.items.slice(1, 3).map((i) => i.key));
    // The past date is one the list of today does not hold: 甲页镇's fourth item came later.
    expect((await get('/api/v1/items?asOf=2023-04-22')).total).toBe(7);
    expect((await get('/api/v1/items')).total).toBe(8);
  });

  it('starts after the page before’s last item even when that item has left the list', async () => {
    const first: Page = await get('/api/v1/items?limit=4');
    expect(first.items.map((i) => i.unit)).toEqual([A, A, A, A]);
    const byOffset = (await get('/api/v1/items?limit=2&offset=4')).items.map((i: { key: string }) => i.key);
    // 甲页镇's second submission withdrawn: its fourth item (the page's last) leaves the list.
    await expectJson(await api('POST', `/api/v1/submissions/${aSecond}/withdraw`, { token: county, json: { reason: '误报' } }), 200);
    const after: Page = await get(`/api/v1/items?limit=2&after=${first.next}`);
    expect(after.items.map((i) => i.key)).toEqual(byOffset);
    // The offset now skips one: the list before it is shorter.
    expect((await get('/api/v1/items?limit=2&offset=4')).items[0].key).not.toBe(byOffset[0]);
  });

  it('refuses an `after` that is no page’s next (400, Chinese first)', async () => {
    for (const after of ['abc', '1', '1.2.3', `${'9'.repeat(16)}.1`]) {
      const body = await expectJson(await api('GET', `/api/v1/items?after=${after}`, { token: county }), 400);
      expect(body.error.code).toBe('invalid-query');
      expect(body.error.message).toMatch(/^[\u4e00-\u9fff]/);
    }
  });
});
