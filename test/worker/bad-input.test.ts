import { beforeAll, describe, expect, it } from 'vitest';
import { API_ERRORS } from '../../shared/schema/api-errors.js';
import { ApiErrorSchema } from '../../shared/schema/api.js';
import { repeatDeflate, zipOf } from './bombs.js';
import { api, concrete, expectJson, issueToken, ledger, snapshot, submission, submitLedger, uploadForm, type Call } from './helpers.js';

let county = '';
let rulin = '';
let maoping = '';
let key = '';
let doneKey = '';
let maopingKey = '';

beforeAll(async () => {
  county = await issueToken('county');
  rulin = await issueToken('unit', '儒林镇');
  maoping = await issueToken('unit', '茅坪镇');
  const r = await submitLedger(rulin, ledger('儒林镇', [
    { description: concrete('儒林镇', 1) },
    { description: concrete('儒林镇', 2), status: '整改中' },
  ]), { key: 'first-try' });
  key = r.report.sheets[0].items[0].key;
  doneKey = r.report.sheets[0].items[1].key;
  const m = await submitLedger(maoping, ledger('茅坪镇', [{ description: concrete('茅坪镇', 1) }]));
  maopingKey = m.report.sheets[0].items[0].key;
  // One assigned item, so assigning it again is an invalid transition.
  await expectJson(await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision: 'assign' } }), 201);
});

const json = 'application/json';
const good = () => submission(undefined, ledger('儒林镇', [{ description: concrete('儒林镇', 9) }]));
const grid = () => good().sheets[0]!;
const raw = (body: string, type = json): Call => ({ body, headers: { 'content-type': type } });

/** A stream of `mb` megabytes that never says its length, so only reading it finds it too large. */
function endless(mb: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({ pull: (c) => (sent++ < mb ? c.enqueue(chunk) : c.close()) });
}

/** A zip whose directory claims a 300 MB entry: refused before anything is inflated. */
function zipBomb(): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(30 + 46 + 22 + 2);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint32(30, 0x02014b50, true);
  v.setUint32(30 + 24, 300 * 1024 * 1024, true);
  v.setUint32(76, 0x06054b50, true);
  v.setUint16(76 + 10, 1, true);
  v.setUint32(76 + 16, 30, true);
  return b;
}

const bytes = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
const big = new Uint8Array(10 * 1024 * 1024 + 1) as Uint8Array<ArrayBuffer>;
big.set([0x50, 0x4b, 0x03, 0x04]);

type Case = [name: string, method: string, path: () => string, call: () => Call, status: number, token?: () => string];

