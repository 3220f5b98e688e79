import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignOrDefault } from '../../shared/index.js';
import { itemsMatch } from '../../worker/items-match.js';
import { api, concrete, expectJson, issueToken, ledger, submitLedger, type Row } from './helpers.js';

// GET /items filtered by timeliness or review=overdue: both depend on asOf, so the core's rules
// decide them. Whatever way the Worker selects the items, the list must be the unfiltered list's
// items whose timeliness (or review) the unfiltered list itself reports, in the same order, with
// the same total, page after page, beside the other filters.
const UNITS = ['甲滤镇', '乙滤镇', '丙滤镇'];
const TODAY = '2024-01-10';
let county: string;

const get = (path: string) => api('GET', path, { token: county, today: TODAY }).then((r) => expectJson(r, 200));
type Listed = { key: string; unit: string; fields: { category?: string }; timeliness: { state: string }; review: { state: string; overdue: boolean } };
type Page = { total: number; items: Listed[]; next?: string };

/** Every page of `limit` of a query, walked by `next`: the keys in order, and the first page's total. */
async function walk(query: string, limit: number): Promise<{ keys: string[]; total: number }> {
  const keys: string[] = [];
  let after: string | undefined;
  let total = -1;
  for (;;) {
    const page: Page = await get(`/api/v1/items?${query}&limit=${limit}${after ? `&after=${after}` : ''}`);
    if (total < 0) total = page.total;
    expect(page.total, query).toBe(total);
    keys.push(...page.items.map((i) => i.key));
    if (page.items.length < limit) return { keys, total };
    after = page.next;
  }
}

// Deadlines of every kind (dates around the as-of dates below, immediate, ongoing, invalid,
// missing, relative) crossed with statuses and completion dates.
const DEADLINES = ['2023年4月30日', '2023年5月31日', '2023年6月5日', '立行立改', '长期坚持', '尽快', '', '15个工作日内', '2023年12月31日'];
const STATES: Partial<Row>[] = [
  { status: '整改中' },
  { status: '未整改' },
  { status: '已完成', completedOn: '2023年4月20日', evidence: '评查报告' },
  { status: '已完成', completedOn: '2023年6月2日', evidence: '评查报告' },
  { status: '已完成' },
  { status: '已销号', completedOn: '2023年4月21日', evidence: '销号审批表' },
];
const CATEGORIES = ['执法程序', '执法效率', '执法裁量'];

beforeAll(async () => {
  county = await issueToken('county');
  let n = 0;
  const keys: string[] = [];
  for (const [u, unit] of UNITS.entries()) {
    const token = await issueToken('unit', unit);
    const rows = DEADLINES.flatMap((deadline, d) =>
      STATES.filter((_, s) => (s + d + u) % 2 === 0).map((state): Row => ({ description: concrete(unit, ++n), deadline, category: CATEGORIES[(n + u) % 3], ...state })),
    );
    const body = await submitLedger(token, ledger(unit, rows), { today: `2023-04-2${u}` });
    keys.push(...body.report.sheets[0].items.map((i: { key: string }) => i.key));
  }
  // Reviews on several dates (review=overdue counts working days from each), and one extension.
  const decide = (key: string, decision: string, today: string, comment?: string) =>
    api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision, ...(comment ? { comment } : {}) }, today }).then((r) => expectJson(r, 201));
  for (const [i, key] of keys.entries()) {
    if (i % 5 === 1) await decide(key, 'assign', '2023-04-25');
    if (i % 5 === 2) await decide(key, 'return', `2023-04-2${5 + (i % 3)}`, '请写明涉及案件的文号');
  }
  const unitToken = await issueToken('unit', UNITS[0]);
  const asked = await expectJson(await api('POST', `/api/v1/items/${keys[1]}/extensions`, { token: unitToken, json: { requestedDue: '2023-07-31', reason: '涉及案卷需上级复核' }, today: '2023-04-26' }), 201);
  await expectJson(await api('POST', `/api/v1/items/${keys[1]}/extensions/${asked.id}/decision`, { token: county, json: { decision: 'approve' }, today: '2023-04-27' }), 201);
});

