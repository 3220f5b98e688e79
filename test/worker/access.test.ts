import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { api, concrete, expectJson, issueToken, ledger, ORIGIN, revoke, submission, submitLedger, uploadForm } from './helpers.js';

type Role = 'county' | 'own' | 'other' | 'none' | 'bad' | 'revoked' | 'malformed';
const ROLES: Role[] = ['county', 'own', 'other', 'none', 'bad', 'revoked', 'malformed'];

const tokens = {} as Record<Role, string | undefined>;
let key = '';
let submissionId = '';

function xlsx(unit: string): Uint8Array<ArrayBuffer> {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(ledger(unit, [{ description: concrete(unit, 5) }]).values), '整改台账');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

beforeAll(async () => {
  tokens.county = await issueToken('county');
  tokens.own = await issueToken('unit', '儒林镇');
  tokens.other = await issueToken('unit', '茅坪镇');
  tokens.bad = 'lc_thisTokenWasNeverIssuedByTheAdminCommand';
  tokens.revoked = await issueToken('unit', '儒林镇');
  await revoke(tokens.revoked);
  const first = await submitLedger(tokens.own!, ledger('儒林镇', [{ description: concrete('儒林镇', 1) }, { description: concrete('儒林镇', 2) }]));
  key = first.report.sheets[0].items[0].key;
  submissionId = first.submission.id;
});

function headers(role: Role): Record<string, string> {
  if (role === 'malformed') return { authorization: 'Basic dXNlcjpwYXNz' };
  const token = tokens[role];
  return token ? { authorization: `Bearer ${token}` } : {};
}

// Each endpoint × role: the status expected. "own" is a token of 儒林镇, whose data is asked for;
// "other" a token of 茅坪镇 asking for 儒林镇's data. none / bad / revoked / malformed are all 401.
const DENIED = { none: 401, bad: 401, revoked: 401, malformed: 401 } as const;
const MATRIX: { name: string; request: () => [string, string, RequestInit?]; expect: Partial<Record<Role, number>> }[] = [
  { name: 'GET /me', request: () => ['GET', '/api/v1/me'], expect: { county: 200, own: 200, other: 200 } },
  { name: 'GET /units', request: () => ['GET', '/api/v1/units'], expect: { county: 200, own: 200, other: 200 } },
  {
    name: 'POST /submissions for 儒林镇',
    request: () => ['POST', '/api/v1/submissions', { body: JSON.stringify(submission('儒林镇', ledger('儒林镇', [{ description: concrete('儒林镇', 3) }]))), headers: { 'content-type': 'application/json' } }],
    expect: { county: 201, own: 201, other: 403 },
  },
  { name: 'POST /uploads for 儒林镇', request: () => ['POST', '/api/v1/uploads', { body: uploadForm(xlsx('儒林镇'), 'rulin.xlsx', { unit: '儒林镇' }) }], expect: { county: 201, own: 201, other: 403 } },
  { name: 'GET /submissions?unit=儒林镇', request: () => ['GET', `/api/v1/submissions?unit=${encodeURIComponent('儒林镇')}`], expect: { county: 200, own: 200, other: 403 } },
  { name: 'GET /submissions/:id of 儒林镇', request: () => ['GET', `/api/v1/submissions/${submissionId}`], expect: { county: 200, own: 200, other: 404 } },
  { name: 'GET /items?unit=儒林镇', request: () => ['GET', `/api/v1/items?unit=${encodeURIComponent('儒林镇')}`], expect: { county: 200, own: 200, other: 403 } },
  { name: 'GET /items/:key/history of 儒林镇', request: () => ['GET', `/api/v1/items/${key}/history`], expect: { county: 200, own: 200, other: 404 } },
  {
    name: 'POST /items/:key/reviews',
    request: () => ['POST', `/api/v1/items/${key}/reviews`, { body: JSON.stringify({ decision: 'return', comment: '请写明涉及案件的文号' }), headers: { 'content-type': 'application/json' } }],
    expect: { county: 201, own: 403, other: 403 },
  },
  { name: 'GET /summary', request: () => ['GET', '/api/v1/summary'], expect: { county: 200, own: 403, other: 403 } },
  { name: 'GET /reminders', request: () => ['GET', '/api/v1/reminders'], expect: { county: 200, own: 403, other: 403 } },
  {
    name: 'POST /notices',
    request: () => ['POST', '/api/v1/notices', { body: JSON.stringify({ unit: '儒林镇', kind: 'reminder' }), headers: { 'content-type': 'application/json' } }],
    expect: { county: 201, own: 403, other: 403 },
  },
  { name: 'GET /notices', request: () => ['GET', '/api/v1/notices'], expect: { county: 200, own: 200, other: 200 } },
  {
    name: 'POST /interviews',
    request: () => ['POST', '/api/v1/interviews', { body: JSON.stringify({ unit: '儒林镇', people: 2 }), headers: { 'content-type': 'application/json' } }],
    expect: { county: 201, own: 403, other: 403 },
  },
  { name: 'GET /interviews', request: () => ['GET', '/api/v1/interviews'], expect: { county: 200, own: 200, other: 200 } },
];

