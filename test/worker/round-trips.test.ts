import { env } from 'cloudflare:workers';
import type { D1Database } from '@cloudflare/workers-types';
import { describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, submission } from './helpers.js';
import { watched } from './d1-watch.js';

/** env.DB that counts its calls, in order. */
function counting(db: D1Database): { db: D1Database; calls: string[] } {
  const calls: string[] = [];
  return { db: watched(db, (what) => calls.push(what)), calls };
}

const HEADER = ['序号', '责任单位', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改状态'];

/** A county aggregate of `units` units, two rows each, the second with a deadline counted from 交办. */
function aggregate(units: readonly string[]) {
  const rows = units.flatMap((u, i) => [
    [2 * i + 1, u, '执法程序', concrete(u, 1), '逐案评查2022年以来的全部案卷并组织培训', '张三', '李四', '2023年6月30日', '整改中'],
    [2 * i + 2, u, '执法程序', concrete(u, 2), '逐案评查2022年以来的全部案卷并组织培训', '张三', '李四', '自交办之日起15个工作日内', '整改中'],
  ]);
  return submission(undefined, { sheet: '汇总表', values: [['全县汇总表'], HEADER, ...rows] });
}

const DATED = '2023年6月30日';
const RELATIVE = '自交办之日起15个工作日内';

/** A unit's own ledger (no 责任单位 column): a row a deadline, in order. */
function unitLedger(unit: string, deadlines: readonly string[] = [DATED]) {
  return submission(undefined, {
    sheet: '整改台账',
    values: [[`${unit}整改台账`], HEADER.filter((h) => h !== '责任单位'),
      ...deadlines.map((due, i) => [i + 1, '执法程序', concrete(unit, i + 1), '逐案评查2022年以来的全部案卷并组织培训', '张三', '李四', due, '整改中'])],
  });
}

/** Stores a unit's ledger with its token; its items' keys, in row order. */
async function storedKeys(token: string, unit: string, deadlines?: readonly string[]): Promise<string[]> {
  const body = await expectJson(await api('POST', '/api/v1/submissions', { token, json: unitLedger(unit, deadlines) }), 201);
  return (body.report.sheets[0].items as { key: string }[]).map((i) => i.key);
}

// Each D1 call is a round trip (in production from the Worker's location to the database's) and
// one of the 1,000 queries a Worker invocation may make (D1's limits). A county aggregate once
// made three a unit (its stored keys, its 交办 dates, its first submission): 300 units, 900.
describe('D1 round trips of a county aggregate', () => {
  it('do not grow with its units: no statement a unit, for 4 units or 40, sent twice (its keys then kept, its dates then read)', async () => {
    const county = await issueToken('county');
    const made: Record<string, { units: string[]; calls: string[][] }> = {};
    for (const n of [4, 40]) {
      const units = Array.from({ length: n }, (_, i) => `往返${n}乡${i}`);
      for (const u of units) await issueToken('unit', u);
      made[n] = { units, calls: [] };
    }
    // The token's first use and the deployment's key secret are written once: not counted.
    for (const u of ['往返预乡甲', '往返预乡乙']) await issueToken('unit', u);
    await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: aggregate(['往返预乡甲', '往返预乡乙']) }), 201);
    for (const round of [0, 1]) {
      for (const n of [4, 40]) {
        const c = counting(env.DB);
        const body = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: aggregate(made[n]!.units), env: { DB: c.db } }), 201);
        expect(body.submissions).toHaveLength(n);
        expect(body.submissions.every((s: { version: number }) => s.version === round + 1)).toBe(true);
        made[n]!.calls.push(c.calls);
      }
    }
    for (const n of [4, 40]) {
      for (const calls of made[n]!.calls) {
        // No statement a unit: each runs once (chunks aside: these ledgers make one chunk each).
        const alone = calls.filter((c) => !c.startsWith('batch of'));
        expect(alone.length, JSON.stringify(calls)).toBe(new Set(alone).size);
        // The rest are the batches: the index's state, the probe and its survivors (as many as
        // the near-duplicates it meets need, not as the units), the store.
        expect(calls.length - alone.length, JSON.stringify(calls)).toBeLessThanOrEqual(5);
        // The answer (what each unit's submission became) is read by the store's own batch.
        expect(calls.at(-1), JSON.stringify(calls)).toMatch(/^batch of \d+: INSERT INTO submissions/);
      }
    }
  });
});

