import { beforeAll, describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, snapshot, submission } from './helpers.js';

let rulin = '';

beforeAll(async () => {
  rulin = await issueToken('unit', '儒林镇');
});

const raw = (text: string) => ({ body: text, headers: { 'content-type': 'application/json' } });

describe('a JSON submission is bounded before it is materialised', () => {
  it('a 300,000-character description is 413 naming its cell, not 500', async () => {
    const grid = ledger('儒林镇', [{ description: concrete('儒林镇', 1) }, { description: '问'.repeat(300_000) }]);
    const before = await snapshot();
    const body = await expectJson(await api('POST', '/api/v1/submissions', { token: rulin, json: submission(undefined, grid) }), 413);
    expect(body.error.code).toBe('cell-too-long');
    expect(body.error.message).toContain('整改台账!C4');
    expect(await snapshot()).toBe(before);
  });

  it('long texts within the limits are stored whole, chunked by their bytes', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ description: `${concrete('儒林镇', i)}${'涉及案卷'.repeat(7000)}`, measures: `逐案评查${'并整改'.repeat(9000)}${i}` }));
    const body = await expectJson(await api('POST', '/api/v1/submissions', { token: rulin, json: submission(undefined, ledger('儒林镇', rows)) }), 201);
    expect(body.submission.items).toBe(40);
    const key = body.report.sheets[0].items[39].key;
    const history = await expectJson(await api('GET', `/api/v1/items/${encodeURIComponent(key)}/history`, { token: rulin }), 200);
    expect(history.versions[0].item.fields.description).toBe(rows[39]!.description);
  });

  it('a body of millions of values is refused before it is parsed (too-many-cells)', async () => {
    const values = `[${'[0,0,0,0,0,0,0,0,0,0],'.repeat(400_000)}[0]]`;
    const res = await api('POST', '/api/v1/submissions', { token: rulin, ...raw(`{"file":"a.xlsx","sheets":[{"sheet":"S","values":${values}}]}`) });
    expect((await expectJson(res, 413)).error.code).toBe('too-many-cells');
  });

  it('one cell more than 1,000,000 is refused, as for uploads', async () => {
    const values = `[${'[0,0,0,0,0,0,0,0,0,0],'.repeat(100_000)}[0]]`;
    const res = await api('POST', '/api/v1/submissions', { token: rulin, ...raw(`{"file":"a.xlsx","sheets":[{"sheet":"S","values":${values}}]}`) });
    expect((await expectJson(res, 413)).error.code).toBe('too-many-cells');
  });

  it('deep nesting is refused before it is parsed (too-deep)', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const res = await api('POST', '/api/v1/submissions', { token: rulin, ...raw(`{"file":"a.xlsx","sheets":[{"sheet":"S","values":${deep}}]}`) });
    expect((await expectJson(res, 413)).error.code).toBe('too-deep');
  });

  it('no odd body gives 500', async () => {
    const odd = ['{"file":"a","sheets":[{"sheet":"S","values":[["\\ud800"]]}]}', '{"file":"a","sheets":[{"sheet":"S","values":[[1e999]]}]}', '{"file":"a","sheets":[{"sheet":"S","values":[["a"]],"top":1e308}]}', '"just a string"', 'null', '[]', '{"file":"' + 'x'.repeat(300) + '","sheets":[]}'];
    for (const text of odd) {
      const res = await api('POST', '/api/v1/submissions', { token: rulin, ...raw(text) });
      expect(res.status, text.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(res.status, text.slice(0, 60)).toBeLessThan(500);
    }
  });
});
