import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { nearBigrams, nearPrefixLength } from '../../shared/index.js';
import { compactText } from '../../shared/text.js';
import { sketchHex } from '../../worker/near-sketch.js';
import { schemaBefore } from './empty-database.js';
import { api, expectJson, ledger, submission } from './helpers.js';
import { indexedSet, OLD_VERSIONS, oldCounty, T1, T2, T3 } from './old-county.js';

// 0010 keeps each indexed version's whole bigram set beside its prefix (near_sets.bigrams), for
// the probe's exact check of a pair. This file's database is emptied, migrated to 0009, indexed
// the way the server of then indexed it (postings and prefixes), then migrated to the end.
const COUNTY = 'lc_test_county_migration_0010';
const T = 0.8;

const seqs = new Map<string, number>();
const versions = OLD_VERSIONS;
const sets = new Map(versions.map((v) => [v.id, indexedSet(v.text, T, seqs)]));

beforeAll(async () => {
  await schemaBefore('0010');
  await env.DB.batch([
    ...(await oldCounty(COUNTY, ['儒林镇', '茅坪镇', '大桥乡', '小河乡'], versions, T, seqs)),
    ...versions.map((v) => env.DB.prepare('INSERT INTO near_postings (token, pos, size, unit_id, version_id) SELECT value, key + 1, ?, ?, ? FROM json_each(?)')
      .bind(sets.get(v.id)!.size, v.unit, v.id, JSON.stringify(sets.get(v.id)!.prefix))),
    ...versions.map((v) => env.DB.prepare('INSERT INTO near_sets (version_id, size, prefix) VALUES (?, ?, ?)')
      .bind(v.id, sets.get(v.id)!.size, JSON.stringify(sets.get(v.id)!.prefix))),
  ]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

const rowsNow = async () => (await env.DB.prepare('SELECT version_id, size, prefix, bigrams FROM near_sets ORDER BY version_id').raw<[number, number, string, string | null]>())
  .map(([id, size, prefix, bigrams]) => [id, size, JSON.parse(prefix) as number[], bigrams === null ? null : (JSON.parse(bigrams) as number[])] as const);

/** A county upload of one unit's ledger; each row's near-duplicate's unit, or null. */
async function nearUnits(unit: string, texts: string[]): Promise<(string | null)[]> {
  const body = await expectJson(await api('POST', '/api/v1/submissions', { token: COUNTY, json: submission(unit, ledger(unit, texts.map((description) => ({ description })))) }), 201);
  return body.report.sheets[0].items.map((it: { diagnostics: { code: string; details: { otherUnit: string } }[] }) =>
    it.diagnostics.find((d) => d.code === 'near-duplicate')?.details.otherUnit ?? null);
}

describe('migration 0010 over the index of 0008', () => {
  it('keeps the rows of 0008 as they were, their whole sets unknown (NULL), and the triggers that drop them', async () => {
    expect(await rowsNow()).toEqual(versions.map((v) => [v.id, sets.get(v.id)!.size, sets.get(v.id)!.prefix, null]));
    const names = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").raw<[string]>()).map(([n]) => n);
    // 0008's own two triggers live on inside 0007's since 0015.
    expect(names).toEqual(expect.arrayContaining(['items_near_replaced', 'items_near_dropped']));
  });

  it('a new submission finds the versions of 0008 (checked from their prefixes) and stores its own whole sets', async () => {
    expect(await nearUnits('大桥乡', [T3, '今年以来全县各乡镇普遍存在的问题需要认真对待并加以整改落实', T1])).toEqual(['茅坪镇', null, '儒林镇']);
    const own = await env.DB.prepare("SELECT s.size, s.prefix, s.bigrams, v.description FROM near_sets s JOIN item_versions v ON v.id = s.version_id JOIN units u ON u.id = v.unit_id WHERE u.name = '大桥乡'")
      .raw<[number, string, string, string]>();
    expect(own).toHaveLength(3);
    const seqOf = new Map((await env.DB.prepare('SELECT bigram, seq FROM near_bigrams').raw<[string, number]>()));
    for (const [size, prefix, bigrams, text] of own) {
      // The whole set, seq descending (the index order); the prefix its first bigrams.
      const whole = nearBigrams(compactText(text))!.map((g) => seqOf.get(g)!).sort((a, b) => b - a);
      expect(JSON.parse(bigrams)).toEqual(whole);
      expect(size).toBe(whole.length);
      expect(JSON.parse(prefix)).toEqual(whole.slice(0, nearPrefixLength(size, T)));
    }
  });

  it('that submission gave the versions of 0008 their whole sets (seq descending), their prefixes unchanged', async () => {
    const old = (await rowsNow()).filter(([id]) => id <= 3);
    expect(old).toEqual(versions.map((v) => [v.id, sets.get(v.id)!.size, sets.get(v.id)!.prefix, sets.get(v.id)!.all]));
    expect(await env.DB.prepare('SELECT count(*) AS n FROM near_sets WHERE bigrams IS NULL').first<number>('n')).toBe(0);
    // And their sketches (0013) with them, of the same whole sets.
    const hexes = await env.DB.prepare('SELECT lower(hex(sketch)) AS hex FROM near_sets WHERE version_id <= 3 ORDER BY version_id').raw<[string]>();
    expect(hexes.map(([h]) => h)).toEqual(versions.map((v) => sketchHex(sets.get(v.id)!.all)));
  });

  it('the next submission matches versions of 0008 and of 0010 by their whole sets', async () => {
    // 大桥乡 holds T3 and T1 too, stored after: among equal matches the lowest id (the first stored) is named.
    expect(await nearUnits('小河乡', [T3, T1, T2])).toEqual(['茅坪镇', '儒林镇', '茅坪镇']);
    const d = await env.DB.prepare("SELECT count(*) AS n FROM near_duplicates").first<number>('n');
    expect(d).toBeGreaterThanOrEqual(5);
  });

  it('a version replaced or dropped loses its row, whole set and all', async () => {
    const anyOf大桥 = await env.DB.prepare("SELECT v.id FROM items i JOIN item_versions v ON v.id = i.current_version_id JOIN units u ON u.id = v.unit_id WHERE u.name = '大桥乡' LIMIT 1").first<number>('id');
    const has = async (id: number) => (await env.DB.prepare('SELECT count(*) AS n FROM near_sets WHERE version_id = ? AND bigrams IS NOT NULL').bind(id).first<number>('n'))!;
    expect(await has(anyOf大桥!)).toBe(1);
    await env.DB.prepare('DELETE FROM items WHERE current_version_id = ?').bind(anyOf大桥).run();
    expect(await has(anyOf大桥!)).toBe(0);
  });
});
