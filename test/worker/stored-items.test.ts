import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignOrDefault, checkWorkbooks } from '../../shared/index.js';
import { decodeItem, encodeItem, TextTable } from '../../worker/db/item-codec.js';
import { aggregateGrid } from '../../bench/ledger-gen.js';
import { api, concrete, expectJson, issueToken, ledger, submission } from './helpers.js';

// Item versions are stored without what repeats (worker/db/item-codec.ts, migration 0009): every
// reader must still give each item exactly as the core reported it, key order included.
const UNIT = '五团镇';
let token: string;
let county: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies read loosely
let first: any;
let body: unknown;
const FILE = '五团镇“整改”台账\'s.xlsx';
const KEY = 'stored-items-0001';

/** Items as a response gives them, without what the server adds (version, review). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const bare = (items: any[]) => items.map(({ version: _v, review: _r, ...item }) => item);

beforeAll(async () => {
  token = await issueToken('unit', UNIT);
  county = await issueToken('county');
  // Two sheets, repeated messages (vague measures on every row), a missing category, quotes and
  // backslashes in texts, a completed item, a deadline that cannot be read.
  const rows = (offset: number) => [
    { description: concrete(UNIT, offset + 1), measures: '加强学习' },
    { description: `${concrete(UNIT, offset + 2)}，“双引号”与\\反斜杠`, category: '', measures: '加强学习' },
    { description: '工作不够扎实', deadline: '尽快', measures: '加强学习' },
    { description: concrete(UNIT, offset + 4), status: '已完成', completedOn: '2023-04-20', evidence: '整改报告', measures: '加强学习' },
  ];
  body = { ...submission(undefined, ledger(UNIT, rows(0)), FILE), sheets: [ledger(UNIT, rows(0)), ledger(UNIT, rows(10), '第二批')] };
  first = await expectJson(await api('POST', '/api/v1/submissions', { token, headers: { 'idempotency-key': KEY }, json: body }), 201);
});

describe('stored item versions', () => {
  it('are stored without the texts they repeat: each message once per submission', async () => {
    const stored = await env.DB.prepare('SELECT item FROM item_versions WHERE submission_id = ? ORDER BY ord').bind(first.submission.id).raw<[string]>();
    expect(stored).toHaveLength(8);
    const items = first.report.sheets.flatMap((s: { items: unknown[] }) => s.items);
    for (const [item] of stored) {
      expect(item).not.toContain('整改措施过于简单');
      expect(item).not.toContain(FILE);
    }
    const texts = await env.DB.prepare('SELECT text FROM submission_texts WHERE submission_id = ? ORDER BY n').bind(first.submission.id).raw<[string]>();
    const messages = new Set(items.flatMap((i: { diagnostics: { message: string; messageEn: string }[] }) => i.diagnostics.flatMap((d) => [d.message, d.messageEn])));
    // The messages, and the keys of fields and diagnostics (JSON arrays), each once.
    expect(texts.map(([t]) => t).filter((t) => !t.startsWith('[')).sort()).toEqual([...messages].sort());
    expect(new Set(texts.map(([t]) => t)).size).toBe(texts.length);
    expect(texts.map(([t]) => t)).toContain(JSON.stringify(Object.keys(items[0].fields)));
    expect(texts.filter(([t]) => t.includes('整改措施过于简单'))).toHaveLength(1);
  });

  it('replay the first answer exactly (Idempotency-Key), key order included', async () => {
    const again = await expectJson(await api('POST', '/api/v1/submissions', { token, headers: { 'idempotency-key': KEY }, json: body }), 200);
    expect(again.replayed).toBe(true);
    expect(JSON.stringify(again.report.sheets.map((s: { items: unknown[] }) => bare(s.items))))
      .toBe(JSON.stringify(first.report.sheets.map((s: { items: unknown[] }) => bare(s.items))));
  });

  it('read back whole in the submission, the item list and each item history', async () => {
    const read = await expectJson(await api('GET', `/api/v1/submissions/${first.submission.id}`, { token: county }), 200);
    expect(JSON.stringify(read.report)).toBe(JSON.stringify(first.report));
    const items = first.report.sheets.flatMap((s: { items: unknown[] }) => bare(s.items));
    for (const item of items) {
      const history = await expectJson(await api('GET', `/api/v1/items/${item.key}/history`, { token: county }), 200);
      expect(JSON.stringify(history.versions[0].item)).toBe(JSON.stringify(item));
    }
    const list = await expectJson(await api('GET', '/api/v1/items?limit=100', { token: county }), 200);
    const byKey = new Map(items.map((i: { key: string }) => [i.key, i]));
    const mine = list.items.filter((i: { key: string }) => byKey.has(i.key));
    expect(mine).toHaveLength(8);
    for (const listed of mine) {
      const item = byKey.get(listed.key) as { fields: unknown; diagnostics: unknown; row: number };
      expect(JSON.stringify(listed.fields)).toBe(JSON.stringify(item.fields));
      expect(JSON.stringify(listed.diagnostics)).toBe(JSON.stringify(item.diagnostics));
      expect(listed.row).toBe(item.row);
    }
  });

  it('decode to the core\'s item, key order included, for every item of a generated county ledger', () => {
    const report = checkWorkbooks([{ file: '县汇总.xlsx', sheets: [aggregateGrid(600, 6, 5)] }], { campaign: campaignOrDefault(), asOf: '2023-05-29' });
    const texts = new TextTable();
    const items = report.sheets.flatMap((sheet) => sheet.items.map((item) => ({ item, sheet: sheet.sheet })));
    expect(items.length).toBe(600);
    for (const { item, sheet } of items) {
      const stored = JSON.stringify(encodeItem(item, sheet, '县汇总.xlsx', texts));
      const at = { key: item.key, description: item.fields.description ?? '', category: item.fields.category ?? '', sheet, file: '县汇总.xlsx' };
      expect(JSON.stringify(decodeItem(stored, at, (n) => texts.texts[n]))).toBe(JSON.stringify(item));
    }
    // A version stored before 0009 (its item whole) reads as stored.
    const whole = JSON.stringify(items[0]!.item);
    expect(JSON.stringify(decodeItem(whole, { key: 'x', description: 'y', category: 'z', sheet: 's', file: 'f' }, () => undefined))).toBe(whole);
  });
});
