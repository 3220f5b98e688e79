import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { PART_UNITS, reportParts } from '../../worker/db/report-parts.js';
import { api, concrete, expectJson, issueToken, ledger, type Row } from './helpers.js';

// A ledger copied from another unit's, under a long file name: every row is a near-duplicate of a
// stored one, and each pair names both places (file, sheet, row, unit, key). Past ~1,200 pairs the
// report without its items is over 2 MB, more than D1 stores in one value (SQLITE_TOOBIG): the
// submission failed with a 500 and stored nothing.
const ROWS = 1_400;
const FILE = `${'县委巡察办反馈问题整改落实情况台账'.repeat(15)}.xlsx`.slice(-255);
const rows: Row[] = Array.from({ length: ROWS }, (_, i) => ({ description: concrete('抄报乡', i + 1) }));
const body = (unit: string) => ({ file: FILE, unit, sheets: [ledger(unit, rows)] });
const utf8 = (text: string) => new TextEncoder().encode(text).length;

let county: string;
beforeAll(async () => {
  county = await issueToken('county');
  await issueToken('unit', '原报乡');
  await issueToken('unit', '抄报乡');
  await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: body('原报乡') }), 201);
}, 120_000);

describe('a report over 2 MB (a copied ledger: thousands of near-duplicates)', () => {
  it('is stored, answered, replayed and read back as it was', async () => {
    const headers = { 'idempotency-key': 'copied-ledger-1' };
    const first = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: body('抄报乡'), headers }), 201);
    expect(first.report.crossUnit.length).toBeGreaterThan(1_200);
    const withoutItems = { ...first.report, sheets: first.report.sheets.map((s: object) => ({ ...s, items: [] })) };
    expect(utf8(JSON.stringify(withoutItems))).toBeGreaterThan(2_000_000);

    const again = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: body('抄报乡'), headers }), 200);
    expect(again.replayed).toBe(true);
    expect(again.report).toEqual(first.report);
    const read = await expectJson(await api('GET', `/api/v1/submissions/${first.submission.id}`, { token: county }), 200);
    expect(read.report).toEqual(first.report);
    const stored = await env.DB.prepare('SELECT COUNT(*) AS n FROM submissions WHERE id = ?').bind(first.submission.id).first<number>('n');
    expect(stored).toBe(1);
  }, 120_000);
});

describe('reportParts', () => {
  it('cuts a text into parts D1 stores (under 1.8 MB of UTF-8 each), never inside a surrogate pair, that join back to it', () => {
    const text = `${'整改'.repeat(700_000)}😀${'a'.repeat(10)}`;
    for (const units of [PART_UNITS, 1_400_000, 7]) {
      const parts = reportParts(text.slice(0, 1_400_000 + 13), units);
      expect(parts.join('')).toBe(text.slice(0, 1_400_000 + 13));
      for (const p of parts) {
        if (units === PART_UNITS) expect(utf8(p)).toBeLessThan(1_800_000);
        expect(p.charCodeAt(p.length - 1) >= 0xd800 && p.charCodeAt(p.length - 1) <= 0xdbff).toBe(false);
      }
    }
    // The emoji's halves straddle the cut at 1,400,000 units: the first part gives back a unit.
    expect(reportParts(text, 1_400_001)[0]).toHaveLength(1_400_000);
    expect(reportParts('')).toEqual(['']);
    expect(reportParts('{}')).toEqual(['{}']);
  });
});
