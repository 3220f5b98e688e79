import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, submitLedger, type Row } from './helpers.js';

// A withdrawn submission is excluded from every view of the county office (SPEC 12.1, 12.2):
// the chase list, the letters, the summary's stages and the bulletin built on it.
const TODAY = '2023-05-20';
const R = '儒林镇';
const M = '茅坪镇';
let county: string;
const one: Row = { seq: 1, description: concrete(R, 1), deadline: '2023年6月30日' };
const two: Row = { seq: 2, description: concrete(R, 2), deadline: '2023年6月30日' };

const get = async (path: string) => expectJson(await api('GET', path, { token: county, today: TODAY }), 200);
const withdraw = async (id: string, today: string) =>
  expectJson(await api('POST', `/api/v1/submissions/${id}/withdraw`, { token: county, json: { reason: '误报' }, today }), 200);

beforeAll(async () => {
  county = await issueToken('county');
  const r = await issueToken('unit', R);
  const m = await issueToken('unit', M);
  // 茅坪镇's only submission is withdrawn the next day: it has not submitted.
  const only = await submitLedger(m, ledger(M, [{ description: concrete(M, 1), deadline: '2023年4月20日' }]), { today: '2023-04-24' });
  await withdraw(only.submission.id, '2023-04-25');
  // 儒林镇: item 1 returned on 04-26, revised by a submission of 05-04 that is withdrawn on 05-08.
  const first = await submitLedger(r, ledger(R, [one, two]), { today: '2023-04-24' });
  const key1 = first.report.sheets[0].items[0].key as string;
  await expectJson(await api('POST', `/api/v1/items/${key1}/reviews`, { token: county, json: { decision: 'return', comment: '请写明案件文号' }, today: '2023-04-26' }), 201);
  const revised = await submitLedger(r, ledger(R, [
    { ...one, measures: '逐案评查2022年以来的全部案卷并补正告知书', seq: 1 }, two, { seq: 3, description: concrete(R, 3), deadline: '2023年5月1日' },
  ]), { today: '2023-05-04' });
  await withdraw(revised.submission.id, '2023-05-08');
});

describe('a withdrawn submission in the county office’s views', () => {
  it('the chase list names a unit whose only submission was withdrawn as not submitted, on any date', async () => {
    for (const asOf of ['2023-04-24', TODAY]) {
      const r = await get(`/api/v1/reminders?asOf=${asOf}`);
      expect(r.units.find((u: { unit: string }) => u.unit === M), asOf).toMatchObject({ reason: 'missing', overdueItems: [] });
    }
    const s = await get(`/api/v1/summary?asOf=${TODAY}`);
    expect(s.units.find((u: { unit: string }) => u.unit === M)).toMatchObject({ submission: 'missing', items: 0 });
  });

  it('a withdrawal is not a decision of the office: the stages and the bulletin count only the 退回', async () => {
    const s = await get(`/api/v1/summary?asOf=${TODAY}`);
    const decisions = s.stages.map((x: { id: string; decisions: number }) => [x.id, x.decisions]);
    expect(decisions).toEqual([['self-check', 0], ['rectification', 1], ['review-back', 0]]);
    const b = await get(`/api/v1/reports/bulletin?asOf=${TODAY}`);
    expect(b.stages.map((x: { id: string; decisions: number }) => [x.id, x.decisions])).toEqual(decisions);
  });

  it('before its withdrawal, the withdrawn version neither adds items nor revises a returned one', async () => {
    const s = await get('/api/v1/summary?asOf=2023-05-06');
    expect(s.units.find((u: { unit: string }) => u.unit === R)).toMatchObject({ items: 2, byReview: { returned: 1, pending: 1 } });
    const res = await api('GET', `/api/v1/reminders/${encodeURIComponent(R)}/letter.docx?asOf=2023-05-06`, { token: county, today: TODAY });
    const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain(`${concrete(R, 1)}2023-06-30退回完善后未重新报送`);
    expect(text).not.toContain(concrete(R, 3));
  });

  it('the view rebuilt from versions and events agrees with the current state after a withdrawal', async () => {
    const ru = async () => (await get('/api/v1/summary?asOf=2023-05-10')).units.find((u: { unit: string }) => u.unit === R);
    const current = await ru(); // nothing is dated after 05-10 yet: read from the current state
    expect(current).toMatchObject({ items: 2, byReview: { returned: 1, pending: 1 } });
    // A decision dated 05-15: the view as of 05-10 is now rebuilt from versions and review events.
    const key2 = (await get('/api/v1/items')).items.find((i: { fields: { description?: string } }) => i.fields.description === concrete(R, 2)).key;
    await expectJson(await api('POST', `/api/v1/items/${key2}/reviews`, { token: county, json: { decision: 'assign', decidedOn: '2023-05-15' }, today: TODAY }), 201);
    const rebuilt = await ru();
    expect(rebuilt).toEqual(current);
  });
});
