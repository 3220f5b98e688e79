import { env } from 'cloudflare:workers';
import type { D1Database } from '@cloudflare/workers-types';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignOrDefault } from '../../shared/index.js';
import { EvidenceUploadSchema } from '../../shared/schema/chase.js';
import { api, concrete, expectJson, issueToken, ledger, snapshot, submitLedger } from './helpers.js';

let county: string;
let own: string;
let other: string;
let key: string;
let doneKey: string;

const PDF = strToU8('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
const DOCX = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
const XLSX = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') });
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]);

function form(bytes: Uint8Array, name: string): FormData {
  const f = new FormData();
  f.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  return f;
}
const upload = (token: string, k: string, bytes: Uint8Array, name: string, extra: Partial<Parameters<typeof api>[2]> = {}) =>
  api('POST', `/api/v1/items/${k}/evidence`, { token, body: form(bytes, name), ...extra });

beforeAll(async () => {
  county = await issueToken('county');
  own = await issueToken('unit', '儒林镇');
  other = await issueToken('unit', '茅坪镇');
  const body = await submitLedger(own, ledger('儒林镇', [
    { description: concrete('儒林镇', 1) },
    { description: concrete('儒林镇', 2), status: '已完成', completedOn: '2023年4月20日', evidence: '整改报告及案卷评查表' },
  ]));
  [key, doneKey] = body.report.sheets[0].items.map((i: { key: string }) => i.key);
  await submitLedger(other, ledger('茅坪镇', [{ description: concrete('茅坪镇', 1) }]));
});

