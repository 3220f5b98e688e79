import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { nearBigrams, nearPrefixLength } from '../../shared/index.js';
import { compactText } from '../../shared/text.js';
import { schemaBefore } from './empty-database.js';
import { api, expectJson, ledger, submission } from './helpers.js';
import { POSTINGS } from './near-postings.js';
import { oldCounty, T1, T2, T3 } from './old-county.js';

// 0007 rebuilds the near-duplicate postings of 0006 (text tokens, every version ever indexed)
// as seqs with positions, for current versions only. This file's database is emptied, migrated
// to 0006, filled the way the server of then indexed it, then migrated to the end.
const COUNTY = 'lc_test_county_migration_0007';
const T = 0.8;

/** 0006's indexing: seqs in order of first storage, each version's first bigrams by seq descending. */
const seqs = new Map<string, number>();
function prefixOf(text: string): { size: number; tokens: string[] } {
  const grams = nearBigrams(compactText(text))!;
  for (const g of grams) if (!seqs.has(g)) seqs.set(g, seqs.size + 1);
  return { size: grams.length, tokens: [...grams].sort((a, b) => seqs.get(b)! - seqs.get(a)!).slice(0, nearPrefixLength(grams.length, T)) };
}

const versions = [
  { id: 1, key: 'ZG-A', version: 1, sub: 's1', unit: 1, text: T1 }, // replaced by version 2: its postings stayed in 0006
  { id: 2, key: 'ZG-A', version: 2, sub: 's2', unit: 1, text: T2 },
  { id: 3, key: 'ZG-B', version: 1, sub: 's3', unit: 2, text: T3 },
];
const prefixes = new Map(versions.map((v) => [v.id, prefixOf(v.text)]));

beforeAll(async () => {
  await schemaBefore('0007');
  await env.DB.batch([
    ...(await oldCounty(COUNTY, ['儒林镇', '茅坪镇', '大桥乡'], versions, T, seqs)),
    ...versions.map((v) => env.DB.prepare('INSERT INTO near_postings (token, size, unit_id, version_id) SELECT value, ?, ?, ? FROM json_each(?)')
      .bind(prefixes.get(v.id)!.size, v.unit, v.id, JSON.stringify(prefixes.get(v.id)!.tokens))),
  ]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

describe('migration 0007 over the index of 0006', () => {
  it('keeps the current versions’ postings, as seqs at their positions, and drops the replaced one’s', async () => {
    const rows = await env.DB.prepare(`SELECT version_id, token, pos, size, unit_id FROM ${POSTINGS} p ORDER BY version_id, pos`).raw<[number, number, number, number, number]>();
    const want = versions.filter((v) => v.id !== 1).flatMap((v) => {
      const p = prefixes.get(v.id)!;
      return p.tokens.map((g, i) => [v.id, seqs.get(g)!, i + 1, p.size, v.unit]);
    });
    expect(rows).toEqual(want);
    const names = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')").raw<[string]>()).map(([n]) => n);
    // near_postings_version, which 0007 made, is gone since 0015 (postings are dropped by key);
    // item_versions_near_pending since 0016 (the items' triggers queue what a batch did not index).
    expect(names).toEqual(expect.arrayContaining(['items_near_replaced', 'items_near_dropped', 'items_near_added']));
    expect(names).not.toContain('item_versions_near_pending');
  });

  it('a new submission finds the current version through the migrated postings, never the replaced one', async () => {
    expect(await env.DB.prepare('SELECT count(*) AS n FROM near_pending').first<number>('n')).toBe(0);
    const body = await expectJson(await api('POST', '/api/v1/submissions', {
      token: COUNTY, json: submission('大桥乡', ledger('大桥乡', [{ description: T3 }, { description: T1 }, { description: T2 }])),
    }), 201);
    const near = body.report.sheets[0].items.map((it: { diagnostics: { code: string; details: { otherUnit: string } }[] }) =>
      it.diagnostics.find((d) => d.code === 'near-duplicate')?.details.otherUnit ?? null);
    expect(near).toEqual(['茅坪镇', null, '儒林镇']);
  });
});
