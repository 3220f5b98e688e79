import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignOf } from '../../worker/clock.js';
import { asOfWay, datedItemsAsOf, itemsAsOf, itemsAsOfRebuilt } from '../../worker/db/as-of.js';
import { timelinessAsOf } from '../../worker/timeliness-as-of.js';
import { countyFacts } from '../../worker/db/summary.js';
import { countySummary } from '../../worker/summary.js';
import { addDays } from '../../shared/index.js';
import { api, concrete, expectJson, issueToken, ledger, submitLedger, type Row } from './helpers.js';

// itemsAsOf reads the items changed after a date through their versions and events and the
// others off today's state. Held here to rebuilding every item, day by day across a campaign's
// story: revisions, unchanged resubmissions, a relative deadline made firm, 销号 and 回头看,
// extensions approved and denied, a decision recorded later than its decidedOn, withdrawals.
const A = '甲史镇';
const B = '乙史镇';
const unitIds: number[] = [];
let county: string;
// One finding both units wrote: a near-duplicate pair, through both units' versions.
const SHARED = '2023年3月对城区5家餐饮店油烟超标问题未依法立案查处，仅口头责令整改了事';

beforeAll(async () => {
  county = await issueToken('county');
  const a = await issueToken('unit', A);
  const b = await issueToken('unit', B);
  for (const u of [A, B]) unitIds.push((await env.DB.prepare('SELECT id FROM units WHERE name = ?').bind(u).first<number>('id'))!);
  const rowsA: Row[] = [
    { seq: 1, description: concrete(A, 1), deadline: '2023年4月28日' },
    { seq: 2, description: concrete(A, 2), deadline: '自交办之日起15个工作日内' },
    { seq: 3, description: concrete(A, 3), deadline: '2023年5月10日' },
    { seq: 4, description: concrete(A, 4), deadline: '2023年6月30日', status: '已完成', completedOn: '2023年4月20日', evidence: '整改报告' },
    { seq: 5, description: concrete(A, 5), deadline: '立行立改' },
    { seq: 7, description: SHARED },
  ];
  const rowsB: Row[] = [
    { seq: 1, description: concrete(B, 1), deadline: '2023年5月5日' },
    { seq: 2, description: concrete(B, 2), deadline: '30日内' },
    { seq: 3, description: concrete(B, 3), deadline: '长期坚持' },
    { seq: 4, description: concrete(B, 4), deadline: '2023年5月31日', status: '已完成', completedOn: '2023年4月18日', evidence: '销号材料' },
    { seq: 6, description: `${SHARED}。` },
  ];
  const firstA = await submitLedger(a, ledger(A, rowsA), { today: '2023-04-20' });
  const firstB = await submitLedger(b, ledger(B, rowsB), { today: '2023-04-21' });
  const keyA = (n: number) => firstA.report.sheets[0].items[n - 1].key as string;
  const keyB = (n: number) => firstB.report.sheets[0].items[n - 1].key as string;
  const decide = async (key: string, json: object, today: string) => expectJson(await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json, today }), 201);
  const extend = async (unit: string, key: string, requestedDue: string, asked: string, decision: string, decided: string) => {
    const ext = await expectJson(await api('POST', `/api/v1/items/${key}/extensions`, { token: unit, json: { requestedDue, reason: '需上级复核' }, today: asked }), 201);
    await expectJson(await api('POST', `/api/v1/items/${key}/extensions/${ext.id}/decision`, { token: county, json: { decision }, today: decided }), 201);
  };
  await decide(keyA(1), { decision: 'return', comment: '请写明案件文号' }, '2023-04-24');
  await decide(keyA(2), { decision: 'assign' }, '2023-04-24');
  await decide(keyB(4), { decision: 'close_out' }, '2023-04-24');
  const revisedA = [{ ...rowsA[0]!, measures: '逐案评查并补正告知书，5月底前完成' }, ...rowsA.slice(1)];
  await submitLedger(a, ledger(A, revisedA), { today: '2023-04-26' });
  await submitLedger(b, ledger(B, rowsB), { today: '2023-04-28' });
  await extend(a, keyA(3), '2023-06-15', '2023-05-02', 'approve', '2023-05-03');
  await extend(b, keyB(1), '2023-06-30', '2023-05-02', 'deny', '2023-05-04');
  await decide(keyB(4), { decision: 'reopen', comment: '回头看：同类问题再次出现' }, '2023-05-06');
  // Recorded on 05-12, decided on 05-05.
  await decide(keyB(2), { decision: 'assign', decidedOn: '2023-05-05' }, '2023-05-12');
  const withdrawnA = await submitLedger(a, ledger(A, [...revisedA.map((r) => ({ ...r, status: '整改中', completedOn: undefined })), { seq: 6, description: concrete(A, 6) }]), { today: '2023-05-10' });
  await expectJson(await api('POST', `/api/v1/submissions/${withdrawnA.submission.id}/withdraw`, { token: county, json: { reason: '误报' }, today: '2023-05-15' }), 200);
  const laterB = await submitLedger(b, ledger(B, [...rowsB, { seq: 5, description: concrete(B, 5) }]), { today: '2023-05-18' });
  await expectJson(await api('POST', `/api/v1/submissions/${laterB.submission.id}/withdraw`, { token: county, json: { reason: '重复报送' }, today: '2023-05-18' }), 200);
  await submitLedger(b, ledger(B, [...rowsB, { seq: 5, description: concrete(B, 5) }]), { today: '2023-05-22' });
  await decide(keyA(1), { decision: 'assign' }, '2023-05-25');
  await decide(keyA(4), { decision: 'close_out' }, '2023-05-26');
  // The one change to this item after 05-22: its extension.
  await extend(b, keyB(1), '2023-07-15', '2023-05-27', 'approve', '2023-05-28');
});