// Each bad request, the status it must get, and (by the test below) proof that nothing stored changed.
const CASES: Case[] = [
  // Submissions: the body
  ['malformed JSON', 'POST', () => '/api/v1/submissions', () => raw('{"file": "a.xlsx", "sheets": ['), 400],
  ['a JSON array instead of an object', 'POST', () => '/api/v1/submissions', () => raw('[]'), 400],
  ['a JSON string', 'POST', () => '/api/v1/submissions', () => raw('"儒林镇"'), 400],
  ['JSON null', 'POST', () => '/api/v1/submissions', () => raw('null'), 400],
  ['an empty body', 'POST', () => '/api/v1/submissions', () => raw(''), 400],
  ['no sheets', 'POST', () => '/api/v1/submissions', () => ({ json: { file: 'a.xlsx' } }), 400],
  ['an empty sheets list', 'POST', () => '/api/v1/submissions', () => ({ json: { file: 'a.xlsx', sheets: [] } }), 400],
  ['an empty file name', 'POST', () => '/api/v1/submissions', () => ({ json: { ...good(), file: '' } }), 400],
  ['a file name that is a number', 'POST', () => '/api/v1/submissions', () => ({ json: { ...good(), file: 42 } }), 400],
  ['values that are a string', 'POST', () => '/api/v1/submissions', () => ({ json: { file: 'a.xlsx', sheets: [{ ...grid(), values: 'A1' }] } }), 400],
  ['a cell holding an object', 'POST', () => '/api/v1/submissions', () => ({ json: { file: 'a.xlsx', sheets: [{ ...grid(), values: [[{ v: 1 }]] }] } }), 400],
  ['an unknown top-level field', 'POST', () => '/api/v1/submissions', () => ({ json: { ...good(), report: { valid: true } } }), 400],
  ['an unknown field in a sheet', 'POST', () => '/api/v1/submissions', () => ({ json: { file: 'a.xlsx', sheets: [{ ...grid(), diagnostics: [] }] } }), 400],
  ['a __proto__ key at the top', 'POST', () => '/api/v1/submissions', () => raw(`{"__proto__": {"role": "county"}, "file": "a.xlsx", "sheets": ${JSON.stringify([grid()])}}`), 400],
  ['a __proto__ key in a sheet', 'POST', () => '/api/v1/submissions', () => raw(`{"file": "a.xlsx", "sheets": [{"__proto__": {"x": 1}, "sheet": "S", "values": [["a"]]}]}`), 400],
  ['a constructor key', 'POST', () => '/api/v1/submissions', () => raw(`{"constructor": {"prototype": {}}, "file": "a.xlsx", "sheets": ${JSON.stringify([grid()])}}`), 400],
  ['a sheet starting at row 0', 'POST', () => '/api/v1/submissions', () => ({ json: { file: 'a.xlsx', sheets: [{ ...grid(), top: 0 }] } }), 400],
  ['a merge with a negative row', 'POST', () => '/api/v1/submissions', () => ({ json: { file: 'a.xlsx', sheets: [{ ...grid(), merges: [{ top: -1, left: 1, bottom: 2, right: 2 }] }] } }), 400],
  ['51 sheets', 'POST', () => '/api/v1/submissions', () => ({ json: { file: 'a.xlsx', sheets: Array.from({ length: 51 }, () => grid()) } }), 400],
  ['text/plain', 'POST', () => '/api/v1/submissions', () => raw(JSON.stringify(good()), 'text/plain'), 415],
  ['no content type', 'POST', () => '/api/v1/submissions', () => ({ body: JSON.stringify(good()) }), 415],
  ['a form instead of JSON', 'POST', () => '/api/v1/submissions', () => raw('file=a.xlsx', 'application/x-www-form-urlencoded'), 415],
  ['a 33 MB body of unknown length', 'POST', () => '/api/v1/submissions', () => ({ body: endless(33), headers: { 'content-type': json } }), 413],
  ['more than a million cells', 'POST', () => '/api/v1/submissions', () => ({ json: { file: 'a.xlsx', sheets: [{ sheet: 'S', values: Array.from({ length: 1001 }, () => Array(1000).fill(0)) }] } }), 413],
  ['another unit named by a unit token', 'POST', () => '/api/v1/submissions', () => ({ json: { ...good(), unit: '茅坪镇' } }), 403],
  ['an unregistered unit named by the county', 'POST', () => '/api/v1/submissions', () => ({ json: { ...good(), unit: '不存在乡' } }), 422, () => county],
  ['a SQL-looking unit named by the county', 'POST', () => '/api/v1/submissions', () => ({ json: { ...good(), unit: "儒林镇'; DROP TABLE items; --" } }), 422, () => county],
  ['a sheet without a ledger header', 'POST', () => '/api/v1/submissions', () => ({ json: { file: 'a.xlsx', sheets: [{ sheet: '填表说明', values: [['请按要求填写'], ['联系人：张三']] }] } }), 422],
  ['an Idempotency-Key with a non-ASCII character', 'POST', () => '/api/v1/submissions', () => ({ json: good(), headers: { 'idempotency-key': 'key\u00e9' } }), 400],
  ['an Idempotency-Key over 200 characters', 'POST', () => '/api/v1/submissions', () => ({ json: good(), headers: { 'idempotency-key': 'k'.repeat(201) } }), 400],
  ['an Idempotency-Key reused for another body', 'POST', () => '/api/v1/submissions', () => ({ json: good(), headers: { 'idempotency-key': 'first-try' } }), 422],
  // Uploads
  ['an upload sent as JSON', 'POST', () => '/api/v1/uploads', () => ({ json: good() }), 415],
  ['an upload without a file', 'POST', () => '/api/v1/uploads', () => ({ body: (() => { const f = new FormData(); f.append('unit', '儒林镇'); return f; })() }), 400],
  ['an upload that is not a workbook', 'POST', () => '/api/v1/uploads', () => ({ body: uploadForm(bytes('这是一份说明，不是台账。\n请按模板填写。\n'), 'notes.txt') }), 400],
  ['a truncated .xlsx', 'POST', () => '/api/v1/uploads', () => ({ body: uploadForm(bytes('PK\u0003\u0004 this is not the rest of a zip')) }), 400],
  ['a legacy .xls', 'POST', () => '/api/v1/uploads', () => ({ body: uploadForm(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.xls') }), 400],
  ['an upload with an unknown field', 'POST', () => '/api/v1/uploads', () => ({ body: uploadForm(zipBomb(), 'a.xlsx', { valid: 'true' }) }), 400],
  ['an upload over 10 MB', 'POST', () => '/api/v1/uploads', () => ({ body: uploadForm(big) }), 413],
  // Declared sizes are not trusted either way: one that only claims 300 MB holds nothing readable.
  ['a zip that only claims to be huge', 'POST', () => '/api/v1/uploads', () => ({ body: uploadForm(zipBomb()) }), 400],
  ['a zip bomb claiming 4 KB', 'POST', () => '/api/v1/uploads', () => ({ body: uploadForm(zipOf([{ name: 'xl/worksheets/sheet1.xml', data: repeatDeflate('<a>', ' ', 20 * 1024 * 1024, '</a>'), declared: 4096 }])) }), 413],
  // Reading
  ['a limit that is not a number', 'GET', () => '/api/v1/items?limit=abc', () => ({}), 400],
  ['a limit too large', 'GET', () => '/api/v1/items?limit=100000', () => ({}), 400],
  ['an impossible asOf', 'GET', () => '/api/v1/items?asOf=2023-02-30', () => ({}), 400],
  ['an asOf in words', 'GET', () => '/api/v1/items?asOf=yesterday', () => ({}), 400],
  ['an unknown category', 'GET', () => `/api/v1/items?category=${encodeURIComponent('执法态度')}`, () => ({}), 400],
  ['an unknown timeliness', 'GET', () => '/api/v1/items?timeliness=late', () => ({}), 400],
  ['an unknown query parameter', 'GET', () => '/api/v1/items?sort=desc', () => ({}), 400],
  ['a __proto__ query parameter', 'GET', () => '/api/v1/items?__proto__=x', () => ({}), 400],
  ['a repeated query parameter', 'GET', () => '/api/v1/items?limit=1&limit=2', () => ({}), 400],
  ['a SQL-looking unit filter', 'GET', () => `/api/v1/items?unit=${encodeURIComponent("' OR 1=1 --")}`, () => ({}), 404, () => county],
  ['another unit’s items asked for by a unit token', 'GET', () => `/api/v1/items?unit=${encodeURIComponent('茅坪镇')}`, () => ({}), 403],
  ['an unknown item key', 'GET', () => '/api/v1/items/ZG-NOSUCHKEY/history', () => ({}), 404],
  ['a SQL-looking item key', 'GET', () => `/api/v1/items/${encodeURIComponent("x' UNION SELECT token_hash FROM tokens --")}/history`, () => ({}), 404],
  ['another unit’s item history', 'GET', () => `/api/v1/items/${maopingKey}/history`, () => ({}), 404],
  ['an unknown submission', 'GET', () => '/api/v1/submissions/00000000-0000-0000-0000-000000000000', () => ({}), 404],
  ['a summary asOf that is not a date', 'GET', () => '/api/v1/summary?asOf=2023-13-01', () => ({}), 400, () => county],
  ['an unknown endpoint', 'GET', () => '/api/v1/ledgers', () => ({}), 404],
  ['an unsupported method', 'DELETE', () => `/api/v1/items/${key}/history`, () => ({}), 404],
  // Reviews
  ['a review of an unknown key', 'POST', () => '/api/v1/items/ZG-NOSUCHKEY/reviews', () => ({ json: { decision: 'assign' } }), 404, () => county],
  ['an unknown decision', 'POST', () => `/api/v1/items/${doneKey}/reviews`, () => ({ json: { decision: 'approve' } }), 400, () => county],
  ['a return without a comment', 'POST', () => `/api/v1/items/${doneKey}/reviews`, () => ({ json: { decision: 'return' } }), 400, () => county],
  ['a comment of 2,001 characters', 'POST', () => `/api/v1/items/${doneKey}/reviews`, () => ({ json: { decision: 'return', comment: '改'.repeat(2001) } }), 400, () => county],
  ['a review as text/plain', 'POST', () => `/api/v1/items/${doneKey}/reviews`, () => raw('{"decision":"assign"}', 'text/plain'), 415, () => county],
  ['assigning an assigned item', 'POST', () => `/api/v1/items/${key}/reviews`, () => ({ json: { decision: 'assign' } }), 409, () => county],
  ['closing out an open item', 'POST', () => `/api/v1/items/${doneKey}/reviews`, () => ({ json: { decision: 'close_out' } }), 409, () => county],
  ['a decision on a stale version', 'POST', () => `/api/v1/items/${doneKey}/reviews`, () => ({ json: { decision: 'assign', version: 7 } }), 409, () => county],
  ['a review by a unit token', 'POST', () => `/api/v1/items/${doneKey}/reviews`, () => ({ json: { decision: 'assign' } }), 403],
  // Notices and interviews
  ['a notice to an unregistered unit', 'POST', () => '/api/v1/notices', () => ({ json: { unit: '不存在乡', kind: 'notice' } }), 422, () => county],
  ['a notice of an unknown kind', 'POST', () => '/api/v1/notices', () => ({ json: { unit: '儒林镇', kind: 'warning' } }), 400, () => county],
  ['a notice sent in the future', 'POST', () => '/api/v1/notices', () => ({ json: { unit: '儒林镇', kind: 'notice', sentOn: '2099-01-01' } }), 400, () => county],
  ['a notice naming another unit’s item', 'POST', () => '/api/v1/notices', () => ({ json: { unit: '儒林镇', kind: 'reminder', itemKeys: [maopingKey] } }), 422, () => county],
  ['an interview with nobody', 'POST', () => '/api/v1/interviews', () => ({ json: { unit: '儒林镇', people: 0 } }), 400, () => county],
  ['an interview with people as a string', 'POST', () => '/api/v1/interviews', () => ({ json: { unit: '儒林镇', people: '3' } }), 400, () => county],
  ['an interview logged by a unit token', 'POST', () => '/api/v1/interviews', () => ({ json: { unit: '儒林镇', people: 3 } }), 403],
  // Tokens
  ['no token', 'GET', () => '/api/v1/items', () => ({}), 401, () => ''],
  ['an unknown token', 'GET', () => '/api/v1/items', () => ({}), 401, () => 'lc_neverIssuedNeverIssuedNeverIssued'],
  ['a token with a quote in it', 'GET', () => '/api/v1/items', () => ({}), 401, () => "lc_abc' OR '1'='1"],
];

describe('bad requests', () => {
  it('are at least 40', () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  for (const [name, method, path, call, status, token] of CASES) {
    it(`${name} gets ${status} and changes nothing`, async () => {
      const before = await snapshot();
      const res = await api(method, path(), { token: token ? token() : rulin, ...call() });
      const body = await expectJson(res, status);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      // Every code is the catalogue's, answered with the catalogue's one status, its Chinese first.
      expect(ApiErrorSchema.parse(body).error.code).toMatch(/^[a-z][a-z-]+$/);
      const entry = API_ERRORS[body.error.code as keyof typeof API_ERRORS];
      expect(entry.status).toBe(status);
      expect(body.error.message.startsWith(entry.zh)).toBe(true);
      expect(await snapshot()).toBe(before);
    });
  }
});

describe('what a person reads of a refusal', () => {
  it('says the particular problem in Chinese, not only the catalogue\'s heading (the add-in shows the message as it is)', async () => {
    const county = await issueToken('county');
    const unit = await issueToken('unit', '读错乡');
    const stored = await submitLedger(unit, ledger('读错乡', [{ description: concrete('读错乡', 1) }]));
    const key = stored.report.sheets[0].items[0].key as string;
    const refusals: [string, Response][] = [
      ['unknown token', await api('GET', '/api/v1/items', { token: 'lc_nosuchtoken' })],
      ['malformed header', await api('GET', '/api/v1/items', { headers: { authorization: 'Token x' } })],
      ['county only', await api('GET', '/api/v1/summary', { token: unit })],
      ['no such item', await api('GET', '/api/v1/items/ZG-AAAAAAAAAAAAAA/history', { token: county })],
      ['another unit', await api('GET', '/api/v1/items?unit=别的乡', { token: unit })],
      ['return without a comment', await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision: 'return' } })],
      ['close out a pending item', await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision: 'reopen', comment: '再看' } })],
      ['not a date', await api('GET', '/api/v1/summary?asOf=2023-02-30', { token: county })],
    ];
    for (const [what, res] of refusals) {
      const { error } = ApiErrorSchema.parse(await res.json());
      const said = [error.message.slice(API_ERRORS[error.code].zh.length), ...(error.issues ?? []).map((i) => i.message)].join(' ');
      expect(said, `${what}: ${error.message}`).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