describe('GET /items by timeliness and review=overdue', () => {
  it('lists exactly the items the unfiltered list reports so, in its order, with its total, page after page', async () => {
    const unit = `unit=${encodeURIComponent(UNITS[1]!)}`;
    const category = `category=${encodeURIComponent('执法效率')}`;
    let checked = 0;
    // 04-23 is before the last submission and decisions (rebuilt as of then); the others read today's state.
    for (const asOf of ['2023-04-23', '2023-04-28', '2023-05-29', '2023-06-01', '2023-07-01', '2024-01-05']) {
      const whole: Page = await get(`/api/v1/items?asOf=${asOf}&limit=5000`);
      expect(whole.total).toBe(whole.items.length);
      const states = [...new Set(whole.items.map((i) => i.timeliness.state))];
      expect(states.length, asOf).toBeGreaterThanOrEqual(asOf === '2023-04-23' ? 4 : 6);
      const cases: [string, (i: Listed) => boolean][] = [
        ...states.map((s): [string, (i: Listed) => boolean] => [`timeliness=${s}`, (i) => i.timeliness.state === s]),
        ['timeliness=overdue&' + unit, (i) => i.timeliness.state === 'overdue' && i.unit === UNITS[1]],
        ['timeliness=due_soon&' + category, (i) => i.timeliness.state === 'due_soon' && i.fields.category === '执法效率'],
        ['timeliness=overdue&review=returned', (i) => i.timeliness.state === 'overdue' && i.review.state === 'returned'],
        ['review=overdue', (i) => i.review.overdue],
        ['review=overdue&timeliness=overdue', (i) => i.review.overdue && i.timeliness.state === 'overdue'],
        ['review=overdue&' + unit, (i) => i.review.overdue && i.unit === UNITS[1]],
        ['timeliness=ongoing&' + unit, (i) => i.timeliness.state === 'ongoing' && i.unit === UNITS[1]],
      ];
      for (const [filter, keep] of cases) {
        const query = `asOf=${asOf}&${filter}`;
        const expected = whole.items.filter(keep).map((i) => i.key);
        const { keys, total } = await walk(query, 3);
        expect(keys, query).toEqual(expected);
        expect(total, query).toBe(expected.length);
        // An offset counts within the filtered list.
        const skipped: Page = await get(`/api/v1/items?${query}&limit=2&offset=1`);
        expect(skipped.items.map((i) => i.key), query).toEqual(expected.slice(1, 3));
        checked += expected.length;
      }
    }
    // Not vacuous: the cases selected many items, review=overdue among them.
    expect(checked).toBeGreaterThan(300);
    expect((await get('/api/v1/items?asOf=2023-05-29&review=overdue&limit=5000')).total).toBeGreaterThan(3);
  });

  it('lists nothing for a state no item is in, and refuses a state that is none (400, Chinese first)', async () => {
    // No item is of 执法理念.
    const none: Page = await get(`/api/v1/items?asOf=2023-04-28&timeliness=ongoing&category=${encodeURIComponent('执法理念')}`);
    expect(none).toMatchObject({ total: 0, items: [] });
    expect(none.next).toBeUndefined();
    const bad = await expectJson(await api('GET', '/api/v1/items?timeliness=late', { token: county, today: TODAY }), 400);
    expect(bad.error.code).toBe('invalid-query');
    expect(bad.error.message).toMatch(/^[\u4e00-\u9fff]/);
  });

  it('keeps each combination once, and gives none to bind when its list would pass the bound string’s size (the route then filters every item itself)', async () => {
    const match = await itemsMatch(env.DB, campaignOrDefault(), '2023-05-29', { timeliness: 'overdue', reviewOverdue: true });
    const dated = match!.dated!.map((c) => JSON.stringify(c));
    expect(dated.length).toBeGreaterThan(2);
    expect(new Set(dated).size).toBe(dated.length);
    expect(match!.reviewed!.length).toBeGreaterThan(0);
    const bytes = JSON.stringify(match!.dated).length;
    expect(await itemsMatch(env.DB, campaignOrDefault(), '2023-05-29', { timeliness: 'overdue', reviewOverdue: false }, undefined, bytes)).toBeDefined();
    expect(await itemsMatch(env.DB, campaignOrDefault(), '2023-05-29', { timeliness: 'overdue', reviewOverdue: false }, undefined, bytes - 1)).toBeUndefined();
  });
});
