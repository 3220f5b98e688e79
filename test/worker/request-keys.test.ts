import { env } from 'cloudflare:workers';
import { strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { CountyClient } from '../../addin/server/client.js';
import { api, concrete, count, expectJson, issueToken, ledger, submitLedger } from './helpers.js';

// The add-in retries a write after a lost answer or a timeout (a county's network drops answers),
// so the server may see the same write twice. With the Idempotency-Key of its first try, the
// second is answered as the first was and stores nothing: one notice in the bulletin, not two;
// a decision answered 201, not "invalid transition" for the state it itself just set.

let county: string;
let unit: string;
let keys: string[];
const UNIT = '幂等镇';

beforeAll(async () => {
  county = await issueToken('county');
  unit = await issueToken('unit', UNIT);
  const body = await submitLedger(unit, ledger(UNIT, [1, 2, 3, 4].map((n) => ({ description: concrete(UNIT, n) }))));
  keys = body.report.sheets[0].items.map((i: { key: string }) => i.key);
});

const keyed = (key: string) => ({ 'Idempotency-Key': key });

/** Sends the same request twice with one key: the second answer equals the first, marked as replayed. */
async function twice(method: string, path: string, call: Parameters<typeof api>[2], status = 201) {
  const first = await api(method, path, call);
  const firstText = await first.text();
  expect(first.status, firstText).toBe(status);
  const second = await api(method, path, call);
  const secondText = await second.text();
  expect(second.status, secondText).toBe(status);
  expect(JSON.parse(secondText)).toEqual(JSON.parse(firstText));
  expect(first.headers.get('idempotent-replayed')).toBeNull();
  expect(second.headers.get('idempotent-replayed')).toBe('true');
  return JSON.parse(firstText);
}

describe('a write retried with its Idempotency-Key', () => {
  it('logs a notice and an interview once', async () => {
    const notices = () => count('SELECT count(*) AS n FROM notices n JOIN units u ON u.id = n.unit_id WHERE u.name = ?', UNIT);
    const before = await notices();
    await twice('POST', '/api/v1/notices', { token: county, json: { unit: UNIT, kind: 'reminder', note: '请于本周内报送' }, headers: keyed('notice-1') });
    expect(await notices()).toBe(before! + 1);
    const interviews = () => count('SELECT count(*) AS n FROM interviews i JOIN units u ON u.id = i.unit_id WHERE u.name = ?', UNIT);
    await twice('POST', '/api/v1/interviews', { token: county, json: { unit: UNIT, people: 2 }, headers: keyed('interview-1') });
    expect(await interviews()).toBe(1);
  });

  it('answers a decision as it was, not as a transition its own first try made invalid', async () => {
    const answer = await twice('POST', `/api/v1/items/${keys[0]}/reviews`, { token: county, json: { decision: 'assign' }, headers: keyed('assign-1') });
    expect(answer.review.state).toBe('assigned');
    expect(await count('SELECT count(*) AS n FROM reviews WHERE item_key = ?', keys[0])).toBe(1);
    // A refusal the write itself recorded is answered the same way again: a decision made stale
    // by a concurrent one is replayed as the conflict it was.
  });

  it('asks for an extension and decides it once', async () => {
    const asked = await twice('POST', `/api/v1/items/${keys[1]}/extensions`, { token: unit, json: { requestedDue: '2023-09-30', reason: '汛期施工受阻' }, headers: keyed('ask-1') });
    expect(await count('SELECT count(*) AS n FROM extensions WHERE item_key = ?', keys[1])).toBe(1);
    const decided = await twice('POST', `/api/v1/items/${keys[1]}/extensions/${asked.id}/decision`, { token: county, json: { decision: 'approve' }, headers: keyed('decide-1') });
    expect(decided.state).toBe('approved');
  });

  it('opens a round once, and withdraws a submission once, answering the retry as the first', async () => {
    const round = await twice('POST', '/api/v1/rounds', { token: county, json: { title: '第二轮会诊' }, headers: keyed('round-1') });
    expect(await count("SELECT count(*) AS n FROM rounds WHERE title = '第二轮会诊'")).toBe(1);
    expect(round.title).toBe('第二轮会诊');
    const stored = await submitLedger(unit, ledger(UNIT, [5].map((n) => ({ description: concrete(UNIT, n) }))));
    // Not "already withdrawn" for what its own first try withdrew.
    const withdrawn = await twice('POST', `/api/v1/submissions/${stored.submission.id}/withdraw`, { token: county, json: { reason: '报错了' }, headers: keyed('withdraw-1') }, 200);
    expect(withdrawn.submission.withdrawn.reason).toBe('报错了');
  });

  it('stores an evidence file once', async () => {
    const pdf = strToU8('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const form = () => {
      const f = new FormData();
      f.append('file', new File([pdf as Uint8Array<ArrayBuffer>], '整改报告.pdf'));
      return f;
    };
    const send = () => api('POST', `/api/v1/items/${keys[2]}/evidence`, { token: unit, body: form(), headers: keyed('evidence-1') });
    const first = await expectJson(await send(), 201);
    // A new form each try (a new multipart boundary, as a browser makes): the same file is the same request.
    const again = await send();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await expectJson(again, 201)).toEqual(first);
    expect(await count('SELECT count(*) AS n FROM evidence WHERE item_key = ?', keys[2])).toBe(1);
  });

  it('refuses the key for another request, and keeps keys apart by token', async () => {
    await expectJson(await api('POST', '/api/v1/notices', { token: county, json: { unit: UNIT, kind: 'notice' }, headers: keyed('shared-key') }), 201);
    const other = await api('POST', '/api/v1/notices', { token: county, json: { unit: UNIT, kind: 'notice', note: '另一份' }, headers: keyed('shared-key') });
    expect((await expectJson(other, 422)).error.code).toBe('idempotency-key-reused');
    const elsewhere = await api('POST', '/api/v1/interviews', { token: county, json: { unit: UNIT, people: 1 }, headers: keyed('shared-key') });
    expect((await expectJson(elsewhere, 422)).error.code).toBe('idempotency-key-reused');
    expect(await count("SELECT count(*) AS n FROM notices WHERE note = '另一份'")).toBe(0);
    // Another county token's key of the same text is its own.
    const second = await issueToken('county');
    await expectJson(await api('POST', '/api/v1/notices', { token: second, json: { unit: UNIT, kind: 'notice', note: '另一份' }, headers: keyed('shared-key') }), 201);
    expect(await count("SELECT count(*) AS n FROM notices WHERE note = '另一份'")).toBe(1);
  });

  it('stores nothing for a refusal before the write, so the corrected request goes through', async () => {
    const bad = await api('POST', '/api/v1/notices', { token: county, json: { unit: '没有的镇', kind: 'notice' }, headers: keyed('fix-me') });
    expect((await expectJson(bad, 422)).error.code).toBe('unit-unknown');
    await expectJson(await api('POST', '/api/v1/notices', { token: county, json: { unit: UNIT, kind: 'notice' }, headers: keyed('fix-me') }), 201);
  });

  it('says a write whose answer is not kept yet is in progress, with Retry-After', async () => {
    await expectJson(await api('POST', '/api/v1/interviews', { token: county, json: { unit: UNIT, people: 3 }, headers: keyed('slow-1') }), 201);
    // As between the write's batch and its answer being kept (after the answer is sent).
    await env.DB.prepare("UPDATE request_keys SET status = NULL, answer = NULL WHERE key = 'slow-1'").run();
    const res = await api('POST', '/api/v1/interviews', { token: county, json: { unit: UNIT, people: 3 }, headers: keyed('slow-1') });
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await expectJson(res, 409)).error.code).toBe('request-in-progress');
    expect(await count("SELECT count(*) AS n FROM interviews WHERE people = 3")).toBe(1);
    // Still without its answer long after (the Worker stopped before keeping it): the write is
    // done, and the retry is told so, not to wait forever.
    await env.DB.prepare("UPDATE request_keys SET created_at = '2023-04-24T00:00:00.000Z' WHERE key = 'slow-1'").run();
    const later = await api('POST', '/api/v1/interviews', { token: county, json: { unit: UNIT, people: 3 }, headers: keyed('slow-1') });
    expect(later.headers.get('retry-after')).toBeNull();
    const done = await expectJson(later, 409);
    expect(done.error.code).toBe('request-done');
    expect(done.error.message).toMatch(/^此操作已完成/);
    expect(await count("SELECT count(*) AS n FROM interviews WHERE people = 3")).toBe(1);
  });

  it('two tries at once: one writes, the other is answered as it or told to wait', async () => {
    const call = () => api('POST', '/api/v1/interviews', { token: county, json: { unit: UNIT, people: 4, note: '同时' }, headers: keyed('race-1') });
    const answers = await Promise.all([call(), call(), call()]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length, JSON.stringify(statuses)).toBeGreaterThanOrEqual(1);
    for (const r of answers) {
      if (r.status === 201) continue;
      expect(r.status).toBe(409);
      expect(r.headers.get('retry-after')).toBe('1');
      expect((await r.json() as { error: { code: string } }).error.code).toBe('request-in-progress');
    }
    expect(await count("SELECT count(*) AS n FROM interviews WHERE note = '同时'")).toBe(1);
  });

  it('without a key, each request is its own (as before)', async () => {
    const body = { unit: UNIT, kind: 'notice', note: '无键' };
    await expectJson(await api('POST', '/api/v1/notices', { token: county, json: body }), 201);
    await expectJson(await api('POST', '/api/v1/notices', { token: county, json: body }), 201);
    expect(await count("SELECT count(*) AS n FROM notices WHERE note = '无键'")).toBe(2);
  });

  it('the daily job forgets keys after a week', async () => {
    await expectJson(await api('POST', '/api/v1/interviews', { token: county, json: { unit: UNIT, people: 5 }, headers: keyed('old-1') }), 201);
    await env.DB.prepare("UPDATE request_keys SET created_at = '2023-04-10T00:00:00.000Z' WHERE key = 'old-1'").run();
    const { forgetRequestKeys } = await import('../../worker/request-keys.js');
    await forgetRequestKeys(env.DB, new Date('2023-04-24T00:00:00.000Z'));
    expect(await count("SELECT count(*) AS n FROM request_keys WHERE key = 'old-1'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM request_keys WHERE key = 'slow-1'")).toBe(1);
  });
});

