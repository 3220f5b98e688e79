import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkbooks } from '../../shared/index.js';
import { SKETCH_PER_SUBMISSION } from '../../worker/db/near-index.js';
import { nearCandidates } from '../../worker/near-candidates.js';
import { versionsOf } from '../../worker/submit.js';
import { sketchHex } from '../../worker/near-sketch.js';
import { schemaBefore } from './empty-database.js';
import { api, expectJson, ledger, submission, TODAY } from './helpers.js';
import { indexedSet, oldCounty, type OldVersion } from './old-county.js';
import { bigramSetOf, jaccard, templateVariants, storedSimilarTo } from './template-texts.js';

// 0013 gives each indexed version a 128-bit sketch (near_sets.sketch). This file's database is
// emptied, migrated to 0012, a county stored and indexed the way the server of 0010–0012 did
// (postings, prefixes, whole sets; no sketch), then migrated to the end: submissions must find
// the same near-duplicates as checking every description against every other finds, before the
// old rows have sketches, while they get them, and after.
const COUNTY = 'lc_test_county_migration_0013';
const T = 0.8;

const UNITS = ['儒林镇', '茅坪镇', '大桥乡', '小河乡', '石门乡', '青山镇'];
// 36 versions of the first two units, one submission each, stored before 0013.
const versions: OldVersion[] = [0, 1].flatMap((u) => templateVariants(18, u + 11).map((text, i) => ({ id: u * 18 + i + 1, key: `ZG-${u}-${i}`, sub: `s${u + 1}`, unit: u + 1, text })));
const seqs = new Map<string, number>();
const sets = new Map(versions.map((v) => [v.id, indexedSet(v.text, T, seqs)]));

beforeAll(async () => {
  await schemaBefore('0013');
  await env.DB.batch([
    ...(await oldCounty(COUNTY, UNITS, versions, T, seqs)),
    ...versions.map((v) => env.DB.prepare('INSERT INTO near_postings (token, pos, size, unit_id, version_id) SELECT value, key + 1, ?, ?, ? FROM json_each(?)')
      .bind(sets.get(v.id)!.size, v.unit, v.id, JSON.stringify(sets.get(v.id)!.prefix))),
    ...versions.map((v) => env.DB.prepare('INSERT INTO near_sets (version_id, size, prefix, bigrams) VALUES (?, ?, ?, ?)')
      .bind(v.id, sets.get(v.id)!.size, JSON.stringify(sets.get(v.id)!.prefix), JSON.stringify(sets.get(v.id)!.all))),
  ]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

/** The rows (1-based) of `texts` with a near-duplicate among other units' current descriptions: brute force. */
async function expectedRows(unit: string, texts: string[]): Promise<number[]> {
  const others = (await env.DB.prepare('SELECT v.description FROM items i JOIN item_versions v ON v.id = i.current_version_id JOIN units u ON u.id = i.unit_id WHERE u.name <> ?')
    .bind(unit).raw<[string]>()).map(([d]) => bigramSetOf(d));
  return texts.flatMap((t, i) => (others.some((o) => jaccard(bigramSetOf(t), o) >= T - 1e-12) ? [i + 1] : []));
}

/** A county upload of one unit's ledger; the rows (1-based) the report flags as near-duplicates. */
async function flaggedRows(unit: string, texts: string[]): Promise<number[]> {
  const body = await expectJson(await api('POST', '/api/v1/submissions', { token: COUNTY, json: submission(unit, ledger(unit, texts.map((description) => ({ description })))) }), 201);
  return (body.report.sheets[0].items as { diagnostics: { code: string }[] }[]).flatMap((it, i) => (it.diagnostics.some((d) => d.code === 'near-duplicate') ? [i + 1] : []));
}

/** The versions the probe offers for `texts` of a unit not stored, its sketches read whatever the survivors' number; and the brute force's. */
async function offered(texts: string[]): Promise<{ probe: number[]; similar: number[] }> {
  const probing = versionsOf(checkWorkbooks([{ file: 'p.xlsx', sheets: [ledger('探针乡', texts.map((description) => ({ description })))] }], { asOf: TODAY, unit: '探针乡' }));
  const plan = await nearCandidates(env.DB, probing, () => -1, T, { sketchFrom: 0 });
  return { probe: plan.stored.map((c) => c.id).sort((a, b) => a - b), similar: await storedSimilarTo(texts, T) };
}

const sketches = async () => (await env.DB.prepare('SELECT version_id, bigrams, lower(hex(sketch)) AS hex FROM near_sets ORDER BY version_id').raw<[number, string, string]>());

describe('migration 0013 over a county indexed before it', () => {
  it('adds the sketch column (NULL for every row stored before) and its indexes', async () => {
    expect((await sketches()).map(([id, , hex]) => [id, hex])).toEqual(versions.map((v) => [v.id, '']));
    const names = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'near_sets'").raw<[string]>()).map(([n]) => n);
    expect(names).toEqual(expect.arrayContaining(['near_sets_sketch', 'near_sets_sketch_missing']));
    // No row has a sketch: the probe keeps their pairs and offers what brute force finds.
    const { probe, similar } = await offered(templateVariants(20, 51));
    expect(similar.length).toBeGreaterThan(2);
    expect(probe).toEqual(similar);
  });

  it('the first submission after it finds what brute force finds (no stored row has a sketch yet), and gives the old rows theirs', async () => {
    const texts = templateVariants(20, 31);
    const expected = await expectedRows('大桥乡', texts);
    expect(expected.length).toBeGreaterThan(2);
    expect(await flaggedRows('大桥乡', texts)).toEqual(expected);
    expect(versions.length).toBeLessThan(SKETCH_PER_SUBMISSION); // all of them in one batch
    const rows = await sketches();
    expect(rows.length).toBe(versions.length + texts.length);
    for (const [, bigrams, hex] of rows) expect(hex).toBe(sketchHex(JSON.parse(bigrams) as number[]));
  });

  it('the next submissions, checked through every sketch, find what brute force finds', async () => {
    for (const [k, unit] of ['小河乡', '石门乡'].entries()) {
      const texts = templateVariants(20, 41 + k);
      const expected = await expectedRows(unit, texts);
      expect(expected.length).toBeGreaterThan(2);
      expect(await flaggedRows(unit, texts)).toEqual(expected);
    }
    // Every row has its sketch now: the probe, its sketches read, offers what brute force finds.
    const { probe, similar } = await offered(templateVariants(20, 52));
    expect(similar.length).toBeGreaterThan(2);
    expect(probe).toEqual(similar);
  });

  it('a row that lost its sketch keeps its pairs, and the next submission gives it back', async () => {
    await env.DB.prepare('UPDATE near_sets SET sketch = NULL WHERE version_id <= 18').run();
    const { probe, similar } = await offered(templateVariants(20, 11).slice(0, 10));
    expect(probe).toEqual(similar);
    const texts = templateVariants(20, 11).slice(0, 10); // copies of the first unit's rows: each a near-duplicate
    expect(await expectedRows('青山镇', texts)).toEqual(texts.map((_, i) => i + 1));
    expect(await flaggedRows('青山镇', texts)).toEqual(texts.map((_, i) => i + 1));
    expect(await env.DB.prepare('SELECT count(*) AS n FROM near_sets WHERE sketch IS NULL').first<number>('n')).toBe(0);
  });
});
