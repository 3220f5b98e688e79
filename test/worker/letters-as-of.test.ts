import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, submitLedger, type Row } from './helpers.js';

// A letter as of a date names the unit's items as they stood that day (SPEC 12.2): not an item
// submitted later, not a version, decision or extension dated later, never a withdrawn one.
const U = '儒林镇';
const AS_OF = '2023-05-10';
const TODAY = '2023-06-10';
let county: string;
const text = (n: number) => concrete(U, n);

const one: Row = { seq: 1, description: text(1), deadline: '2023年4月28日' }; // 12 days overdue on 05-10
const two: Row = { seq: 2, description: text(2), deadline: '2023年6月30日' };
const four: Row = { seq: 4, description: text(4), deadline: '2023年5月5日' }; // 5 days overdue on 05-10

function docxText(bytes: Uint8Array): string {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

const letter = async (asOf: string) => {
  const res = await api('GET', `/api/v1/reminders/${encodeURIComponent(U)}/letter.docx?asOf=${asOf}&kind=reminder`, { token: county, today: TODAY });
  expect(res.status).toBe(200);
  return docxText(new Uint8Array(await res.arrayBuffer()));
};

beforeAll(async () => {
  county = await issueToken('county');
  const unit = await issueToken('unit', U);
  await submitLedger(unit, ledger(U, [one, two, four]), { today: '2023-04-24' });
  // Stored 05-05 with a fifth item, withdrawn the next day.
  const withdrawn = await submitLedger(unit, ledger(U, [one, two, four, { seq: 5, description: text(5), deadline: '2023年5月1日' }]), { today: '2023-05-05' });
  await expectJson(await api('POST', `/api/v1/submissions/${withdrawn.submission.id}/withdraw`, { token: county, json: { reason: '误报了草稿' }, today: '2023-05-06' }), 200);
  // After asOf: item 1 completed, a new overdue item 3.
  const later = await submitLedger(unit, ledger(U, [
    { ...one, status: '已完成', completedOn: '2023年5月12日', evidence: '整改报告' }, two, { seq: 3, description: text(3), deadline: '2023年5月1日' }, four,
  ]), { today: '2023-05-15' });
  const key = (seq: number) => later.report.sheets[0].items.find((i: { fields: { seq?: unknown } }) => String(i.fields.seq) === String(seq))?.key as string;
  // After asOf: item 4's deadline extended (approved 05-20), item 2 returned (decided 05-20).
  const asked = await expectJson(await api('POST', `/api/v1/items/${key(4)}/extensions`, { token: unit, json: { requestedDue: '2023-06-30', reason: '涉及案卷需上级复核' }, today: '2023-05-20' }), 201);
  await expectJson(await api('POST', `/api/v1/items/${key(4)}/extensions/${asked.id}/decision`, { token: county, json: { decision: 'approve' }, today: '2023-05-20' }), 201);
  await expectJson(await api('POST', `/api/v1/items/${key(2)}/reviews`, { token: county, json: { decision: 'return', comment: '请写明案件文号', decidedOn: '2023-05-20' }, today: TODAY }), 201);
});

describe('a letter as of a date', () => {
  it('names the items as they stood that day: overdue then, not returned yet, nothing submitted later or withdrawn', async () => {
    const t = await letter(AS_OF);
    // Item 1 was open on 05-10 (completed in the version of 05-15); item 4's extension came on 05-20.
    expect(t).toContain(`${text(1)}2023-04-28逾期未完成整改（逾期12天）`);
    expect(t).toContain(`${text(4)}2023-05-05逾期未完成整改（逾期5天）`);
    expect(t).toContain('逾期未完成整改2项');
    expect(t).not.toContain(text(3)); // submitted 05-15
    expect(t).not.toContain(text(5)); // withdrawn
    expect(t).not.toContain('退回完善后未重新报送'); // returned on 05-20
    // On the day it was stored, before its withdrawal, the withdrawn submission does not count either.
    expect(await letter('2023-05-05')).not.toContain(text(5));
  });

  it('as of today names what the current state says', async () => {
    const t = await letter(TODAY);
    expect(t).toContain(`${text(3)}2023-05-01逾期未完成整改`);
    expect(t).toContain(`${text(2)}`);
    expect(t).toContain('退回完善后未重新报送');
    expect(t).not.toContain(`${text(1)}2023-04-28逾期未完成整改`);
    expect(t).not.toContain(`${text(4)}2023-05-05逾期未完成整改`);
    expect(t).not.toContain(text(5));
  });
});
