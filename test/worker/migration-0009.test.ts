import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignOrDefault, checkWorkbooks, type ItemReport } from '../../shared/index.js';
import { sha256Hex } from '../../worker/hash.js';
import { INSERT_VERSIONS, UPSERT_ITEMS } from '../../worker/db/submissions.js';
import { schemaBefore } from './empty-database.js';
import { api, concrete, expectJson, ledger, submission, TODAY } from './helpers.js';

// 0009 stores item versions without what repeats (worker/db/item-codec.ts). Versions stored
// before it keep their item JSON whole: this file's database is emptied, migrated to 0008, given
// a submission stored as the server of then stored it, migrated to the end, and read back.
const COUNTY = 'lc_test_county_migration_0009';
const UNIT = '汀坪乡';
const UNIT_TOKEN = 'lc_test_unit_migration_0009';
const FILE = '汀坪乡台账.xlsx';
const report = checkWorkbooks([{ file: FILE, sheets: [ledger(UNIT, [
  { description: concrete(UNIT, 1), measures: '加强学习' },
  { description: '工作不够扎实', deadline: '尽快', category: '' },
  { description: concrete(UNIT, 3), status: '已完成', completedOn: '2023-04-20', evidence: '整改报告' },
])] }], { campaign: campaignOrDefault(), asOf: TODAY, unit: UNIT });
const items: ItemReport[] = report.sheets[0]!.items.map((it, i) => ({ ...it, key: `ZG-OLD-${i + 1}` }));

// Today's statement of the versions without 0016's column (indexed_as, the last one).
const BEFORE_0016 = INSERT_VERSIONS.replace(', indexed_as)', ')').replace(/,\s*\(SELECT COALESCE\(c\.indexed_as[\s\S]*?\)\s*FROM t$/, '\nFROM t');

beforeAll(async () => {
  expect(BEFORE_0016).not.toMatch(/indexed_as/);
  await schemaBefore('0009');
  // 0008's store: each version's item JSON whole (worker/db/submissions.ts before 0009).
  const rows = items.map((it, ord) => [
    it.key, ord, 0, report.sheets[0]!.sheet, it.row, it.fields.category ?? '', it.fields.description ?? '',
    it.deadline.kind, it.deadline.due ?? null, it.status, it.completedOn ?? null, it.timeliness.state, 0, it.fields.evidence ? 1 : 0, it,
  ]);
  await env.DB.batch([
    env.DB.prepare('INSERT INTO units (id, name) VALUES (1, ?)').bind(UNIT),
    env.DB.prepare("INSERT INTO tokens (id, token_hash, role, label) VALUES (1, ?, 'county', 'county office')").bind(await sha256Hex(COUNTY)),
    env.DB.prepare("INSERT INTO tokens (id, token_hash, role, unit_id, label) VALUES (2, ?, 'unit', 1, 'unit')").bind(await sha256Hex(UNIT_TOKEN)),
    env.DB.prepare(
      `INSERT INTO submissions (id, unit_id, version, token_id, body_hash, source, file, submitted_at, submitted_on, item_count, error_count, warning_count, report)
       VALUES ('old', 1, 1, 2, 'h', 'json', ?, '2023-04-24T02:00:00.000Z', ?, 3, ?, ?, ?)`,
    ).bind(FILE, TODAY, report.stats.errors, report.stats.warnings, JSON.stringify({ ...report, sheets: report.sheets.map((s) => ({ ...s, items: [] })) })),
    env.DB.prepare(BEFORE_0016).bind('old', 1, JSON.stringify(rows)),
    env.DB.prepare(UPSERT_ITEMS).bind('old', TODAY, '[]'),
  ]);
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies read loosely
const bare = (list: any[]) => list.map(({ version: _v, review: _r, ...item }) => item);

describe('migration 0009 over versions stored whole', () => {
  it('reads the old submission, its items and their histories exactly as stored', async () => {
    const read = await expectJson(await api('GET', '/api/v1/submissions/old', { token: COUNTY }), 200);
    expect(JSON.stringify(bare(read.report.sheets[0].items))).toBe(JSON.stringify(items));
    for (const item of items) {
      const history = await expectJson(await api('GET', `/api/v1/items/${item.key}/history`, { token: COUNTY }), 200);
      expect(JSON.stringify(history.versions[0].item)).toBe(JSON.stringify(item));
    }
    const list = await expectJson(await api('GET', '/api/v1/items', { token: COUNTY }), 200);
    expect(list.items.map((i: { key: string; fields: unknown; diagnostics: unknown }) => [i.key, i.fields, i.diagnostics]))
      .toEqual(items.map((i) => [i.key, i.fields, i.diagnostics]));
  });

  it('stores a new version beside the old one; the history reads both', async () => {
    // The old item's key written in the sheet (the add-in's 检查·事项编号): its history continues.
    const grid = ledger(UNIT, [{ seq: 1, description: concrete(UNIT, 1), measures: '组织专题学习并逐案评查2022年以来的全部案卷' }]);
    grid.values[1]!.push('检查·事项编号');
    grid.values[2]!.push(items[0]!.key);
    const posted = await expectJson(await api('POST', '/api/v1/submissions', { token: UNIT_TOKEN, json: submission(undefined, grid, FILE) }), 201);
    const now = posted.report.sheets[0].items[0];
    const [old] = await env.DB.prepare('SELECT item FROM item_versions WHERE submission_id = ?').bind('old').raw<[string]>();
    expect(JSON.parse(old![0])).toEqual(items[0]); // untouched by the migration
    const history = await expectJson(await api('GET', `/api/v1/items/${now.key}/history`, { token: COUNTY }), 200);
    expect(now.key).toBe(items[0]!.key);
    expect(history.versions.map((v: { item: unknown }) => JSON.stringify(v.item))).toEqual([JSON.stringify(items[0]), JSON.stringify(bare([now])[0])]);
    const read = await expectJson(await api('GET', `/api/v1/submissions/${posted.submission.id}`, { token: COUNTY }), 200);
    expect(JSON.stringify(read.report)).toBe(JSON.stringify(posted.report));
  });
});
