import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectJson, issueToken, oneItemUnit, snapshot, type Row } from './helpers.js';
import { campaignOrDefault, parseCampaign } from '../../shared/index.js';
import { reviewInfo } from '../../worker/review-info.js';

let county: string;

beforeAll(async () => {
  county = await issueToken('county');
});

const DONE: Partial<Row> = { status: '已完成', completedOn: '2023年4月20日', evidence: '评查报告、培训签到表' };

/** A one-item ledger of a fresh unit: its token, the item's key and a resubmitter. */
const item = (row: Partial<Row> = {}) => oneItemUnit('复查', row);

function decide(key: string, decision: string, comment?: string, today?: string) {
  return api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision, ...(comment ? { comment } : {}) }, today });
}

async function history(key: string, token = county, today?: string) {
  return expectJson(await api('GET', `/api/v1/items/${key}/history`, { token, today }), 200);
}

describe('reopen (回头看, SPEC 12.3)', () => {
  it('reopens a closed-out item with a comment; it then awaits the office like pending', async () => {
    const it = await item(DONE);
    await expectJson(await decide(it.key, 'close_out'), 201);
    const body = await expectJson(await decide(it.key, 'reopen', '回头看：整改不彻底，同类问题再次出现', '2023-06-01'), 201);
    // Due 5 working days on (reviewDueIn defaults to working days since issue 11): Thu 1 June → Thu 8 June.
    expect(body.review).toMatchObject({ state: 'reopened', since: '2023-06-01', due: '2023-06-08', overdue: false });
    expect((await history(it.key, county, '2023-06-09')).review).toMatchObject({ state: 'reopened', overdue: true });
    const overdue = await expectJson(await api('GET', '/api/v1/items?review=overdue', { token: it.token, today: '2023-06-09' }), 200);
    expect(overdue.items.map((i: { key: string }) => i.key)).toEqual([it.key]);
    await expectJson(await decide(it.key, 'assign', undefined, '2023-06-09'), 201);
    expect((await history(it.key)).reviews.map((r: { decision: string; to: string }) => [r.decision, r.to])).toEqual([
      ['close_out', 'closed_out'], ['reopen', 'reopened'], ['assign', 'assigned'],
    ]);
  });

  it('needs a comment, and only a closed-out item can be reopened', async () => {
    const closed = await item(DONE);
    await expectJson(await decide(closed.key, 'close_out'), 201);
    const before = await snapshot();
    expect((await expectJson(await decide(closed.key, 'reopen'), 400)).error.code).toBe('invalid-body');
    expect(await snapshot()).toBe(before);
    const open = await item();
    expect((await expectJson(await decide(open.key, 'reopen', '回头看'), 409)).error.code).toBe('invalid-transition');
  });

  it('counts reopened items in the summary by review state', async () => {
    const it = await item(DONE);
    await expectJson(await decide(it.key, 'close_out'), 201);
    await expectJson(await decide(it.key, 'reopen', '回头看发现反弹'), 201);
    const summary = await expectJson(await api('GET', '/api/v1/summary', { token: county }), 200);
    expect(summary.units.find((u: { unit: string }) => u.unit === it.unit).byReview).toEqual({ reopened: 1 });
  });
});

describe('returned-unchanged (SPEC 12.3)', () => {
  it('keeps a returned item returned when it comes back unchanged, and says so on the item', async () => {
    const it = await item();
    await expectJson(await decide(it.key, 'return', '请写明涉及案件的文号'), 201);
    const again = await it.resubmit({}, '2023-04-26');
    const got = again.report.sheets[0].items[0];
    expect(got.review.state).toBe('returned');
    const d = got.diagnostics.find((x: { code: string }) => x.code === 'returned-unchanged');
    expect(d).toMatchObject({ severity: 'warning', row: 3 });
    expect(d.message).toContain('请写明涉及案件的文号');
    expect((await history(it.key)).reviews.map((r: { decision: string }) => r.decision)).toEqual(['return']);
  });

  it('counts whitespace alone as no change, and any content field as a change', async () => {
    const it = await item();
    await expectJson(await decide(it.key, 'return', '请细化措施'), 201);
    const spaced = await it.resubmit({ measures: ' 组织专题学习并逐案评查2022年以来的全部案卷 ' });
    expect(spaced.report.sheets[0].items[0].review.state).toBe('returned');
    const changed = await it.resubmit({ status: '已完成', completedOn: '2023年4月23日', evidence: '评查报告' });
    expect(changed.report.sheets[0].items[0].review.state).toBe('revised');
    expect(changed.report.sheets[0].items[0].diagnostics.map((x: { code: string }) => x.code)).not.toContain('returned-unchanged');
  });
});

describe("the office's latest comment reaches the unit (SPEC 12.3)", () => {
  it('is on each item in GET /items', async () => {
    const it = await item();
    await expectJson(await decide(it.key, 'return', '请写明涉及案件的文号'), 201);
    const listed = await expectJson(await api('GET', '/api/v1/items', { token: it.token }), 200);
    expect(listed.items[0].review).toMatchObject({ state: 'returned', decision: 'return', comment: '请写明涉及案件的文号' });
    await it.resubmit({ measures: '逐案补正文号，建立文书审核台账' });
    await expectJson(await decide(it.key, 'assign', '同意，按期完成'), 201);
    const after = await expectJson(await api('GET', '/api/v1/items', { token: it.token }), 200);
    expect(after.items[0].review).toMatchObject({ state: 'assigned', decision: 'assign', comment: '同意，按期完成' });
  });
});

