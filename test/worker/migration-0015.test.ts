import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { mergeRecentPostings } from '../../worker/db/near-merge.js';
import { schemaBefore } from './empty-database.js';
import { api, count, expectJson, ledger, submission } from './helpers.js';
import { LISTED, POSTINGS } from './near-postings.js';
import { indexedRows, oldCounty, oldIndex, T1, T3 } from './old-county.js';

// 0015 drops near_postings' index by version: a version's postings are deleted by their keys,
// read from its near_sets row, and a submission's batch deletes those of the versions it replaces
// in one statement. This file's database is emptied, migrated to 0014, indexed the way the server
// of then indexed it (postings in near_postings and in the recent table, prefixes and whole sets
// in near_sets; one prefix held out of the index order, as 0008's gathering could leave it), then
// migrated on.
const COUNTY = 'lc_test_county_migration_0015';
const T = 0.8;

const { seqs, versions, sets } = oldIndex(T);
const prefixOf = async (id: number) => JSON.parse((await env.DB.prepare('SELECT prefix FROM near_sets WHERE version_id = ?').bind(id).first<string>('prefix'))!) as number[];

beforeAll(async () => {
  await schemaBefore('0015');
  await env.DB.batch([
    ...(await oldCounty(COUNTY, ['儒林镇', '茅坪镇', '大桥乡'], versions, T, seqs)),
    // Versions 1 and 2 merged into near_postings, version 3 still in the recent table; version 2's
    // prefix stored lowest seq first: its positions are still its ranks by seq descending.
    ...indexedRows(versions, sets, { recent: [3], prefixOf: (id, prefix) => (id === 2 ? [...prefix].reverse() : prefix) }),
  ]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

describe('migration 0015 over the index of 0014', () => {
  it('drops the index by version, keeps every posting, and puts each stored prefix in the index order', async () => {
    const indexes = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'near_postings%'").raw<[string]>()).map(([n]) => n);
    expect(indexes).not.toContain('near_postings_version');
    expect(indexes).toContain('near_postings_recent_version');
    expect(await count(`SELECT count(*) AS n FROM ${POSTINGS}`)).toBe(versions.reduce((n, v) => n + sets.get(v.id)!.prefix.length, 0));
    for (const v of versions) expect(await prefixOf(v.id)).toEqual(sets.get(v.id)!.prefix);
    const triggers = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'items_near%'").raw<[string]>()).map(([n]) => n).sort();
    // 0016 adds items_near_added (a new item queued unless its batch indexed it).
    expect(triggers).toEqual(['items_near_added', 'items_near_dropped', 'items_near_replaced']);
  });

  it('an item dropped loses its postings, found by key from its prefix, and its near_sets row; the others keep theirs', async () => {
    await env.DB.prepare('DELETE FROM items WHERE current_version_id = 2').run();
    expect(await count(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id = 2`)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM near_sets WHERE version_id = 2')).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${LISTED} WHERE version_id = 1`)).toBe(sets.get(1)!.prefix.length);
    expect(await count('SELECT count(*) AS n FROM near_postings_recent WHERE version_id = 3')).toBe(sets.get(3)!.prefix.length);
  });

  it("a resubmission's batch drops, from both tables, the postings and sets of the targets whose descriptions it changes; an unchanged one keeps its own", async () => {
    const send = async (texts: string[]) => expectJson(await api('POST', '/api/v1/submissions', { token: COUNTY, json: submission('大桥乡', ledger('大桥乡', texts.map((description) => ({ description })))) }), 201);
    // Each item of 大桥乡 by its row's text as first sent: [current version, target].
    const mine = async () => (await env.DB.prepare(`SELECT i.current_version_id, COALESCE(c.indexed_as, c.id) FROM items i JOIN units u ON u.id = i.unit_id
      JOIN item_versions c ON c.id = i.current_version_id WHERE u.name = '大桥乡' ORDER BY c.row`).raw<[number, number]>()) as [[number, number], [number, number]];
    const keysOf = async (ids: number[]) => (await env.DB.prepare(`SELECT token, pos, size FROM ${POSTINGS} p WHERE version_id IN (SELECT value FROM json_each(?)) ORDER BY 1, 2, 3`)
      .bind(JSON.stringify(ids)).raw()).map((r) => r.join(','));
    await send([T3, T1]);
    const [[v3, t3], [v1, t1]] = await mine();
    expect([t3, t1]).toEqual([v3, v1]);
    expect(await keysOf([v3, v1])).toHaveLength(sets.get(3)!.prefix.length + sets.get(1)!.prefix.length);
    const keptKeys = await keysOf([v1]);
    // Into the lists, where the batch's own statement (not the triggers) must find them.
    await mergeRecentPostings(env.DB);
    const body = await send([`${T3}并已复查`, T1]);
    const near = body.report.sheets[0].items.map((it: { diagnostics: { code: string; details: { otherUnit: string } }[] }) =>
      it.diagnostics.find((d) => d.code === 'near-duplicate')?.details.otherUnit ?? null);
    expect(near).toEqual(['茅坪镇', '儒林镇']);
    const [[w3, u3], [w1, u1]] = await mine();
    expect([w3 === v3, u3]).toEqual([false, w3]);
    expect([w1 === v1, u1]).toEqual([false, v1]);
    expect(await keysOf([v3])).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM near_sets WHERE version_id = ?', v3)).toBe(0);
    expect(await keysOf([w3]).then((k) => k.length)).toBeGreaterThan(0);
    expect(await keysOf([v1])).toEqual(keptKeys);
    expect(await count('SELECT count(*) AS n FROM near_pending')).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id NOT IN (SELECT COALESCE(c.indexed_as, c.id) FROM items i JOIN item_versions c ON c.id = i.current_version_id)`)).toBe(0);
  });
});
