import { beforeAll, describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, submission } from './helpers.js';

let county = '';
let rulin = '';

beforeAll(async () => {
  county = await issueToken('county');
  rulin = await issueToken('unit', '儒林镇');
  await issueToken('unit', '茅坪镇');
  for (const unit of ['儒林镇', '茅坪镇']) {
    await expectJson(await api('POST', '/api/v1/notices', { token: county, json: { unit, kind: 'reminder', note: `催办${unit}` } }), 201);
    await expectJson(await api('POST', '/api/v1/interviews', { token: county, json: { unit, people: 2 } }), 201);
  }
});

describe('GET /notices and /interviews', () => {
  for (const path of ['notices', 'interviews']) {
    it(`${path}: ?unit= selects one unit for the county`, async () => {
      const body = await expectJson(await api('GET', `/api/v1/${path}?unit=${encodeURIComponent('茅坪镇')}`, { token: county }), 200);
      expect(body[path].map((n: { unit: string }) => n.unit)).toEqual(['茅坪镇']);
    });

    it(`${path}: an unknown parameter is 400, another unit for a unit token 403, an unknown unit 404`, async () => {
      expect((await expectJson(await api('GET', `/api/v1/${path}?sort=desc`, { token: county }), 400)).error.code).toBe('invalid-query');
      expect((await expectJson(await api('GET', `/api/v1/${path}?unit=${encodeURIComponent('茅坪镇')}`, { token: rulin }), 403)).error.code).toBe('forbidden');
      expect((await expectJson(await api('GET', `/api/v1/${path}?unit=${encodeURIComponent('无此镇')}`, { token: county }), 404)).error.code).toBe('unit-not-found');
      const own = await expectJson(await api('GET', `/api/v1/${path}`, { token: rulin }), 200);
      expect(own[path].map((n: { unit: string }) => n.unit)).toEqual(['儒林镇']);
    });
  }
});

describe('Idempotency-Key', () => {
  it('accepts printable ASCII with spaces, as README says', async () => {
    const json = submission(undefined, ledger('儒林镇', [{ description: concrete('儒林镇', 1) }]));
    const headers = { 'idempotency-key': '儒林镇 weekly 2023-04-24'.replace('儒林镇', 'rulin') };
    await expectJson(await api('POST', '/api/v1/submissions', { token: rulin, json, headers }), 201);
    expect((await expectJson(await api('POST', '/api/v1/submissions', { token: rulin, json, headers }), 200)).replayed).toBe(true);
  });
});