/** env.DB that records, for each call, the calls in flight as it went out, and their order. */
function overlapping(db: D1Database): { db: D1Database; alongside: Map<string, Set<string>>; order: string[] } {
  const inFlight = new Set<string>();
  const alongside = new Map<string, Set<string>>();
  const order: string[] = [];
  const watching = watched(db, (what, answer) => {
    order.push(what);
    const seen = alongside.get(what) ?? new Set<string>();
    for (const other of inFlight) seen.add(other);
    alongside.set(what, seen);
    inFlight.add(what);
    const settle = () => inFlight.delete(what);
    answer.then(settle, settle);
  });
  return { db: watching, alongside, order };
}

// A unit's submission (the add-in's way: a unit token and an Idempotency-Key) reads whether the
// key was seen and its unit's first submission before its check: neither needs more than the
// token, so both go in the token's own round trip. The deployment's key secret is asked for before
// the body is even read (so in production its read overlaps the upload), and made only when the
// keys are.
describe('D1 round trips of a unit’s submission', () => {

  it('asks for the Idempotency-Key and the first submission in the token’s round trip, and for the key secret before the keys', async () => {
    const token = await issueToken('unit', '往返单乡');
    for (const [round, status] of [[1, 201], [2, 200]] as const) {
      const o = overlapping(env.DB);
      const body = await expectJson(await api('POST', '/api/v1/submissions', { token, json: unitLedger('往返单乡'), headers: { 'idempotency-key': 'overlap-1' }, env: { DB: o.db } }), status);
      expect(body.replayed).toBe(round === 2);
      const calls = JSON.stringify(o.order);
      // The token's lookup, the key's and the first submission's: one batch, the request's first call.
      expect(o.order[0], calls).toMatch(/^batch of 3: SELECT t\.id, t\.role/);
      expect(o.order.filter((k) => /SELECT s\.id, s\.unit_id|MIN\(s\.submitted_on\)/.test(k)), calls).toEqual([]);
      if (round === 1) {
        const secret = o.order.findIndex((k) => k.startsWith('SELECT value FROM deployment_secrets'));
        expect(secret, calls).toBeGreaterThan(0);
        expect(secret, calls).toBeLessThan(o.order.findIndex((k) => k.startsWith('SELECT key, unit_id FROM items')));
      }
    }
  });

  it('without an Idempotency-Key, or with one that is not valid, is answered as before', async () => {
    const token = await issueToken('unit', '往返无键乡');
    const first = await expectJson(await api('POST', '/api/v1/submissions', { token, json: unitLedger('往返无键乡') }), 201);
    expect(first.submission.version).toBe(1);
    const bad = await expectJson(await api('POST', '/api/v1/submissions', { token, json: unitLedger('往返无键乡'), headers: { 'idempotency-key': 'k'.repeat(201) } }), 400);
    expect(bad.error.code).toBe('invalid-idempotency-key');
    // A key that is not valid never reaches a read before the token is: a bad token is still 401.
    const unknown = await expectJson(await api('POST', '/api/v1/submissions', { token: 'lc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', json: unitLedger('往返无键乡'), headers: { 'idempotency-key': 'k'.repeat(201) } }), 401);
    expect(unknown.error.code).toBe('invalid-token');
  });
});