describe('extensions (延期, SPEC 12.3)', () => {
  it('are asked by the unit, approved by the office, and move the due date timeliness and reminders use', async () => {
    const it = await item({ deadline: '2023年4月30日' });
    const overdueBefore = await expectJson(await api('GET', '/api/v1/items?timeliness=overdue&asOf=2023-05-10', { token: it.token }), 200);
    expect(overdueBefore.items.map((i: { key: string }) => i.key)).toEqual([it.key]);
    const asked = await expectJson(await api('POST', `/api/v1/items/${it.key}/extensions`, { token: it.token, json: { requestedDue: '2023-05-31', reason: '涉及案卷需上级复核' } }), 201);
    expect(asked).toMatchObject({ state: 'pending', requestedDue: '2023-05-31', dueBefore: '2023-04-30' });
    const twice = await api('POST', `/api/v1/items/${it.key}/extensions`, { token: it.token, json: { requestedDue: '2023-06-15', reason: '再申请' } });
    expect((await expectJson(twice, 409)).error.code).toBe('extension-pending');
    expect((await api('POST', `/api/v1/items/${it.key}/extensions/${asked.id}/decision`, { token: it.token, json: { decision: 'approve' } })).status).toBe(403);
    const approved = await expectJson(await api('POST', `/api/v1/items/${it.key}/extensions/${asked.id}/decision`, { token: county, json: { decision: 'approve', comment: '同意延期' }, today: '2023-04-28' }), 201);
    expect(approved).toMatchObject({ state: 'approved', decidedOn: '2023-04-28', comment: '同意延期' });

    const listed = await expectJson(await api('GET', '/api/v1/items?asOf=2023-05-10', { token: it.token }), 200);
    expect(listed.items[0].deadline.due).toBe('2023-05-31');
    expect(listed.items[0].extension).toEqual({ due: '2023-05-31', decidedOn: '2023-04-28', dueBefore: '2023-04-30' });
    expect(listed.items[0].timeliness.state).toBe('on_track');
    const reminders = await expectJson(await api('GET', '/api/v1/reminders?asOf=2023-05-10', { token: county }), 200);
    expect(reminders.units.find((u: { unit: string }) => u.unit === it.unit)).toBeUndefined();

    // A new version that still writes the old date keeps the approved one; history keeps both steps.
    await it.resubmit({ measures: '已复核5卷，其余案卷报上级复核' });
    const still = await expectJson(await api('GET', '/api/v1/items?asOf=2023-06-02', { token: it.token }), 200);
    expect(still.items[0].timeliness).toEqual({ state: 'overdue', daysOverdue: 2 });
    const h = await history(it.key, it.token);
    expect(h.extensions.map((e: { state: string }) => e.state)).toEqual(['approved']);
  });

  it('a denial changes no date; bad requests are refused clearly', async () => {
    const it = await item({ deadline: '2023年5月31日' });
    expect((await api('POST', `/api/v1/items/${it.key}/extensions`, { token: county, json: { requestedDue: '2023-06-30', reason: 'x' } })).status).toBe(403);
    expect((await expectJson(await api('POST', `/api/v1/items/${it.key}/extensions`, { token: it.token, json: { requestedDue: '2023-05-20', reason: '提前' } }), 422)).error.code).toBe('extension-not-later');
    expect((await api('POST', `/api/v1/items/${it.key}/extensions`, { token: it.token, json: { requestedDue: '2023-06-30' } })).status).toBe(400);
    const asked = await expectJson(await api('POST', `/api/v1/items/${it.key}/extensions`, { token: it.token, json: { requestedDue: '2023-06-30', reason: '汛期' } }), 201);
    await expectJson(await api('POST', `/api/v1/items/${it.key}/extensions/${asked.id}/decision`, { token: county, json: { decision: 'deny', comment: '理由不充分' } }), 201);
    const again = await api('POST', `/api/v1/items/${it.key}/extensions/${asked.id}/decision`, { token: county, json: { decision: 'approve' } });
    expect((await expectJson(again, 409)).error.code).toBe('extension-decided');
    const listed = await expectJson(await api('GET', '/api/v1/items', { token: it.token }), 200);
    expect(listed.items[0].deadline.due).toBe('2023-05-31');
    expect(listed.items[0].extension).toBeUndefined();
    const list = await expectJson(await api('GET', `/api/v1/items/${it.key}/extensions`, { token: it.token }), 200);
    expect(list.extensions).toEqual([expect.objectContaining({ state: 'denied', comment: '理由不充分', requestedDue: '2023-06-30' })]);
  });
});

describe('review due dates by the campaign\'s own holidays (SPEC 12.2)', () => {
  // An arrangement written for this test, not the State Council's for 2027.
  const own = parseCampaign({ ...campaignOrDefault(), holidays: { '2027': { off: ['2027-10-01..2027-10-07'], on: ['2027-10-09'] } } });

  it('counts reviewDueDays over the year the campaign writes; Monday to Friday without it', () => {
    // From Thursday 09-30, five working days: 10-08, 10-09 (a Saturday worked), 10-11, 10-12, 10-13.
    expect(reviewInfo('pending', '2027-09-30', '2027-10-13', own)).toMatchObject({ due: '2027-10-13', overdue: false });
    expect(reviewInfo('pending', '2027-09-30', '2027-10-14', own)).toMatchObject({ overdue: true });
    // The package has no 2027: 10-01, 10-04, 10-05, 10-06, 10-07.
    expect(reviewInfo('pending', '2027-09-30', '2027-10-08', campaignOrDefault())).toMatchObject({ due: '2027-10-07', overdue: true });
  });
});
