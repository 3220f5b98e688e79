import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../worker/hash.js';
import { schemaBefore } from './empty-database.js';
import { api, expectJson } from './helpers.js';

// A county database written before 0003 (rounds, decidedOn, 交办 dates) keeps working once
// 0003 is applied: this file's database is emptied, migrated to 0001 only, filled the way the
// server of then wrote it, then migrated to the end.
const COUNTY = 'lc_test_county_migration_0003';
const KEY = 'ZG-MIGRATED0000001';

beforeAll(async () => {
  await schemaBefore('0002');
  const item = {
    row: 3, unit: '儒林镇', key: KEY, fields: { description: '2023年3月办理的2起案件未告知陈述申辩权利', evidence: '整改报告' },
    deadline: { kind: 'date', due: '2023-05-31', text: '2023年5月31日' }, status: 'completed', completedOn: '2023-05-10',
    timeliness: { state: 'done_on_time' }, diagnostics: [],
  };
  await env.DB.batch([
    env.DB.prepare("INSERT INTO units (id, name) VALUES (1, '儒林镇')"),
    env.DB.prepare("INSERT INTO tokens (id, token_hash, role, label) VALUES (1, ?, 'county', 'county office')").bind(await sha256Hex(COUNTY)),
    env.DB.prepare(
      `INSERT INTO submissions (id, unit_id, version, token_id, body_hash, source, file, submitted_at, submitted_on, item_count, error_count, warning_count, report)
       VALUES ('s1', 1, 1, 1, 'h', 'json', 'rulin.xlsx', '2023-04-24T02:00:00Z', '2023-04-24', 1, 0, 0, '{"sheets":[]}')`,
    ),
    env.DB.prepare(
      `INSERT INTO item_versions (id, item_key, version, submission_id, unit_id, ord, sheet_index, sheet, row, category, description, deadline_kind, due, status, completed_on, timeliness, vague, has_evidence, item)
       VALUES (1, ?, 1, 's1', 1, 0, 0, 'Sheet1', 3, '执法程序', ?, 'date', '2023-05-31', 'completed', '2023-05-10', 'done_on_time', 0, 1, ?)`,
    ).bind(KEY, item.fields.description, JSON.stringify(item)),
    env.DB.prepare(
      `INSERT INTO items (key, unit_id, current_version_id, versions, category, deadline_kind, due, status, completed_on, vague, has_evidence, review_state, review_since, first_submitted_on)
       VALUES (?, 1, 1, 1, '执法程序', 'date', '2023-05-31', 'completed', '2023-05-10', 0, 1, 'assigned', '2023-04-26', '2023-04-24')`,
    ).bind(KEY),
    env.DB.prepare(
      `INSERT INTO reviews (item_key, version_id, decision, from_state, to_state, comment, token_id, actor, decided_at, decided_on)
       VALUES (?, 1, 'assign', 'pending', 'assigned', '', 1, 'county office', '2023-04-26T08:00:00Z', '2023-04-26')`,
    ).bind(KEY),
  ]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

describe('migration 0003 over data of 0001', () => {
  it('keeps every row and fills the 交办 date from the recorded decisions', async () => {
    expect(await env.DB.prepare('SELECT assigned_on FROM items WHERE key = ?').bind(KEY).first('assigned_on')).toBe('2023-04-26');
    expect(await env.DB.prepare('SELECT round_id FROM reviews WHERE item_key = ?').bind(KEY).first('round_id')).toBeNull();
  });

  it('serves the old data: summary as of dates, history with decidedOn, a new round and a decision in it', async () => {
    const call = (m: string, p: string, json?: unknown) => api(m, p, { token: COUNTY, today: '2023-05-20', ...(json ? { json } : {}) });
    const before = await expectJson(await call('GET', '/api/v1/summary?asOf=2023-04-25'), 200);
    expect(before.units[0]).toMatchObject({ unit: '儒林镇', items: 1, byReview: { pending: 1 } });
    const after = await expectJson(await call('GET', '/api/v1/summary?asOf=2023-05-20'), 200);
    expect(after.units[0]).toMatchObject({ items: 1, byReview: { assigned: 1 } });
    const round = await expectJson(await call('POST', '/api/v1/rounds', { title: '第二轮会诊', heldOn: '2023-05-20' }), 201);
    await expectJson(await call('POST', `/api/v1/items/${KEY}/reviews`, { decision: 'close_out', round: round.id }), 201);
    const history = await expectJson(await call('GET', `/api/v1/items/${KEY}/history`), 200);
    expect(history.reviews.map((r: { decision: string; decidedOn: string; round?: number }) => [r.decision, r.decidedOn, r.round])).toEqual([
      ['assign', '2023-04-26', undefined], ['close_out', '2023-05-20', round.id],
    ]);
    const s = await expectJson(await call('GET', '/api/v1/summary?asOf=2023-05-20'), 200);
    expect(s.rounds).toEqual([{ id: round.id, title: '第二轮会诊', heldOn: '2023-05-20', decided: 1, assigned: 0, returned: 0, closedOut: 1 }]);
  });
});