// The index's state needs only the ledger's descriptions and its unit, not the server keys: it is
// read beside the stored keys. The 交办 dates need the keys and nothing the returned versions or
// the probe need: they are read beside those. Before, each waited for the one before it (a unit's
// 60-row submission waited on nine round trips in turn at 100,000 items; now seven).
describe('D1 round trips of a unit’s submission, after its check', () => {
  it('reads the index’s state beside the stored keys, and the 交办 dates beside the returned versions', async () => {
    const token = await issueToken('unit', '往返后乡');
    const ledger = unitLedger('往返后乡', [RELATIVE, DATED]);
    for (const round of [1, 2]) {
      const o = overlapping(env.DB);
      const body = await expectJson(await api('POST', '/api/v1/submissions', { token, json: ledger, env: { DB: o.db } }), 201);
      expect(body.submission.version).toBe(round);
      const named = (start: string) => {
        const found = o.order.find((k) => k.startsWith(start) || k.includes(`: ${start}`));
        expect(found, `${start} in ${JSON.stringify(o.order)}`).toBeTruthy();
        return found!;
      };
      const together = (a: string, b: string) => o.alongside.get(a)!.has(b) || o.alongside.get(b)!.has(a);
      const all = JSON.stringify(Object.fromEntries([...o.alongside].map(([k, v]) => [k, [...v]])));
      const state = named('SELECT threshold FROM near_index');
      const keys = named('SELECT key, unit_id FROM items WHERE key IN');
      const assigned = named('SELECT key, unit_id, assigned_on FROM items');
      const returned = named('SELECT i.key, v.item, v.description');
      expect(together(state, keys), all).toBe(true);
      expect(together(assigned, returned), all).toBe(true);
    }
  });
});

