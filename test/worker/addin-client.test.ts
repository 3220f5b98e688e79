import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPRESS_FROM, CountyClient } from '../../addin/server/client.js';
import { uploadSummary, uploadWorkbooks } from '../../addin/server/uploads.js';
import { api, concrete, issueToken, ledger } from './helpers.js';

/**
 * The add-in's own client, its requests answered by the Worker itself: the contract both sides
 * keep. `sent` records each request's headers; `older` answers as a server before gzip support
 * would (the Content-Encoding header unknown, so ignored: the compressed bytes read as JSON).
 */
function clientOf(token: string, today = '2023-04-24', opts: { sent?: Record<string, string>[]; older?: boolean } = {}) {
  // An older server has an address of its own: the client remembers it by its address.
  const baseUrl = opts.older ? 'https://older.county.test' : 'https://county.test';
  const fetch = (async (url: string, init: RequestInit) => {
    const u = new URL(url);
    const headers = Object.fromEntries(Object.entries(init.headers as Record<string, string>).filter(([k]) => k !== 'authorization' && !(opts.older && k === 'content-encoding')));
    opts.sent?.push(init.headers as Record<string, string>);
    return api(init.method ?? 'GET', u.pathname + u.search, { token, body: init.body as BodyInit, headers, today });
  }) as unknown as typeof globalThis.fetch;
  return new CountyClient({ baseUrl, token: 'unused', attempts: 1, fetch });
}

const xlsx = (values: unknown[][]) => {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(values), '整改台账');
  return XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
};

let county: string;
beforeAll(async () => {
  county = await issueToken('county');
});

