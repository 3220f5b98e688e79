import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, snapshot, submission, uploadForm } from './helpers.js';

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

  it('one cell more than 300,000 is refused, as for uploads', async () => {
    // 6,000 rows of 50 cells and one more: within the rows a submission may hold.
    const values = `[${`[${'0,'.repeat(49)}0],`.repeat(6_000)}[0]]`;
    const res = await api('POST', '/api/v1/submissions', { token: rulin, ...raw(`{"file":"a.xlsx","sheets":[{"sheet":"S","values":${values}}]}`) });
    expect((await expectJson(res, 413)).error.code).toBe('too-many-cells');
  });

  // What a Worker's 128 MB holds: a 12,000-row submission is checked, stored and answered within
  // 100 MB of heap (`npm run bench memory`); past it a submission is refused with what to do,
  // never left to end the Worker mid-request.
  it('more than 12,000 rows is 413 too-many-rows, in Chinese first, nothing stored', async () => {
    const values = JSON.stringify(Array.from({ length: 12_001 }, (_, i) => [i + 1, '问题']));
    const before = await snapshot();
    const res = await api('POST', '/api/v1/submissions', { token: rulin, ...raw(`{"file":"a.xlsx","sheets":[{"sheet":"S","values":${values}}]}`) });
    const body = await expectJson(res, 413);
    expect(body.error.code).toBe('too-many-rows');
    expect(body.error.message).toMatch(/^行数超过上限/);
    expect(body.error.message).toContain('12000');
    expect(await snapshot()).toBe(before);
  });

  it('rows are counted across sheets', async () => {
    const sheet = (name: string) => `{"sheet":"${name}","values":${JSON.stringify(Array.from({ length: 6_001 }, (_, i) => [i + 1, '问题']))}}`;
    const res = await api('POST', '/api/v1/submissions', { token: rulin, ...raw(`{"file":"a.xlsx","sheets":[${sheet('甲')},${sheet('乙')}]}`) });
    expect((await expectJson(res, 413)).error.code).toBe('too-many-rows');
  });

  it('an uploaded workbook of more than 12,000 rows is 413 too-many-rows, nothing stored', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(Array.from({ length: 12_001 }, (_, i) => [i + 1, '问题'])), 'S');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
    const before = await snapshot();
    const body = await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(bytes, 'big.xlsx') }), 413);
    expect(body.error.code).toBe('too-many-rows');
    expect(body.error.message).toMatch(/^行数超过上限/);
    expect(await snapshot()).toBe(before);
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