// How a view reads its date (asOfWay: whether anything is dated after it) needs only the date:
// it is asked in the token's own round trip, not in one of its own between the token and the view.
describe('D1 round trips of the county’s views', () => {
  it('ask how to read the date with the token: GET /items, /summary, /reminders, /reports/bulletin, today and a past date', async () => {
    const county = await issueToken('county');
    const unit = await issueToken('unit', '往返视图乡');
    await storedKeys(unit, '往返视图乡');
    for (const asOf of ['', '?asOf=2023-04-01']) {
      const units = `?unit=${encodeURIComponent('往返视图乡')}`;
      for (const [path, token, reads] of [
        ['/api/v1/items', unit, 2], ['/api/v1/items?view=brief', unit, 2], ['/api/v1/summary', county, 2], ['/api/v1/reminders', county, 2], ['/api/v1/reports/bulletin', county, 2],
        // A county token's view of one unit: the unit, by its name, in the same batch.
        [`/api/v1/items${units}&view=brief`, county, 3], [`/api/v1/items${units}`, county, 3],
      ] as const) {
        const url = `${path}${asOf && path.includes('?') ? asOf.replace('?', '&') : asOf}`;
        const plain = await expectJson(await api('GET', url, { token }), 200);
        // Today the unit's item is listed; on the past date (before it was submitted) none is.
        if (plain.items) expect(plain.items.length, url).toBe(asOf ? 0 : 1);
        const c = counting(env.DB);
        const body = await expectJson(await api('GET', url, { token, env: { DB: c.db } }), 200);
        // The same answer, the date's question (and the unit's) inside the token's batch.
        expect(body, url).toEqual(plain);
        expect(c.calls[0], `${url}: ${JSON.stringify(c.calls)}`).toMatch(new RegExp(`^batch of ${reads}: SELECT t\\.id, t\\.role`));
        expect(c.calls.filter((k) => /^SELECT \(SELECT MAX\(submitted_on\)|^SELECT id, name FROM units WHERE name/.test(k)), `${url}: ${JSON.stringify(c.calls)}`).toEqual([]);
      }
      // A unit that is not registered is still 404.
      expect((await expectJson(await api('GET', `/api/v1/items?unit=${encodeURIComponent('没有的乡')}${asOf.replace('?', '&')}`, { token: county }), 404)).error.code).toBe('unit-not-found');
    }
  });
});

// A view's page, its rows and what the office said of them (the latest comment, an approved
// extension) are chosen by the same filter: one batch after the token's, where the rows waited
// for the page's ids and the comments for the rows' keys (three round trips in turn).
describe('D1 round trips of GET /items and an item’s history', () => {
  it('read today’s page with its rows, comments and extensions in one batch after the token’s', async () => {
    const county = await issueToken('county');
    const unit = await issueToken('unit', '往返页乡');
    const [key, second] = await storedKeys(unit, '往返页乡', [DATED, DATED]);
    // The office's comment on one and an extension approved on the other, so the answer holds both.
    await expectJson(await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision: 'assign', comment: '请于月底前整改到位' } }), 201);
    const ext = await expectJson(await api('POST', `/api/v1/items/${second}/extensions`, { token: unit, json: { requestedDue: '2023-07-31', reason: '需上级复核' } }), 201);
    await expectJson(await api('POST', `/api/v1/items/${second}/extensions/${ext.id}/decision`, { token: county, json: { decision: 'approve' } }), 201);
    const units = `unit=${encodeURIComponent('往返页乡')}`;
    for (const [url, token] of [
      ['/api/v1/items', unit], ['/api/v1/items?view=brief', unit], [`/api/v1/items?${units}`, county], [`/api/v1/items?${units}&view=brief&limit=1`, county],
      [`/api/v1/items?${units}&category=${encodeURIComponent('执法程序')}`, county],
    ] as const) {
      const plain = await expectJson(await api('GET', url, { token }), 200);
      const listed = new Map((plain.items as { key: string; review: { comment?: string }; extension?: { due: string } }[]).map((i) => [i.key, i]));
      expect(listed.get(key!)?.review.comment, url).toBe('请于月底前整改到位');
      if (!url.includes('limit=1')) expect(listed.get(second!)?.extension?.due, url).toBe('2023-07-31');
      const c = counting(env.DB);
      const body = await expectJson(await api('GET', url, { token, env: { DB: c.db } }), 200);
      expect(body, url).toEqual(plain);
      expect(c.calls, url).toHaveLength(2);
      expect(c.calls[1], `${url}: ${JSON.stringify(c.calls)}`).toMatch(/^batch of \d+: /);
    }
  });

  it('list the latest remarks: the newest comment, the newest approved extension', async () => {
    const county = await issueToken('county');
    const unit = await issueToken('unit', '往返新乡');
    const [key] = await storedKeys(unit, '往返新乡');
    for (const due of ['2023-07-31', '2023-08-31']) {
      const ext = await expectJson(await api('POST', `/api/v1/items/${key}/extensions`, { token: unit, json: { requestedDue: due, reason: '需上级复核' } }), 201);
      await expectJson(await api('POST', `/api/v1/items/${key}/extensions/${ext.id}/decision`, { token: county, json: { decision: 'approve' } }), 201);
    }
    await expectJson(await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision: 'return', comment: '请写明案件文号' } }), 201);
    for (const view of ['full', 'brief']) {
      const listed = await expectJson(await api('GET', `/api/v1/items?view=${view}`, { token: unit }), 200);
      expect(listed.items[0].extension?.due, view).toBe('2023-08-31');
      expect(listed.items[0].review, view).toMatchObject({ decision: 'return', comment: '请写明案件文号' });
    }
  });

  it('read an item’s history, its evidence and extensions in one batch with the item', async () => {
    const unit = await issueToken('unit', '往返史乡');
    const [key] = await storedKeys(unit, '往返史乡');
    const plain = await expectJson(await api('GET', `/api/v1/items/${key}/history`, { token: unit }), 200);
    expect(plain.versions).toHaveLength(1);
    const c = counting(env.DB);
    expect(await expectJson(await api('GET', `/api/v1/items/${key}/history`, { token: unit, env: { DB: c.db } }), 200)).toEqual(plain);
    expect(c.calls, JSON.stringify(c.calls)).toHaveLength(2);
    // Another unit's item still reads as not found, and its history is not answered.
    const other = await issueToken('unit', '往返史邻乡');
    expect((await expectJson(await api('GET', `/api/v1/items/${key}/history`, { token: other }), 404)).error.code).toBe('item-not-found');
  });
});