describe('items as they stood on a date', () => {
  it('are the same read through the changes since as rebuilt item by item, on every day, of the county and of each unit', async () => {
    const campaign = campaignOf(env as never);
    const seen = new Set<string>();
    for (let day = '2023-04-19'; day <= '2023-06-01'; day = addDays(day, 1)) {
      for (const unit of [undefined, ...unitIds]) {
        const rebuilt = await itemsAsOfRebuilt(env.DB, day, campaign, unit);
        expect(await itemsAsOf(env.DB, day, campaign, unit), `${day} ${unit ?? 'county'}`).toEqual(rebuilt);
        if (unit === undefined) seen.add(JSON.stringify(rebuilt));
      }
    }
    // Not vacuous: the county's items stood differently on many of those days.
    expect(seen.size).toBeGreaterThanOrEqual(10);
  });

  it('give the same county summary, groups and near-duplicate pairs, as rebuilding every item, on every day', async () => {
    const campaign = campaignOf(env as never);
    let pairs = 0;
    for (let day = '2023-04-19'; day <= '2023-06-01'; day = addDays(day, 1)) {
      const rebuilt = await countyFacts(env.DB, day, campaign, { way: 'rebuilt' });
      const facts = await countyFacts(env.DB, day, campaign, { way: 'changed' });
      const sorted = (groups: object[]) => groups.map((g) => JSON.stringify(g)).sort();
      expect(sorted(facts.dated), day).toEqual(sorted(rebuilt.dated));
      expect(sorted(facts.facets), day).toEqual(sorted(rebuilt.facets));
      expect(facts.pairs, day).toEqual(rebuilt.pairs);
      expect(countySummary(facts, campaign, day), day).toEqual(countySummary(rebuilt, campaign, day));
      pairs += rebuilt.pairs.length;
    }
    expect(pairs).toBeGreaterThan(10);
  });

  it('of some timeliness (the reminders’ overdue items) are the same through the changes as rebuilt, on every day', async () => {
    const campaign = campaignOf(env as never);
    const seen = new Set<string>();
    for (let day = '2023-04-19'; day <= '2023-06-01'; day = addDays(day, 1)) {
      const timeliness = timelinessAsOf(campaign, day);
      for (const state of ['overdue', 'on_track', 'done_on_time']) {
        const keep = (d: Parameters<typeof timeliness>[0]) => timeliness(d).state === state;
        const rebuilt = (await itemsAsOfRebuilt(env.DB, day, campaign)).filter(keep)
          .map(({ itemId, unitId, key, description, deadlineKind, due, status, completedOn }) => ({ itemId, unitId, key, description, deadlineKind, due, status, completedOn }));
        expect(await datedItemsAsOf(env.DB, day, campaign, 'changed', keep), `${day} ${state}`).toEqual(rebuilt);
        expect(await datedItemsAsOf(env.DB, day, campaign, 'rebuilt', keep), `${day} ${state}`).toEqual(rebuilt);
        if (state === 'overdue') seen.add(JSON.stringify(rebuilt));
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(6);
  });

  it('are what GET /items lists as of each day, whole and page after page, of the county and of a unit, with their state then', async () => {
    const campaign = campaignOf(env as never);
    let token = county;
    const get = (path: string) => api('GET', path, { token, today: '2023-06-01' }).then((r) => expectJson(r, 200));
    for (let day = '2023-04-19'; day <= '2023-06-01'; day = addDays(day, 1)) {
      token = await issueToken('county'); // within the per-token rate limit
      for (const [u, unit] of [undefined, ...unitIds].entries()) {
        const rebuilt = await itemsAsOfRebuilt(env.DB, day, campaign, unit);
        const query = `asOf=${day}${u ? `&unit=${encodeURIComponent([A, B][u - 1]!)}` : ''}`;
        const whole = await get(`/api/v1/items?${query}&limit=5000`);
        expect(whole.total, query).toBe(rebuilt.length);
        expect(whole.items.map((i: { key: string; status: string; review: { state: string } }) => [i.key, i.status, i.review.state]), query)
          .toEqual(rebuilt.map((i) => [i.key, i.status, i.reviewState]));
        const keys: string[] = [];
        for (let next: string | undefined, n = 0; n === 0 || next; n++) {
          const page = await get(`/api/v1/items?${query}&limit=3${next ? `&after=${next}` : ''}`);
          keys.push(...page.items.map((i: { key: string }) => i.key));
          next = page.items.length === 3 ? page.next : undefined;
        }
        expect(keys, query).toEqual(rebuilt.map((i) => i.key));
        const skipped = await get(`/api/v1/items?${query}&limit=2&offset=1`);
        expect(skipped.items.map((i: { key: string }) => i.key), query).toEqual(rebuilt.slice(1, 3).map((i) => i.key));
      }
    }
  });

  it('are read off today’s state when nothing came after, through the changes when fewer came after than before, else rebuilt', async () => {
    const ways = await Promise.all(['2023-04-19', '2023-04-20', '2023-05-12', '2023-05-25', '2023-05-27', '2023-05-29'].map((d) => asOfWay(env.DB, d)));
    expect(ways).toEqual(['rebuilt', 'rebuilt', 'rebuilt', 'changed', 'changed', 'present']);
  });
});