describe('the access matrix', () => {
  for (const endpoint of MATRIX) {
    for (const role of ROLES) {
      const status = endpoint.expect[role] ?? DENIED[role as keyof typeof DENIED];
      it(`${endpoint.name} as ${role} is ${status}`, async () => {
        const [method, path, init] = endpoint.request();
        const res = await api(method, path, { body: init?.body ?? undefined, headers: { ...(init?.headers as Record<string, string>), ...headers(role) } });
        const body = await expectJson(res, status);
        if (status >= 400) expect(body.error.code).toMatch(/^[a-z-]+$/);
        if (status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer');
      });
    }
  }

  it('answers health without a token', async () => {
    expect(await expectJson(await api('GET', '/api/v1/health'), 200)).toMatchObject({ ok: true, db: 'ok', campaign: 'chengbu-2023' });
  });
});

describe('what a unit token sees', () => {
  it('lists only its own unit’s items and submissions', async () => {
    const own = await expectJson(await api('GET', '/api/v1/items', { token: tokens.own }), 200);
    expect(own.total).toBeGreaterThan(0);
    expect(new Set(own.items.map((i: { unit: string }) => i.unit))).toEqual(new Set(['儒林镇']));
    const other = await expectJson(await api('GET', '/api/v1/items', { token: tokens.other }), 200);
    expect(other).toMatchObject({ total: 0, items: [] });
    const subs = await expectJson(await api('GET', '/api/v1/submissions', { token: tokens.other }), 200);
    expect(subs.submissions).toEqual([]);
  });

  it('reads notices and interviews of its own unit only', async () => {
    const own = await expectJson(await api('GET', '/api/v1/notices', { token: tokens.own }), 200);
    const other = await expectJson(await api('GET', '/api/v1/notices', { token: tokens.other }), 200);
    expect(own.notices.length).toBeGreaterThan(0);
    expect(other.notices).toEqual([]);
  });

  it('is told who it is', async () => {
    expect(await expectJson(await api('GET', '/api/v1/me', { token: tokens.other }), 200)).toMatchObject({ role: 'unit', unit: '茅坪镇' });
  });
});

describe('CORS', () => {
  it('answers a preflight from the add-in’s origin without a token', async () => {
    const res = await api('OPTIONS', '/api/v1/submissions', {
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
  });

  it('does not allow another origin', async () => {
    const res = await api('OPTIONS', '/api/v1/submissions', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const get = await api('GET', '/api/v1/me', { token: tokens.county, headers: { origin: 'https://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks error responses too, so the add-in can read why', async () => {
    const res = await api('GET', '/api/v1/me', { token: 'lc_neverIssuedNeverIssuedNeverIssued', headers: { origin: ORIGIN } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('marks responses to the add-in’s origin', async () => {
    const res = await api('GET', '/api/v1/me', { token: tokens.county, headers: { origin: ORIGIN } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});