// A decision (会诊: 交办, 退回完善, 销号) is checked against the item, the version it decides, its
// evidence (销号) and its round: all read in one batch after the token's, then written in one.
// Before, each read waited for the one before it (four round trips in turn before the write).
describe('D1 round trips of a decision', () => {
  it('read the item, its version, evidence and round in one batch, then write in one', async () => {
    const county = await issueToken('county');
    const unit = await issueToken('unit', '往返决乡');
    const [first, second] = await storedKeys(unit, '往返决乡', [RELATIVE, DATED]);
    const round = await expectJson(await api('POST', '/api/v1/rounds', { token: county, json: { title: '第一轮会诊' } }), 201);
    for (const [key, json] of [
      [first!, { decision: 'assign', comment: '按期整改' }],
      [second!, { decision: 'return', comment: '请写明案件文号', round: round.id }],
    ] as const) {
      const c = counting(env.DB);
      const body = await expectJson(await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json, env: { DB: c.db } }), 201);
      expect(body.review.state, JSON.stringify(body)).toBe(json.decision === 'assign' ? 'assigned' : 'returned');
      expect(c.calls, JSON.stringify(c.calls)).toHaveLength(3);
      expect(c.calls[1], JSON.stringify(c.calls)).toMatch(/^batch of \d+: SELECT/);
      expect(c.calls[2], JSON.stringify(c.calls)).toMatch(/^batch of \d+: INSERT INTO reviews/);
    }
    // With an Idempotency-Key (the add-in sends one), its row is read in the token's batch and
    // written in the decision's: no round trip more to wait on; its answer is kept after it is sent.
    const [third] = await storedKeys(await issueToken('unit', '往返决乡二'), '往返决乡二', [DATED]);
    const c = counting(env.DB);
    await expectJson(await api('POST', `/api/v1/items/${third}/reviews`, { token: county, json: { decision: 'assign' }, headers: { 'Idempotency-Key': 'round-trips-1' }, env: { DB: c.db } }), 201);
    const waited = c.calls.filter((k) => !k.startsWith('UPDATE request_keys SET status'));
    expect(waited, JSON.stringify(c.calls)).toHaveLength(3);
    expect(waited[0], JSON.stringify(c.calls)).toMatch(/^batch of 2: SELECT t\.id, t\.role/);
    expect(waited[2], JSON.stringify(c.calls)).toMatch(/^batch of \d+: INSERT INTO request_keys/);
    expect(c.calls.at(-1), JSON.stringify(c.calls)).toMatch(/^UPDATE request_keys SET status/);
    // The first 交办 still fixes the relative deadline from its date.
    const h = await expectJson(await api('GET', `/api/v1/items/${first}/history`, { token: county }), 200);
    expect(h.review.state).toBe('assigned');
    // Refusals keep their order: a missing item before a bad body, a bad body before a stale version.
    expect((await expectJson(await api('POST', '/api/v1/items/ZG-NOSUCH/reviews', { token: county, json: { decision: 'nonsense' } }), 404)).error.code).toBe('item-not-found');
    expect((await expectJson(await api('POST', `/api/v1/items/${second}/reviews`, { token: county, json: { decision: 'nonsense', version: 9 } }), 400)).error.code).toBe('invalid-body');
    expect((await expectJson(await api('POST', `/api/v1/items/${first}/reviews`, { token: county, json: { decision: 'return', comment: '再补充', round: 999 } }), 422)).error.code).toBe('round-not-found');
  });
});

