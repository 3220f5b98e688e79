import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignOf } from '../../worker/clock.js';
import { currentItemsAsOf, itemsAsOf, itemsOn } from '../../worker/db/as-of.js';
import { api, concrete, expectJson, issueToken, ledger, submitLedger, type Row } from './helpers.js';

// The current state and the state rebuilt from versions and review events are two readings of
// one thing: for a date nothing is dated after, they give the same items, field for field —
// through returns, revisions, a relative deadline made firm by 交办, an approved extension, a
// 销号 and a withdrawal.
const TODAY = '2023-06-01';
const U = '儒林镇';
let county: string;

beforeAll(async () => {
  county = await issueToken('county');
  const unit = await issueToken('unit', U);
  const rows: Row[] = [
    { seq: 1, description: concrete(U, 1), deadline: '2023年4月28日' },
    { seq: 2, description: concrete(U, 2), deadline: '自交办之日起15个工作日内' },
    { seq: 3, description: concrete(U, 3), deadline: '2023年5月10日' },
    { seq: 4, description: concrete(U, 4), deadline: '2023年6月30日', status: '已完成', completedOn: '2023年4月20日', evidence: '整改报告' },
  ];
  const first = await submitLedger(unit, ledger(U, rows), { today: '2023-04-24' });
  const key = (n: number) => first.report.sheets[0].items[n - 1].key as string;
  const decide = (n: number, json: object, today: string) => api('POST', `/api/v1/items/${key(n)}/reviews`, { token: county, json, today });
  await expectJson(await decide(1, { decision: 'return', comment: '请写明案件文号' }, '2023-04-26'), 201);
  await expectJson(await decide(2, { decision: 'assign' }, '2023-04-27'), 201);
  await expectJson(await decide(4, { decision: 'close_out' }, '2023-04-28'), 201);
  const asked = await expectJson(await api('POST', `/api/v1/items/${key(3)}/extensions`, { token: unit, json: { requestedDue: '2023-06-15', reason: '需上级复核' }, today: '2023-05-02' }), 201);
  await expectJson(await api('POST', `/api/v1/items/${key(3)}/extensions/${asked.id}/decision`, { token: county, json: { decision: 'approve' }, today: '2023-05-03' }), 201);
  // A revision of item 1, and a later submission (with a fifth item) that is withdrawn.
  const revised = [{ ...rows[0]!, measures: '逐案评查并补正告知书，5月底前完成' }, ...rows.slice(1)];
  await submitLedger(unit, ledger(U, revised), { today: '2023-05-08' });
  const withdrawn = await submitLedger(unit, ledger(U, [...revised.map((r) => ({ ...r, status: '整改中', completedOn: undefined })), { seq: 5, description: concrete(U, 5) }]), { today: '2023-05-12' });
  await expectJson(await api('POST', `/api/v1/submissions/${withdrawn.submission.id}/withdraw`, { token: county, json: { reason: '误报' }, today: '2023-05-15' }), 200);
});

describe('an item as it stood on a date', () => {
  it('reads the same off the current state as rebuilt from versions and events', async () => {
    const campaign = campaignOf(env as never);
    const current = await currentItemsAsOf(env.DB);
    expect(current.map((i) => i.reviewState).sort()).toEqual(['assigned', 'closed_out', 'pending', 'revised']);
    expect(current.find((i) => i.description === concrete(U, 3))).toMatchObject({ due: '2023-06-15', deadlineKind: 'date' });
    expect(current.find((i) => i.description === concrete(U, 2))).toMatchObject({ assignedOn: '2023-04-27', deadlineKind: 'relative' });
    expect(await itemsAsOf(env.DB, TODAY, campaign)).toEqual(current);
    expect(await itemsOn(env.DB, TODAY, campaign)).toEqual(current);
    const unitId = current[0]!.unitId;
    expect(await itemsAsOf(env.DB, TODAY, campaign, unitId)).toEqual(current);
    expect(await itemsAsOf(env.DB, TODAY, campaign, unitId + 1000)).toEqual([]);
  });
});
