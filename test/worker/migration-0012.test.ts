import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaBefore } from './empty-database.js';
import { LISTED, POSTINGS } from './near-postings.js';
import { api, count, expectJson, ledger, submission } from './helpers.js';
import { indexedRows, oldCounty, oldIndex, T1, T3 } from './old-county.js';

// 0012 adds near_postings_recent, where new postings land before moving to near_postings in
// bulk. This file's database is emptied, migrated to 0011, indexed the way the server of then
// indexed it (postings in near_postings, prefixes and whole sets in near_sets), then migrated on.
const COUNTY = 'lc_test_county_migration_0012';
const T = 0.8;

const { seqs, versions, sets } = oldIndex(T);

beforeAll(async () => {
  await schemaBefore('0012');
  await env.DB.batch([
    ...(await oldCounty(COUNTY, ['儒林镇', '茅坪镇', '大桥乡'], versions, T, seqs)),
    ...indexedRows(versions, sets),
  ]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

describe('migration 0012 over the index of 0011', () => {
  it('keeps the postings where they were, adds the empty recent table, its deletes inside the two triggers of 0007', async () => {
    expect(await count(`SELECT count(*) AS n FROM ${LISTED}`)).toBe(versions.reduce((n, v) => n + sets.get(v.id)!.prefix.length, 0));
    expect(await count('SELECT count(*) AS n FROM near_postings_recent')).toBe(0);
    const triggers = new Map(await env.DB.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").raw<[string, string]>());
    // One trigger program per item and change, not two: each costs SQLite time on every row of a resubmission.
    for (const name of ['items_near_replaced', 'items_near_dropped']) expect(triggers.get(name)).toContain('DELETE FROM near_postings_recent');
    expect([...triggers.keys()].filter((n) => n.includes('recent'))).toEqual([]);
  });

  it('a new submission finds the postings of 0011 and writes its own to the recent table', async () => {
    const body = await expectJson(await api('POST', '/api/v1/submissions', { token: COUNTY, json: submission('大桥乡', ledger('大桥乡', [{ description: T3 }, { description: T1 }])) }), 201);
    const near = body.report.sheets[0].items.map((it: { diagnostics: { code: string; details: { otherUnit: string } }[] }) =>
      it.diagnostics.find((d) => d.code === 'near-duplicate')?.details.otherUnit ?? null);
    expect(near).toEqual(['茅坪镇', '儒林镇']);
    expect(await count("SELECT count(*) AS n FROM near_postings_recent p JOIN units u ON u.id = p.unit_id WHERE u.name = '大桥乡'")).toBe(sets.get(3)!.prefix.length + sets.get(1)!.prefix.length);
  });

  it("a version of 0011 replaced loses its postings; a new one replaced loses its recent ones", async () => {
    await env.DB.prepare('DELETE FROM items WHERE current_version_id = 1').run();
    expect(await count(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id = 1`)).toBe(0);
    const mine = (await count("SELECT i.current_version_id AS n FROM items i JOIN units u ON u.id = i.unit_id WHERE u.name = '大桥乡' LIMIT 1"))!;
    expect(await count('SELECT count(*) AS n FROM near_postings_recent WHERE version_id = ?', mine)).toBeGreaterThan(0);
    await env.DB.prepare('DELETE FROM items WHERE current_version_id = ?').bind(mine).run();
    expect(await count('SELECT count(*) AS n FROM near_postings_recent WHERE version_id = ?', mine)).toBe(0);
  });
});