// An item's own reads (its extensions, its evidence, one file) come in the batch that finds the
// item; a request or decision of an extension writes and reads its answer back in one.
describe('D1 round trips of an item’s extensions and evidence', () => {
  it('read with the item, and write with the answer', async () => {
    const county = await issueToken('county');
    const unit = await issueToken('unit', '往返延乡');
    const [key] = await storedKeys(unit, '往返延乡');
    const file = new FormData();
    file.append('file', new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], '整改报告.pdf'));
    const uploaded = await expectJson(await api('POST', `/api/v1/items/${key}/evidence`, { token: unit, body: file }), 201);
    const watch = async (method: string, path: string, token: string, calls: number, extra: { json?: unknown } = {}) => {
      const c = counting(env.DB);
      const res = await api(method, path, { token, ...extra, env: { DB: c.db } });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
      // A token's first use is written after the answer (waitUntil): not a round trip it waits on.
      expect(c.calls.filter((k) => !k.startsWith('UPDATE tokens SET last_used_at')), `${method} ${path}: ${JSON.stringify(c.calls)}`).toHaveLength(calls);
      return res;
    };
    const asked = await (await watch('POST', `/api/v1/items/${key}/extensions`, unit, 3, { json: { requestedDue: '2023-07-31', reason: '需上级复核' } })).json() as { id: number; state: string; unit: string; dueBefore: string };
    expect(asked).toMatchObject({ state: 'pending', unit: '往返延乡', dueBefore: '2023-06-30', requestedDue: '2023-07-31', reason: '需上级复核' });
    const decided = await (await watch('POST', `/api/v1/items/${key}/extensions/${asked.id}/decision`, county, 3, { json: { decision: 'approve', comment: '同意' } })).json() as { state: string; comment: string };
    expect(decided).toMatchObject({ state: 'approved', comment: '同意' });
    const listed = await (await watch('GET', `/api/v1/items/${key}/extensions`, unit, 2)).json() as { extensions: { id: number; state: string }[] };
    expect(listed.extensions.map((e) => [e.id, e.state])).toEqual([[asked.id, 'approved']]);
    const files = await (await watch('GET', `/api/v1/items/${key}/evidence`, unit, 2)).json() as { evidence: { id: string; name: string }[] };
    expect(files.evidence.map((f) => f.name)).toEqual(['整改报告.pdf']);
    const bytes = await (await watch('GET', `/api/v1/items/${key}/evidence/${uploaded.id}`, county, 2)).text();
    expect(bytes).toBe('%PDF-1.4\n%%EOF\n');
    // Refusals as before: another unit's item is not found, a pending request is not asked twice,
    // an unknown request is not found, a decided one is not decided again.
    const other = await issueToken('unit', '往返延邻乡');
    expect((await expectJson(await api('GET', `/api/v1/items/${key}/extensions`, { token: other }), 404)).error.code).toBe('item-not-found');
    expect((await expectJson(await api('GET', `/api/v1/items/${key}/evidence/${uploaded.id}`, { token: other }), 404)).error.code).toBe('item-not-found');
    const again = await expectJson(await api('POST', `/api/v1/items/${key}/extensions`, { token: unit, json: { requestedDue: '2023-08-31', reason: '再延' } }), 201);
    expect((await expectJson(await api('POST', `/api/v1/items/${key}/extensions`, { token: unit, json: { requestedDue: '2023-09-30', reason: '三延' } }), 409)).error.code).toBe('extension-pending');
    expect((await expectJson(await api('POST', `/api/v1/items/${key}/extensions/99999/decision`, { token: county, json: { decision: 'approve' } }), 404)).error.code).toBe('extension-not-found');
    expect((await expectJson(await api('POST', `/api/v1/items/${key}/extensions/${asked.id}/decision`, { token: county, json: { decision: 'deny' } }), 409)).error.code).toBe('extension-decided');
    expect((await expectJson(await api('POST', `/api/v1/items/${key}/extensions/${again.id}/decision`, { token: county, json: { decision: 'deny' } }), 201)).state).toBe('denied');
  });
});

