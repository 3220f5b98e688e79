import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  BriefItemsResponseSchema, ItemHistorySchema, ItemsResponseSchema, MeResponseSchema, RemindersResponseSchema, SubmissionListSchema, SubmissionResponseSchema,
  SummaryResponseSchema,
} from '../../shared/schema/api.js';
import { api, concrete, expectJson, issueToken, ledger, submitLedger } from './helpers.js';

/** The parsed body, or the schema's complaint (so a drift between Worker and add-in fails loudly). */
function strictly<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return parsed.data;
}

// The add-in's typed client checks every answer against shared/schema/api.ts: so must we.
describe('responses match the shared wire schemas', () => {
  it('for every read and write the add-in makes', async () => {
    const county = await issueToken('county');
    const unit = await issueToken('unit', '儒林镇');
    await issueToken('unit', '茅坪镇');
    const submitted = strictly(SubmissionResponseSchema, await submitLedger(unit, ledger('儒林镇', [
      { description: concrete('儒林镇', 1), deadline: '2023年4月20日' },
      { description: '执法不规范', status: '已完成', completedOn: '2023年4月20日', evidence: '评查报告' },
    ])));
    const key = submitted.report.sheets[0]!.items[0]!.key;
    expect(strictly(MeResponseSchema, await expectJson(await api('GET', '/api/v1/me', { token: unit }), 200)).unit).toBe('儒林镇');
    expect(strictly(ItemsResponseSchema, await expectJson(await api('GET', '/api/v1/items', { token: unit }), 200)).total).toBe(2);
    expect(strictly(BriefItemsResponseSchema, await expectJson(await api('GET', '/api/v1/items?view=brief', { token: unit }), 200)).total).toBe(2);
    await expectJson(await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision: 'return', comment: '请细化' } }), 201);
    expect(strictly(ItemHistorySchema, await expectJson(await api('GET', `/api/v1/items/${key}/history`, { token: unit }), 200)).reviews).toHaveLength(1);
    expect(strictly(SubmissionListSchema, await expectJson(await api('GET', '/api/v1/submissions', { token: county }), 200)).submissions).toHaveLength(1);
    expect(strictly(SummaryResponseSchema, await expectJson(await api('GET', '/api/v1/summary?asOf=2023-05-29', { token: county }), 200)).totals.missing).toBe(1);
    expect(strictly(RemindersResponseSchema, await expectJson(await api('GET', '/api/v1/reminders?asOf=2023-05-29', { token: county }), 200)).units).toHaveLength(2);
  });
});
