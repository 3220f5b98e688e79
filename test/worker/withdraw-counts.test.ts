import { describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, submitLedger } from './helpers.js';

// POST /submissions/:id/withdraw answers how many items went back to their previous version and
// how many left the current state (SPEC 12.1). D1 counts the rows its triggers write in a
// statement's `changes` (the near-duplicate index's postings, the summary's stale units), so
// those counts are the items' own rows returned, not `changes`.
describe('a withdrawal counts items, not the rows its triggers wrote', () => {
  it('two items back to their earlier version, one new item dropped, whatever the index held', async () => {
    const county = await issueToken('county');
    const token = await issueToken('unit', '撤回计数乡');
    const rows = (n: number) => [1, 2, 3].map((seq) => ({ seq, description: concrete('撤回计数乡', seq + n), deadline: '2023年6月30日' }));
    await submitLedger(token, ledger('撤回计数乡', rows(0)));
    const second = await submitLedger(token, ledger('撤回计数乡', [...rows(10).slice(0, 2), { seq: 4, description: concrete('撤回计数乡', 40), deadline: '2023年7月31日' }]), { today: '2023-04-25' });
    const body = await expectJson(await api('POST', `/api/v1/submissions/${second.submission.id}/withdraw`, { token: county, json: { reason: '误报' }, today: '2023-04-26' }), 200);
    expect({ reverted: body.reverted, dropped: body.dropped }).toEqual({ reverted: 2, dropped: 1 });
  });
});