/** env.DB that tells how many round trips a request waited on in turn: a call's depth is one more than the deepest call answered before it went out. */
function inTurn(db: D1Database): { db: D1Database; depth: () => number } {
  let answered = 0;
  let deepest = 0;
  const watching = watched(db, (_what, answer) => {
    const depth = answered + 1;
    deepest = Math.max(deepest, depth);
    const settle = () => { answered = Math.max(answered, depth); };
    answer.then(settle, settle);
  });
  return { db: watching, depth: () => deepest };
}

// A page as of a past date is chosen outside SQL (each item as it stood then): its rows and
// their remarks are read by the page's ids in one statement, where the remarks waited for the
// rows' keys.
describe('D1 round trips of GET /items as of a past date', () => {
  it('read the page, then its rows with their remarks: three in turn with the token', async () => {
    const county = await issueToken('county');
    const unit = await issueToken('unit', '往返昔乡');
    const body = await expectJson(await api('POST', '/api/v1/submissions', { token: unit, json: unitLedger('往返昔乡', [DATED, DATED]), today: '2023-04-20' }), 201);
    const [key] = (body.report.sheets[0].items as { key: string }[]).map((i) => i.key);
    await expectJson(await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision: 'return', comment: '请写明案件文号' }, today: '2023-04-25' }), 201);
    for (const view of ['full', 'brief']) {
      const url = `/api/v1/items?asOf=2023-04-22&view=${view}`;
      const plain = await expectJson(await api('GET', url, { token: unit, today: '2023-04-26' }), 200);
      expect(plain.items, url).toHaveLength(2);
      const t = inTurn(env.DB);
      expect(await expectJson(await api('GET', url, { token: unit, today: '2023-04-26', env: { DB: t.db } }), 200), url).toEqual(plain);
      expect(t.depth(), url).toBe(3);
    }
  });
});

// A letter (催办函 / 工作提示) names its unit in its path and reads its items as of a date: the
// unit and how to read the date go in the token's batch, as a view's do.
describe('D1 round trips of a letter', () => {
  it('ask for the unit and the date’s way with the token, then read the items', async () => {
    const county = await issueToken('county');
    const unit = await issueToken('unit', '往返函乡');
    await storedKeys(unit, '往返函乡', [DATED, DATED]);
    for (const asOf of ['2023-07-10', '']) {
      const url = `/api/v1/reminders/${encodeURIComponent('往返函乡')}/letter.docx${asOf ? `?asOf=${asOf}` : ''}`;
      const plain = await api('GET', url, { token: county });
      expect(plain.status, url).toBe(200);
      const t = inTurn(env.DB);
      const c = counting(t.db);
      const res = await api('GET', url, { token: county, env: { DB: c.db } });
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-disposition'), url).toBe(plain.headers.get('content-disposition'));
      expect(c.calls[0], `${url}: ${JSON.stringify(c.calls)}`).toMatch(/^batch of 3: SELECT t\.id, t\.role/);
      expect(t.depth(), `${url}: ${JSON.stringify(c.calls)}`).toBe(2);
    }
    // An unregistered unit is still 404, a unit token still 403.
    expect((await expectJson(await api('GET', `/api/v1/reminders/${encodeURIComponent('没有的乡')}/letter.docx`, { token: county }), 404)).error.code).toBe('unit-not-found');
    expect((await api('GET', `/api/v1/reminders/${encodeURIComponent('往返函乡')}/letter.docx`, { token: unit })).status).toBe(403);
  });
});

