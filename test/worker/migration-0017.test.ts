import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeRecentPostings } from '../../worker/db/near-merge.js';
import { schemaBefore } from './empty-database.js';
import { api, count, expectJson, ledger, submission } from './helpers.js';
import { LISTED, LISTED_IDS, POSTINGS, POSTINGS_BEFORE_0017 } from './near-postings.js';
import { indexedRows, oldCounty, oldIndex, T1, T2, T3 } from './old-county.js';

// 0017 turns near_postings' rows into lists, one row per (token, position, size), and drops a
// version's ids by tombstone. This file's database is emptied, migrated to 0016, indexed the way
// the server of then indexed it (versions 1 and 2 in near_postings, version 3 in the recent
// table), then migrated on.
const COUNTY = 'lc_test_county_migration_0017';
const T = 0.8;

const { seqs, versions, sets } = oldIndex(T);
let before: unknown[][];

beforeAll(async () => {
  await schemaBefore('0017');
  await env.DB.batch([
    ...(await oldCounty(COUNTY, ['儒林镇', '茅坪镇', '大桥乡'], versions, T, seqs)),
    ...indexedRows(versions, sets, { recent: [3] }),
  ]);
  before = await env.DB.prepare(`SELECT * FROM ${POSTINGS_BEFORE_0017} ORDER BY 1, 2, 3, 4, 5`).raw();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

describe('migration 0017 over the index of 0016', () => {
  it('lists every posting of near_postings under its key, drops the table, keeps the recent one, tombstones none', async () => {
    expect(await env.DB.prepare(`SELECT * FROM ${POSTINGS} ORDER BY 1, 2, 3, 4, 5`).raw()).toEqual(before);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED_IDS}`)).toBe(sets.get(1)!.prefix.length + sets.get(2)!.prefix.length);
    expect(await count('SELECT count(*) AS n FROM near_postings_recent WHERE version_id = 3')).toBe(sets.get(3)!.prefix.length);
    // Each key once: a list row per (token, position, size).
    expect(await count('SELECT count(*) AS n FROM near_lists')).toBe(await count('SELECT count(*) AS n FROM (SELECT DISTINCT token, pos, size FROM ' + LISTED_IDS + ')'));
    const tables = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'near_%'").raw<[string]>()).map(([n]) => n);
    expect(tables).not.toContain('near_postings');
    expect(tables).toEqual(expect.arrayContaining(['near_lists', 'near_dropped', 'near_postings_recent']));
    expect(await count('SELECT count(*) AS n FROM near_dropped')).toBe(0);
  });

  it('a new submission finds the stored versions through the lists and the recent table', async () => {
    const body = await expectJson(await api('POST', '/api/v1/submissions', { token: COUNTY, json: submission('大桥乡', ledger('大桥乡', [{ description: T3 }, { description: T1 }, { description: T2 }])) }), 201);
    const near = body.report.sheets[0].items.map((it: { diagnostics: { code: string; details: { otherUnit: string } }[] }) =>
      it.diagnostics.find((d) => d.code === 'near-duplicate')?.details.otherUnit ?? null);
    expect(near).toEqual(['茅坪镇', '儒林镇', '茅坪镇']);
  });

  it('an item dropped: a listed version tombstoned with its keys, a recent one deleted there; the scheduled merge takes the tombstoned ids out', async () => {
    await env.DB.prepare('DELETE FROM items WHERE current_version_id IN (1, 3)').run();
    expect(await env.DB.prepare('SELECT version_id, size, prefix FROM near_dropped').raw()).toEqual([[1, sets.get(1)!.size, JSON.stringify(sets.get(1)!.prefix)]]);
    expect(await count(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id IN (1, 3)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED_IDS} WHERE version_id = 1`)).toBe(sets.get(1)!.prefix.length);
    expect(await count('SELECT count(*) AS n FROM near_sets WHERE version_id IN (1, 3)')).toBe(0);
    const live = await count(`SELECT count(*) AS n FROM ${POSTINGS}`);
    await mergeRecentPostings(env.DB);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED_IDS} WHERE version_id = 1`)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM near_dropped')).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED}`)).toBe(live);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED_IDS}`)).toBe(live);
  });
});