describe('evidence files (佐证材料)', () => {
  it('round trip: uploads each of the five types by content, lists them (also in the history) and reads the bytes back', async () => {
    const sent: [Uint8Array, string, string][] = [
      [PDF, '整改报告.pdf', 'pdf'], [PNG, '现场照片.png', 'png'], [JPG, '整改前后对比.jpeg', 'jpg'], [DOCX, '情况说明.docx', 'docx'], [XLSX, '案卷评查表.xlsx', 'xlsx'],
    ];
    const ids: string[] = [];
    for (const [i, [bytes, name, type]] of sent.entries()) {
      // The answer says how many files the item holds now (the add-in's cell), so no second request asks.
      const info = EvidenceUploadSchema.parse(await expectJson(await upload(own, key, bytes, name), 201));
      expect(info).toMatchObject({ itemKey: key, name, type, size: bytes.length, count: i + 1 });
      ids.push(info.id);
    }
    const list = await expectJson(await api('GET', `/api/v1/items/${key}/evidence`, { token: own }), 200);
    expect(list.evidence.map((e: { name: string }) => e.name)).toEqual(sent.map(([, n]) => n));
    const history = await expectJson(await api('GET', `/api/v1/items/${key}/history`, { token: county }), 200);
    expect(history.evidence.map((e: { id: string }) => e.id)).toEqual(ids);
    for (const [i, [bytes, name]] of sent.entries()) {
      const res = await api('GET', `/api/v1/items/${key}/evidence/${ids[i]}`, { token: i % 2 ? county : own });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(encodeURIComponent(name));
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    }
    expect((await api('GET', `/api/v1/items/${key}/evidence/${ids[0]}`, { token: own })).headers.get('content-type')).toBe('application/pdf');
    // The bytes are in the EVIDENCE bucket (local R2).
    const listed = await env.EVIDENCE.list({ prefix: 'evidence/' });
    expect(listed.objects).toHaveLength(5);
  });

  it('a listing D1 could not write leaves no file behind in R2: the bytes are taken back', async () => {
    // D1 failing the listing's batch (a lost connection): the statements that write it are marked.
    const listing = new WeakSet<object>();
    const failing = new Proxy(env.DB, {
      get(target, k) {
        if (k === 'prepare') {
          return (sql: string) => {
            const s = target.prepare(sql);
            if (!/^INSERT INTO evidence/.test(sql)) return s;
            // bind() makes a statement of its own: that one goes in the batch.
            return new Proxy(s, { get: (t, m) => (m === 'bind' ? (...args: unknown[]) => { const b = t.bind(...args); listing.add(b); return b; } : Reflect.get(t, m, t)) });
          };
        }
        if (k === 'batch') {
          return (statements: object[]) => (statements.some((s) => listing.has(s)) ? Promise.reject(new Error('D1_ERROR: Network connection lost.')) : target.batch(statements as never));
        }
        const v = Reflect.get(target, k, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as D1Database;
    const before = (await env.EVIDENCE.list({ prefix: `evidence/` })).objects.map((o: { key: string }) => o.key);
    const res = await upload(own, doneKey, PDF, '未能登记.pdf', { env: { DB: failing } });
    // D1 unavailable for a moment: the client is told to try again.
    expect((await expectJson(res, 503)).error.code).toBe('database-unavailable');
    expect((await env.EVIDENCE.list({ prefix: `evidence/` })).objects.map((o: { key: string }) => o.key)).toEqual(before);
    expect((await expectJson(await api('GET', `/api/v1/items/${doneKey}/evidence`, { token: own }), 200)).evidence.map((e: { name: string }) => e.name)).not.toContain('未能登记.pdf');
  });

  it('a listing written before the connection was lost keeps its bytes: a listing never names a missing file', async () => {
    // D1 committing the listing's batch, then its answer lost.
    const lost = new Proxy(env.DB, {
      get(target, k) {
        if (k === 'batch') return (statements: never[]) => target.batch(statements).then(() => Promise.reject(new Error('D1_ERROR: Network connection lost.')));
        const v = Reflect.get(target, k, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as D1Database;
    const res = await upload(own, doneKey, PDF, '已登记.pdf', { env: { DB: lost } });
    expect((await expectJson(res, 503)).error.code).toBe('database-unavailable');
    const listed = (await expectJson(await api('GET', `/api/v1/items/${doneKey}/evidence`, { token: own }), 200)).evidence.find((e: { name: string }) => e.name === '已登记.pdf');
    expect(listed).toBeDefined();
    try {
      const file = await api('GET', `/api/v1/items/${doneKey}/evidence/${listed.id}`, { token: own });
      expect(file.status).toBe(200);
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
    } finally {
      // The item is the tests' after this one without a file: this one's taken away.
      const r2Key = await env.DB.prepare('SELECT r2_key FROM evidence WHERE id = ?').bind(listed.id).first<string>('r2_key');
      await env.DB.prepare('DELETE FROM evidence WHERE id = ?').bind(listed.id).run();
      if (r2Key) await env.EVIDENCE.delete(r2Key);
    }
  });

  it('refuses a disguised executable, a plain zip named .docx, a name that disagrees with the content, and a file over 20 MB, storing nothing', async () => {
    const before = await snapshot();
    const exe = await expectJson(await upload(own, key, EXE, '整改报告.pdf'), 415);
    expect(exe.error.code).toBe('evidence-type');
    expect(exe.error.message).toMatch(/^佐证材料类型不符：文件内容不是 PDF/);
    const zip = zipSync({ 'a.txt': strToU8('hello') });
    expect((await expectJson(await upload(own, key, zip, '情况说明.docx'), 415)).error.code).toBe('evidence-type');
    expect((await expectJson(await upload(own, key, PNG, '照片.pdf'), 415)).error.message).toContain('文件内容是PNG 图片');
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(PDF);
    expect((await expectJson(await upload(own, key, big, 'big.pdf'), 413)).error.code).toBe('payload-too-large');
    expect(await snapshot()).toBe(before);
  });

  it('keeps another unit out: its upload, list and read are 404, as for a key that does not exist', async () => {
    const { id } = await expectJson(await upload(own, key, PDF, '另一份.pdf'), 201);
    const before = await snapshot();
    expect((await expectJson(await upload(other, key, PDF, 'x.pdf'), 404)).error.code).toBe('item-not-found');
    expect((await expectJson(await api('GET', `/api/v1/items/${key}/evidence`, { token: other }), 404)).error.code).toBe('item-not-found');
    expect((await expectJson(await api('GET', `/api/v1/items/${key}/evidence/${id}`, { token: other }), 404)).error.code).toBe('item-not-found');
    expect((await expectJson(await api('GET', `/api/v1/items/${key}/evidence/not-an-id`, { token: own }), 404)).error.code).toBe('evidence-not-found');
    expect(await snapshot()).toBe(before);
    // Counts per item (the add-in's column): a unit sees its own items' counts only.
    expect((await expectJson(await api('GET', '/api/v1/items/evidence-counts', { token: own }), 200)).counts).toEqual({ [key]: 6 });
    expect((await expectJson(await api('GET', '/api/v1/items/evidence-counts', { token: other }), 200)).counts).toEqual({});
  });

  it('with closeOutNeedsFile, 销号 needs one uploaded file', async () => {
    const campaign = { env: { CAMPAIGN: JSON.stringify({ ...campaignOrDefault(), closeOutNeedsFile: true }) } };
    const refused = await expectJson(await api('POST', `/api/v1/items/${doneKey}/reviews`, { token: county, json: { decision: 'close_out' }, ...campaign }), 409);
    expect(refused.error.message).toContain('销号需至少上传一份佐证材料文件');
    await expectJson(await upload(own, doneKey, DOCX, '整改报告.docx'), 201);
    await expectJson(await api('POST', `/api/v1/items/${doneKey}/reviews`, { token: county, json: { decision: 'close_out' }, ...campaign }), 201);
  });
});