// A withdrawal reads the submission with the role of the token that stored it, then withdraws
// and reads the submission back in one batch.
describe('D1 round trips of a withdrawal', () => {
  it('read the submission and its submitter’s role together, then write and answer in one', async () => {
    const county = await issueToken('county');
    const unit = await issueToken('unit', '往返撤乡');
    for (const [token, who] of [[unit, 'unit'], [county, 'county']] as const) {
      const stored = await expectJson(await api('POST', '/api/v1/submissions', { token: unit, json: unitLedger('往返撤乡') }), 201);
      const c = counting(env.DB);
      const body = await expectJson(await api('POST', `/api/v1/submissions/${stored.submission.id}/withdraw`, { token, json: { reason: '报错了' }, env: { DB: c.db } }), 200);
      expect(body.submission.withdrawn, who).toMatchObject({ by: expect.any(String), reason: '报错了' });
      const calls = c.calls.filter((k) => !k.startsWith('UPDATE tokens SET last_used_at'));
      expect(calls, `${who}: ${JSON.stringify(calls)}`).toHaveLength(3);
    }
    // Refusals as before: what the county uploaded is the county's to withdraw; twice is refused.
    const uploaded = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: { ...unitLedger('往返撤乡'), unit: '往返撤乡', confirmUnit: true } }), 201);
    expect((await expectJson(await api('POST', `/api/v1/submissions/${uploaded.submission.id}/withdraw`, { token: unit, json: { reason: '撤回' } }), 403)).error.code).toBe('forbidden');
    await expectJson(await api('POST', `/api/v1/submissions/${uploaded.submission.id}/withdraw`, { token: county, json: { reason: '撤回' } }), 200);
    expect((await expectJson(await api('POST', `/api/v1/submissions/${uploaded.submission.id}/withdraw`, { token: county, json: { reason: '再撤' } }), 409)).error.code).toBe('already-withdrawn');
    expect((await expectJson(await api('POST', '/api/v1/submissions/no-such/withdraw', { token: county, json: { reason: '撤回' } }), 404)).error.code).toBe('submission-not-found');
  });
});

// A stored submission's report (GET /submissions/:id, and the answer to a retried
// Idempotency-Key) is rebuilt from reads all keyed by the submission's id: they go in one batch,
// where its report's parts and its versions waited for its row.
describe('D1 round trips of a stored submission', () => {
  it('read the row, the report’s parts and the versions in one batch after the token’s', async () => {
    const county = await issueToken('county');
    const unit = await issueToken('unit', '往返存乡');
    const other = await issueToken('unit', '往返别乡');
    const stored = await expectJson(await api('POST', '/api/v1/submissions', { token: unit, json: unitLedger('往返存乡', [DATED, RELATIVE]) }), 201);
    const url = `/api/v1/submissions/${stored.submission.id}`;
    for (const token of [unit, county]) {
      const plain = await expectJson(await api('GET', url, { token }), 200);
      expect(plain.report.sheets[0].items, url).toHaveLength(2);
      const t = inTurn(env.DB);
      expect(await expectJson(await api('GET', url, { token, env: { DB: t.db } }), 200), url).toEqual(plain);
      expect(t.depth(), url).toBe(2);
    }
    // Another unit's submission, or none, is still not found.
    expect((await expectJson(await api('GET', url, { token: other }), 404)).error.code).toBe('submission-not-found');
    expect((await expectJson(await api('GET', '/api/v1/submissions/no-such', { token: county }), 404)).error.code).toBe('submission-not-found');
  });

  it('answer a retried Idempotency-Key with one call after the token’s', async () => {
    const unit = await issueToken('unit', '往返重乡');
    const json = unitLedger('往返重乡', [DATED, DATED]);
    const headers = { 'Idempotency-Key': 'retry-round-trips' };
    const first = await expectJson(await api('POST', '/api/v1/submissions', { token: unit, json, headers }), 201);
    const t = inTurn(env.DB);
    const c = counting(t.db);
    const again = await expectJson(await api('POST', '/api/v1/submissions', { token: unit, json, headers, env: { DB: c.db } }), 200);
    expect(again.replayed).toBe(true);
    expect(again.report.sheets[0].items.map((i: { key: string }) => i.key)).toEqual(first.report.sheets[0].items.map((i: { key: string }) => i.key));
    expect(t.depth(), JSON.stringify(c.calls)).toBe(2);
    // The key secret's read goes out beside the token's (keySecretFor), before the body is read.
    expect(c.calls.filter((k) => !/^UPDATE tokens SET last_used_at|^SELECT value FROM deployment_secrets/.test(k)), JSON.stringify(c.calls)).toHaveLength(2);
  });
});
