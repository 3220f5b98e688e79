import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkbooks } from '../../shared/index.js';
import { submissionStatements, type NewSubmission } from '../../worker/db/submissions.js';
import { nearCandidates } from '../../worker/near-candidates.js';
import { versionsOf } from '../../worker/submit.js';
import { schemaBefore } from './empty-database.js';
import { api, count, expectJson, ledger, submission, TODAY } from './helpers.js';
import { POSTINGS, POSTINGS_BEFORE_0017 } from './near-postings.js';
import { indexedRows, oldCounty, oldIndex, T1, T2 } from './old-county.js';

// 0016 keeps an item's index rows with the version that first held its description (its target).
// This file's database is emptied, migrated to 0015, indexed the way the server of then indexed
// it (each current version its own rows), then migrated on: every version stored before is its own
// target, so nothing of the index moves.
const COUNTY = 'lc_test_county_migration_0016';
const T = 0.8;

const { seqs, versions, sets } = oldIndex(T);
// The postings as rows: before 0017 from its tables, after it from the lists.
const allRows = async (postings = POSTINGS) => ({
  postings: await env.DB.prepare(`SELECT * FROM ${postings} ORDER BY 1, 2, 3, 4, 5`).raw(),
  sets: await env.DB.prepare('SELECT version_id, size, prefix, bigrams FROM near_sets ORDER BY 1').raw(),
});
let before: Awaited<ReturnType<typeof allRows>>;

beforeAll(async () => {
  await schemaBefore('0016');
  await env.DB.batch([
    ...(await oldCounty(COUNTY, ['儒林镇', '茅坪镇', '大桥乡'], versions, T, seqs)),
    ...indexedRows(versions, sets),
  ]);
  before = await allRows(POSTINGS_BEFORE_0017);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

/** Stores `texts` as unit 2's (茅坪镇's) rows with the index's writes, `keys` naming their items. */
async function resubmit(texts: string[], keys: string[]): Promise<void> {
  const vs = versionsOf(checkWorkbooks([{ file: 'm.xlsx', sheets: [ledger('茅坪镇', texts.map((description) => ({ description })))] }], { asOf: TODAY, unit: '茅坪镇' }));
  vs.forEach((v, i) => (v.item.key = keys[i]!));
  const plan = await nearCandidates(env.DB, vs, () => 2, T);
  const s: NewSubmission = { id: crypto.randomUUID(), unitId: 2, tokenId: 1, actor: 'm', idempotencyKey: null, bodyHash: '', source: 'json', file: 'm.xlsx', submittedAt: `${TODAY}T00:00:00Z`, submittedOn: TODAY, fillDate: null, errors: 0, warnings: 0, report: '{}' };
  await env.DB.batch(submissionStatements(env.DB, s, vs, [], plan.statements([{ id: s.id, versions: vs }])));
}

describe('migration 0016 over the index of 0015', () => {
  it('keeps every row of the index where it was: each version stored before is its own target; the insert trigger is gone', async () => {
    expect(await allRows()).toEqual(before);
    expect(await count('SELECT count(*) AS n FROM item_versions WHERE indexed_as IS NOT NULL')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM near_pending')).toBe(0);
    const triggers = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%near%'").raw<[string]>()).map(([n]) => n).sort();
    expect(triggers).toEqual(['items_near_added', 'items_near_dropped', 'items_near_replaced']);
  });

  it('an old item resubmitted unchanged keeps its old rows; one changed loses them to its new version', async () => {
    await resubmit([T2, `${T1}，已整改`], ['ZG-B', 'ZG-C']);
    const current = await env.DB.prepare("SELECT i.key, c.id, c.indexed_as FROM items i JOIN item_versions c ON c.id = i.current_version_id WHERE i.key IN ('ZG-B', 'ZG-C') ORDER BY i.key")
      .raw<[string, number, number | null]>();
    expect(current[0]![2]).toBe(2);
    expect(current[1]![2]).toBeNull();
    expect(await count(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id = 2`)).toBe(sets.get(2)!.prefix.length);
    expect(await count(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id = 3`)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM near_sets WHERE version_id IN (2, ?)', current[1]![1])).toBe(2);
    expect(await count('SELECT count(*) AS n FROM near_pending')).toBe(0);
  });

  it('a copy in another unit finds the kept text, named by its current version', async () => {
    const body = await expectJson(await api('POST', '/api/v1/submissions', { token: COUNTY, json: submission('大桥乡', ledger('大桥乡', [{ description: T2 }])) }), 201);
    const near = body.report.sheets[0].items[0].diagnostics.find((d: { code: string }) => d.code === 'near-duplicate');
    expect([near?.details.otherUnit, near?.details.otherFile]).toEqual(['茅坪镇', 'm.xlsx']);
    const named = await env.DB.prepare('SELECT other_version_id AS v FROM near_duplicates').first<number>('v');
    expect(named).toBe(await env.DB.prepare("SELECT current_version_id AS v FROM items WHERE key = 'ZG-B'").first<number>('v'));
  });
});
