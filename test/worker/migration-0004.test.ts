import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, concrete, expectJson, issueToken, ledger, submission } from './helpers.js';

// 0004 rebuilds `items` and `reviews` (wider CHECKs). Dropping a table drops its triggers and
// indexes: after every migration, 0002's ownership triggers and 0003's columns must still be there.
let a = '';

beforeAll(async () => {
  a = await issueToken('unit', '儒林镇');
  await issueToken('unit', '茅坪镇');
});

describe('after every migration (0004 rebuilt items and reviews)', () => {
  it('keeps 0002’s ownership triggers and 0003’s columns and indexes', async () => {
    const names = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')").raw<[string]>()).map(([n]) => n);
    expect(names).toEqual(expect.arrayContaining(['item_versions_one_unit', 'items_one_unit', 'reviews_round', 'reviews_decided_on', 'items_facets']));
    const cols = async (t: string) => (await env.DB.prepare(`PRAGMA table_info(${t})`).all<{ name: string }>()).results.map((c) => c.name);
    expect(await cols('items')).toEqual(expect.arrayContaining(['assigned_on', 'extended_due']));
    expect(await cols('reviews')).toContain('round_id');
  });

  it('the database itself refuses to give another unit’s item a version or an owner', async () => {
    const first = await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, ledger('儒林镇', [{ description: concrete('儒林镇', 400) }])) }), 201);
    const key: string = first.report.sheets[0].items[0].key;
    const other = (await env.DB.prepare("SELECT id FROM units WHERE name = '茅坪镇'").first<number>('id'))!;
    const own = (await env.DB.prepare('SELECT current_version_id FROM items WHERE key = ?').bind(key).first<number>('current_version_id'))!;
    await expect(env.DB.prepare('UPDATE items SET unit_id = ? WHERE key = ?').bind(other, key).run()).rejects.toThrow(/item-owned-by-other-unit/);
    await expect(
      env.DB.prepare(
        `INSERT INTO item_versions (item_key, version, submission_id, unit_id, ord, sheet_index, sheet, row, category, description, deadline_kind, due, status, completed_on, timeliness, vague, has_evidence, item)
         SELECT item_key, version + 1, submission_id, ?, ord, sheet_index, sheet, row, category, description, deadline_kind, due, status, completed_on, timeliness, vague, has_evidence, item
         FROM item_versions WHERE id = ?`,
      ).bind(other, own).run(),
    ).rejects.toThrow(/item-owned-by-other-unit/);
    expect(await env.DB.prepare('SELECT unit_id FROM items WHERE key = ?').bind(key).first<number>('unit_id')).not.toBe(other);
  });
});
