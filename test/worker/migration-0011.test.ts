import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { nearBigrams, nearPrefixLength } from '../../shared/index.js';
import { compactText } from '../../shared/text.js';
import { dropEverything } from './empty-database.js';
import { oldCounty } from './old-county.js';

// 0011 moves a replaced version's index rows to the version replacing it when their description
// (and unit) are the same. This file's database is emptied, migrated to 0010, indexed the way the
// server of then indexed it (postings, prefixes and whole sets), then migrated to the end; new
// versions are then made current by hand, as a submission's upsert or a withdrawal does.
const T1 = '2023年3月城区农贸市场查处无证经营时未出示执法证件，共5起案件当事人未签字';
const T2 = '2023年6月在307国道沿线开展联合执法时扣押物品未开具清单，涉及货车12辆';
const T3 = '今年以来安监站办理的14起案件中，南山村等地听证告知书未说明裁量理由，5月专项检查时发现';
const T = 0.8;

const seqs = new Map<string, number>();
function setOf(text: string): { size: number; all: number[]; prefix: number[] } {
  const grams = nearBigrams(compactText(text))!;
  for (const g of grams) if (!seqs.has(g)) seqs.set(g, seqs.size + 1);
  const all = grams.map((g) => seqs.get(g)!).sort((a, b) => b - a);
  return { size: grams.length, all, prefix: all.slice(0, nearPrefixLength(grams.length, T)) };
}

const versions = [
  { id: 1, key: 'ZG-A', sub: 's1', unit: 1, text: T1 },
  { id: 2, key: 'ZG-B', sub: 's2', unit: 2, text: T2 },
  { id: 3, key: 'ZG-C', sub: 's2', unit: 2, text: T3 },
];
const sets = new Map(versions.map((v) => [v.id, setOf(v.text)]));

beforeAll(async () => {
  await env.DB.prepare('PRAGMA foreign_keys = OFF').run().catch(() => undefined);
  await dropEverything();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS.filter((m) => m.name < '0011'));
  await env.DB.batch([
    ...(await oldCounty('lc_test_county_migration_0011', ['儒林镇', '茅坪镇'], versions, T, seqs)),
    ...versions.map((v) => env.DB.prepare('INSERT INTO near_postings (token, pos, size, unit_id, version_id) SELECT value, key + 1, ?, ?, ? FROM json_each(?)')
      .bind(sets.get(v.id)!.size, v.unit, v.id, JSON.stringify(sets.get(v.id)!.prefix))),
    ...versions.map((v) => env.DB.prepare('INSERT INTO near_sets (version_id, size, prefix, bigrams) VALUES (?, ?, ?, ?)')
      .bind(v.id, sets.get(v.id)!.size, JSON.stringify(sets.get(v.id)!.prefix), JSON.stringify(sets.get(v.id)!.all))),
  ]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

/** A version's postings as (token, pos, size, unit) and its near_sets row, or nulls. */
async function rowsOf(id: number) {
  const postings = await env.DB.prepare('SELECT token, pos, size, unit_id FROM near_postings WHERE version_id = ? ORDER BY pos').bind(id).raw();
  const set = await env.DB.prepare('SELECT size, prefix, bigrams FROM near_sets WHERE version_id = ?').bind(id).raw();
  const pending = await env.DB.prepare('SELECT count(*) AS n FROM near_pending WHERE version_id = ?').bind(id).first<number>('n');
  return { postings, set, pending };
}

/** A new version of `key` (in a new submission of `unit`) with `text`, made current. */
async function replace(id: number, key: string, unit: number, text: string): Promise<void> {
  await env.DB.batch([
    env.DB.prepare(`INSERT INTO submissions (id, unit_id, version, token_id, body_hash, source, file, submitted_at, submitted_on, item_count, error_count, warning_count, report)
      VALUES (?, ?, ?, 1, 'h', 'json', 'x.xlsx', '2023-04-25T02:00:00Z', '2023-04-25', 1, 0, 0, '{"sheets":[]}')`).bind(`n${id}`, unit, id),
    env.DB.prepare(`INSERT INTO item_versions (id, item_key, version, submission_id, unit_id, ord, sheet_index, sheet, row, category, description, deadline_kind, due, status, completed_on, timeliness, vague, has_evidence, item)
      SELECT ?, item_key, version + 1, ?, unit_id, 0, 0, sheet, row, category, ?, deadline_kind, due, status, completed_on, timeliness, vague, has_evidence, item
      FROM item_versions WHERE id = (SELECT current_version_id FROM items WHERE key = ?)`).bind(id, `n${id}`, text, key),
    env.DB.prepare('UPDATE items SET current_version_id = ? WHERE key = ?').bind(id, key),
  ]);
}

describe('migration 0011 over the index of 0010', () => {
  it('keeps the triggers by their names', async () => {
    const names = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").raw<[string]>()).map(([n]) => n);
    expect(names).toEqual(expect.arrayContaining(['items_near_sets_replaced', 'items_near_sets_dropped', 'items_near_replaced', 'items_near_dropped', 'item_versions_near_pending']));
  });

  it("a version replaced by one with the same description hands it its rows: same postings and set, not pending", async () => {
    const before = await rowsOf(1);
    expect(before.postings.length).toBe(sets.get(1)!.prefix.length);
    await replace(11, 'ZG-A', 1, T1);
    const after = await rowsOf(11);
    expect(after.postings).toEqual(before.postings);
    expect(after.set).toEqual(before.set);
    // Queued on insert (0006), the move leaves it to the submission's batch to unqueue (as it does every new version).
    expect(await rowsOf(1)).toEqual({ postings: [], set: [], pending: 0 });
  });

  it('a version replaced by one with another description loses its rows; the new one is queued, as before 0011', async () => {
    await replace(12, 'ZG-B', 2, `${T2}，已整改`);
    expect(await rowsOf(2)).toEqual({ postings: [], set: [], pending: 0 });
    expect(await rowsOf(12)).toEqual({ postings: [], set: [], pending: 1 });
  });

  it('a withdrawal restoring an earlier version with the same description moves the rows back', async () => {
    const moved = await rowsOf(11);
    await env.DB.prepare('UPDATE items SET current_version_id = 1 WHERE key = ?').bind('ZG-A').run();
    expect(await rowsOf(1)).toEqual({ ...moved, pending: 0 });
    expect(await rowsOf(11)).toEqual({ postings: [], set: [], pending: 0 });
    // Dropping the item drops them.
    await env.DB.prepare('DELETE FROM items WHERE key = ?').bind('ZG-A').run();
    expect(await rowsOf(1)).toEqual({ postings: [], set: [], pending: 0 });
  });

  it('a version never indexed (pending) replaced by one with the same description: nothing to move, the new one is queued', async () => {
    await replace(13, 'ZG-B', 2, `${T2}，已整改`); // 12 is pending, not indexed
    expect(await rowsOf(12)).toEqual({ postings: [], set: [], pending: 0 });
    expect(await rowsOf(13)).toEqual({ postings: [], set: [], pending: 1 });
    // While another, indexed, keeps its rows through the same kind of replacement.
    const before = await rowsOf(3);
    await replace(14, 'ZG-C', 2, T3);
    expect(await rowsOf(14)).toEqual({ ...before, pending: 1 });
  });
});