describe("the add-in's client, its answer lost", () => {
  it('sends one key on every try of a write, so a retry after a lost answer logs one notice', async () => {
    const sent: (string | undefined)[] = [];
    let lose = true;
    const fetch = (async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      sent.push(headers['Idempotency-Key']);
      const res = await api(init.method ?? 'GET', new URL(url).pathname, { token: county, body: init.body as BodyInit, headers: { 'content-type': headers['content-type']!, ...(headers['Idempotency-Key'] ? keyed(headers['Idempotency-Key']) : {}) } });
      // The server did the write; its answer never arrives.
      if (lose) {
        lose = false;
        throw new TypeError('network connection lost');
      }
      return res;
    }) as unknown as typeof globalThis.fetch;
    const client = new CountyClient({ baseUrl: 'https://county.test', token: 'unused', attempts: 3, backoffMs: 1, fetch });
    await client.notice({ unit: UNIT, kind: 'reminder', note: '答复丢失' });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]).toBe(sent[0]);
    expect(await count("SELECT count(*) AS n FROM notices WHERE note = '答复丢失'")).toBe(1);
  });
});

describe('a keyed write that fails after its batch', () => {
  it('keeps no 5xx as its answer: a retry hears the write is in progress, not the fault', async () => {
    const { Hono } = await import('hono');
    const { requestKeys, writeKey } = await import('../../worker/request-keys.js');
    const { onError } = await import('../../worker/errors.js');
    const tokenId = await env.DB.prepare("SELECT id FROM tokens WHERE role = 'county' ORDER BY id LIMIT 1").first<number>('id');
    // The route writes its row with the key's, then fails (a fault of ours, after the commit).
    const app = new Hono<import('../../worker/env.js').AppEnv>();
    app.onError(onError);
    app.use('*', async (c, next) => {
      c.set('principal', { tokenId: tokenId!, role: 'county', label: 't' });
      await next();
    });
    app.use('/write', requestKeys);
    app.post('/write', async (c) => {
      const key = await writeKey(c, 'the same body');
      if (key.replay) return key.replay;
      await c.env.DB.batch([...key.statements, c.env.DB.prepare("INSERT INTO interviews (unit_id, held_on, people, note, token_id, created_at) SELECT id, '2023-04-24', 9, '故障后', ?, '' FROM units WHERE name = ?").bind(tokenId, UNIT)]);
      throw new Error('a fault after the write');
    });
    const send = () => app.request('/write', { method: 'POST', headers: { 'Idempotency-Key': 'fault-1' } }, env);
    expect((await send()).status).toBe(500);
    const again = await send();
    expect(again.status).toBe(409);
    expect((await again.json() as { error: { code: string } }).error.code).toBe('request-in-progress');
    expect(await count("SELECT count(*) AS n FROM interviews WHERE note = '故障后'")).toBe(1);
  });
});
