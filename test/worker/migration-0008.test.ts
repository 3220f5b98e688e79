import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { nearBigrams, nearPrefixLength } from '../../shared/index.js';
import { compactText } from '../../shared/text.js';
import { schemaBefore } from './empty-database.js';
import { api, expectJson, ledger, submission } from './helpers.js';
import { oldCounty, T1, T2, T3 } from './old-county.js';

// 0008 keeps each indexed version's stored prefix in one row (near_sets), read by the probe's
// second check. This file's database is emptied, migrated to 0007, indexed the way the server of
// then indexed it (postings only), then migrated to the end.
const COUNTY = 'lc_test_county_migration_0008';
const T = 0.8;

/** 0007's indexing: seqs in order of first storage; each version's prefix by seq descending, with positions. */
const seqs = new Map<string, number>();
function prefixOf(text: string): { size: number; tokens: number[] } {
  const grams = nearBigrams(compactText(text))!;
  for (const g of grams) if (!seqs.has(g)) seqs.set(g, seqs.size + 1);
  return { size: grams.length, tokens: grams.map((g) => seqs.get(g)!).sort((a, b) => b - a).slice(0, nearPrefixLength(grams.length, T)) };
}

const versions = [
  { id: 1, key: 'ZG-A', sub: 's1', unit: 1, text: T1 },
  { id: 2, key: 'ZG-B', sub: 's2', unit: 2, text: T2 },
  { id: 3, key: 'ZG-C', sub: 's2', unit: 2, text: T3 },
];
const prefixes = new Map(versions.map((v) => [v.id, prefixOf(v.text)]));

beforeAll(async () => {
  await schemaBefore('0008');
  await env.DB.batch([
    ...(await oldCounty(COUNTY, ['儒林镇', '茅坪镇', '大桥乡', '小河乡'], versions, T, seqs)),
    ...versions.map((v) => env.DB.prepare('INSERT INTO near_postings (token, pos, size, unit_id, version_id) SELECT value, key + 1, ?, ?, ? FROM json_each(?)')
      .bind(prefixes.get(v.id)!.size, v.unit, v.id, JSON.stringify(prefixes.get(v.id)!.tokens))),
  ]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

const setsNow = async () => (await env.DB.prepare('SELECT version_id, size, prefix FROM near_sets ORDER BY version_id').raw<[number, number, string]>())
  .map(([id, size, prefix]) => [id, size, (JSON.parse(prefix) as number[]).sort((a, b) => b - a)]);

/** A county upload of one unit's ledger; each row's near-duplicate's unit, or null. */
async function nearUnits(unit: string, texts: string[]): Promise<(string | null)[]> {
  const body = await expectJson(await api('POST', '/api/v1/submissions', { token: COUNTY, json: submission(unit, ledger(unit, texts.map((description) => ({ description })))) }), 201);
  return body.report.sheets[0].items.map((it: { diagnostics: { code: string; details: { otherUnit: string } }[] }) =>
    it.diagnostics.find((d) => d.code === 'near-duplicate')?.details.otherUnit ?? null);
}

describe('migration 0008 over the index of 0007', () => {
  it("holds each indexed version's prefix, as its postings hold it, and drops it with the postings' triggers", async () => {
    expect(await setsNow()).toEqual(versions.map((v) => [v.id, prefixes.get(v.id)!.size, prefixes.get(v.id)!.tokens]));
    const names = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").raw<[string]>()).map(([n]) => n);
    // 0015 folded 0008's two triggers into 0007's (the postings' keys are read from the row they drop).
    expect(names).toEqual(expect.arrayContaining(['items_near_replaced', 'items_near_dropped']));
  });

  it('a new submission finds the stored versions through the migrated prefixes, and stores its own', async () => {
    expect(await nearUnits('大桥乡', [T3, '今年以来全县各乡镇普遍存在的问题需要认真对待并加以整改落实', T1])).toEqual(['茅坪镇', null, '儒林镇']);
    const own = await env.DB.prepare("SELECT count(*) AS n FROM near_sets s JOIN item_versions v ON v.id = s.version_id JOIN units u ON u.id = v.unit_id WHERE u.name = '大桥乡'").first<number>('n');
    expect(own).toBe(3);
  });

  it('a version whose prefix row is missing is still offered to the core (a superset, never one fewer)', async () => {
    await env.DB.prepare('DELETE FROM near_sets WHERE version_id IN (1, 3)').run();
    // 大桥乡 holds the same texts too; among equal matches the lowest id (the first stored) is named.
    expect(await nearUnits('小河乡', [T3, T1, T2])).toEqual(['茅坪镇', '儒林镇', '茅坪镇']);
  });

  it("a version replaced or dropped loses its prefix row with its postings", async () => {
    await env.DB.batch([
      env.DB.prepare(`INSERT INTO item_versions (id, item_key, version, submission_id, unit_id, ord, sheet_index, sheet, row, category, description, deadline_kind, due, status, completed_on, timeliness, vague, has_evidence, item)
        SELECT 99, item_key, 2, submission_id, unit_id, 9, sheet_index, sheet, row, category, description, deadline_kind, due, status, completed_on, timeliness, vague, has_evidence, item FROM item_versions WHERE id = 2`),
      env.DB.prepare("UPDATE items SET current_version_id = 99, versions = 2 WHERE key = 'ZG-B'"),
    ]);
    const has = async (id: number) => (await env.DB.prepare('SELECT count(*) AS n FROM near_sets WHERE version_id = ?').bind(id).first<number>('n'))!;
    expect(await has(2)).toBe(0);
    const anyOf大桥 = await env.DB.prepare("SELECT v.id FROM items i JOIN item_versions v ON v.id = i.current_version_id JOIN units u ON u.id = v.unit_id WHERE u.name = '大桥乡' LIMIT 1").first<number>('id');
    expect(await has(anyOf大桥!)).toBe(1);
    await env.DB.prepare('DELETE FROM items WHERE current_version_id = ?').bind(anyOf大桥).run();
    expect(await has(anyOf大桥!)).toBe(0);
  });
});