describe("the add-in's county upload against the Worker", () => {
  it('shows what each file became, asks before a mismatch, and sends confirmUnit only when told yes', async () => {
    for (const u of ['子镇', '丑镇', '寅镇']) await issueToken('unit', u);
    const own = xlsx(ledger('子镇', [{ description: concrete('子镇', 1) }, { description: concrete('子镇', 2) }]).values);
    const aggregate = xlsx([
      ['全县汇总表'],
      ['序号', '责任单位', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改状态'],
      [1, '丑镇', '执法程序', concrete('丑镇', 1), '逐案评查2022年以来的全部案卷', '张三', '李四', '2023年6月30日', '整改中'],
      [2, '寅镇', '执法程序', concrete('寅镇', 1), '逐案评查2022年以来的全部案卷', '张三', '李四', '2023年6月30日', '整改中'],
      [3, '寅镇', '执法程序', concrete('寅镇', 2), '逐案评查2022年以来的全部案卷', '张三', '李四', '2023年6月30日', '整改中'],
    ]);
    const asked: string[] = [];
    const results = await uploadWorkbooks(clientOf(county), [{ name: 'zi.xlsx', bytes: own }], {
      unit: '丑镇', confirm: async (file, requested, ledgerUnits) => (asked.push(`${file}:${requested}:${ledgerUnits.join()}`), false),
    });
    expect(asked).toEqual(['zi.xlsx:丑镇:子镇']);
    expect(results[0]).toMatchObject({ file: 'zi.xlsx', submissions: [] });
    expect(results[0]!.error).toContain('不一致');

    const taken = await uploadWorkbooks(clientOf(county), [{ name: 'zi.xlsx', bytes: own }, { name: '汇总.xlsx', bytes: aggregate }], { confirm: async () => true });
    expect(taken.map((r) => r.submissions.map((s) => [s.unit, s.items]))).toEqual([[['子镇', 2]], [['丑镇', 1], ['寅镇', 2]]]);
    expect(uploadSummary(taken)[1]).toBe('汇总.xlsx → 丑镇 第1版 1项 错误0条；寅镇 第1版 2项 错误0条');
  });

  it("asks for an extension with the add-in's client and reads it back", async () => {
    const token = await issueToken('unit', '卯镇');
    const c = clientOf(token);
    const sub = await c.submit({ file: 'a.xlsx', sheets: [ledger('卯镇', [{ description: concrete('卯镇', 1) }])] }, 'k-ext-1');
    if (!('report' in sub)) throw new Error('expected one submission');
    const key = sub.report.sheets[0]!.items[0]!.key;
    const ext = await c.requestExtension(key, { requestedDue: '2023-07-31', reason: '需上级复核' });
    expect(ext).toMatchObject({ key, state: 'pending', requestedDue: '2023-07-31' });
    expect((await c.extensions(key)).extensions).toHaveLength(1);
  });
});

describe("the add-in's client sends a large ledger compressed", () => {
  const rows = (unit: string, n: number) => ledger(unit, Array.from({ length: n }, (_, i) => ({ description: concrete(unit, i + 1) })));

  it('gzip past COMPRESS_FROM, plain below it; the server stores and answers the same ledger either way', async () => {
    const sent: Record<string, string>[] = [];
    const token = await issueToken('unit', '辰镇');
    const c = clientOf(token, undefined, { sent });
    const large = { file: 'large.xlsx', sheets: [rows('辰镇', 120)] };
    expect(new Blob([JSON.stringify(large)]).size).toBeGreaterThan(COMPRESS_FROM);
    const packed = await c.submit(large, 'k-gz-large');
    expect(sent.at(-1)).toMatchObject({ 'content-encoding': 'gzip', 'content-type': 'application/json' });
    // The same ledger through a client that never compresses: the same key replays the same submission.
    const plainClient = new CountyClient({
      baseUrl: 'https://county.test', token: 'unused', attempts: 1, compressFrom: Infinity,
      fetch: (async (url: string, init: RequestInit) => {
        sent.push(init.headers as Record<string, string>);
        return api('POST', new URL(url).pathname, { token, body: init.body as BodyInit, headers: { 'content-type': 'application/json', 'idempotency-key': 'k-gz-large' } });
      }) as unknown as typeof globalThis.fetch,
    });
    const plain = await plainClient.submit(large, 'k-gz-large');
    expect(sent.at(-1)!['content-encoding']).toBeUndefined();
    if (!('report' in packed) || !('report' in plain)) throw new Error('expected one submission each');
    expect(plain.replayed).toBe(true);
    expect(plain.submission.id).toBe(packed.submission.id);
    expect(plain.report).toEqual(packed.report);

    await c.submit({ file: 'small.xlsx', sheets: [rows('辰镇', 2)] }, 'k-gz-small');
    expect(sent.at(-1)!['content-encoding']).toBeUndefined();
  });

  it('an older server that reads the compressed body as broken JSON gets it again plain at once, and every later one plain', async () => {
    const sent: Record<string, string>[] = [];
    const token = await issueToken('unit', '巳镇');
    const c = clientOf(token, undefined, { sent, older: true });
    const first = await c.submit({ file: 'a.xlsx', sheets: [rows('巳镇', 120)] }, 'k-old-1');
    if (!('report' in first)) throw new Error('expected one submission');
    expect(first.report.sheets[0]!.items).toHaveLength(120);
    expect(sent.map((h) => h['content-encoding'] ?? 'plain')).toEqual(['gzip', 'plain']);
    // The pane makes a client per action: the next one sends plain to that server at once.
    await clientOf(token, undefined, { sent, older: true }).submit({ file: 'a.xlsx', sheets: [rows('巳镇', 121)] }, 'k-old-2');
    expect(sent.map((h) => h['content-encoding'] ?? 'plain')).toEqual(['gzip', 'plain', 'plain']);
  });
});

describe("the add-in's client reads every item, page after page", () => {
  it('with pages of 3 from the Worker itself (offset and the first page’s date), every item of a unit once', async () => {
    const token = await issueToken('unit', '午镇');
    await clientOf(token).submit({ file: 'a.xlsx', sheets: [ledger('午镇', Array.from({ length: 8 }, (_, i) => ({ description: concrete('午镇', i + 1) })))] }, 'k-pages-1');
    const urls: string[] = [];
    // The Worker's pages cut to 3 items: the client must page through them.
    const fetch = (async (url: string, init: RequestInit) => {
      const u = new URL(url.replace('limit=5000', 'limit=3'));
      urls.push(u.search);
      return api(init.method ?? 'GET', u.pathname + u.search, { token, headers: {} });
    }) as unknown as typeof globalThis.fetch;
    const c = new CountyClient({ baseUrl: 'https://county.test', token: 'unused', attempts: 1, fetch });
    const all = await c.allItems();
    expect(all.total).toBe(8);
    expect(new Set(all.items.map((i) => i.key)).size).toBe(8);
    expect(urls).toHaveLength(3);
    expect(urls.slice(1).every((q) => new URLSearchParams(q).get('asOf') === all.asOf)).toBe(true);
    // At most `max`: the pages it needs, the first items, and the true total beside them.
    urls.length = 0;
    const some = await c.allItems({}, 5);
    expect([some.items.length, some.total, urls.length]).toEqual([5, 8, 2]);
    expect(some.items.map((i) => i.key)).toEqual(all.items.slice(0, 5).map((i) => i.key));
    // The brief view pages alike, and each item is the full one cut down (schema-checked by the client).
    urls.length = 0;
    const brief = await c.allBriefItems();
    expect(urls).toHaveLength(3);
    expect(urls.every((q) => new URLSearchParams(q).get('view') === 'brief')).toBe(true);
    expect(brief.items.map((i) => [i.key, i.description, i.review.state])).toEqual(all.items.map((i) => [i.key, i.fields.description, i.review.state]));
  });

  it('misses no item when items before its place leave the list while it pages (a submission withdrawn meanwhile)', async () => {
    const early = await issueToken('unit', '申镇');
    const late = await issueToken('unit', '酉镇');
    const gone = await clientOf(early).submit({ file: 'a.xlsx', sheets: [ledger('申镇', Array.from({ length: 3 }, (_, i) => ({ description: concrete('申镇', i + 1) })))] }, 'k-shrink-1');
    await clientOf(late).submit({ file: 'b.xlsx', sheets: [ledger('酉镇', Array.from({ length: 5 }, (_, i) => ({ description: concrete('酉镇', i + 1) })))] }, 'k-shrink-2');
    const earlyKeys = new Set(gone.report.sheets.flatMap((s) => s.items.map((i) => i.key)));
    let withdrawn = false;
    const urls: string[] = [];
    // Pages of 3; once a page has held 申镇's items, the county withdraws 申镇's submission.
    const fetch = (async (url: string, init: RequestInit) => {
      const u = new URL(url.replace('limit=5000', 'limit=3'));
      urls.push(u.search);
      const res = await api(init.method ?? 'GET', u.pathname + u.search, { token: county, headers: {} });
      const page = (await res.clone().json()) as { items: { key: string }[] };
      if (!withdrawn && page.items.some((i) => earlyKeys.has(i.key))) {
        withdrawn = true;
        expect((await api('POST', `/api/v1/submissions/${gone.submission.id}/withdraw`, { token: county, json: { reason: '误报' } })).status).toBe(200);
      }
      return res;
    }) as unknown as typeof globalThis.fetch;
    const c = new CountyClient({ baseUrl: 'https://county.test', token: 'unused', attempts: 1, fetch });
    const all = await c.allBriefItems();
    expect(withdrawn).toBe(true);
    const now = (await (await api('GET', '/api/v1/items?limit=5000&view=brief', { token: county })).json()) as { items: { key: string }[] };
    // Every item still listed was read, 酉镇's five among them; 申镇's, read before they left, may stay.
    const read = new Set(all.items.map((i) => i.key));
    expect(now.items.filter((i) => !read.has(i.key)).map((i) => i.key)).toEqual([]);
    expect(all.items.filter((i) => i.unit === '酉镇')).toHaveLength(5);
    expect(urls.length).toBeGreaterThan(1);
  });

  it('from a server older than the brief view: the full view cut down alike, and the full view at once for that server after', async () => {
    const token = await issueToken('unit', '未镇');
    await clientOf(token).submit({ file: 'a.xlsx', sheets: [ledger('未镇', Array.from({ length: 4 }, (_, i) => ({ description: concrete('未镇', i + 1) })))] }, 'k-view-1');
    const urls: string[] = [];
    // The older server's query schema is strict and has no `view`: the Worker refuses a parameter
    // it does not know exactly so (400 invalid-query), so `view` is renamed to one it does not know.
    const fetch = (async (url: string, init: RequestInit) => {
      const u = new URL(url);
      urls.push(u.search);
      return api(init.method ?? 'GET', u.pathname + u.search.replace('view=', 'viewNotKnownYet='), { token, headers: {} });
    }) as unknown as typeof globalThis.fetch;
    const older = () => new CountyClient({ baseUrl: 'https://older-items.county.test', token: 'unused', attempts: 1, fetch });
    const brief = await older().allBriefItems();
    const full = await clientOf(token).allBriefItems();
    expect(brief).toEqual(full);
    expect(urls.map((q) => new URLSearchParams(q).get('view'))).toEqual(['brief', null]);
    // A later client (the pane makes one per action) asks that server for the full view at once.
    urls.length = 0;
    expect((await older().allBriefItems()).items).toHaveLength(4);
    expect(urls.map((q) => new URLSearchParams(q).get('view'))).toEqual([null]);
  });
});
