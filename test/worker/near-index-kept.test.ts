import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api, concrete, count, expectJson, issueToken, ledger, type Row, submission } from './helpers.js';
import { POSTINGS } from './near-postings.js';

// An item's index rows (postings, near_sets row, pending entry) stay with the version that first
// held its current description (issue 13, a resubmission stored in under 1 s): a resubmission
// that leaves a description as it was writes nothing of the index for that item, and a copy in
// another unit still names the item's current version, row and file.

/** Every index row of a unit's versions: near_sets rows and postings, with their version ids. */
async function indexRows(unit: string): Promise<{ sets: unknown[][]; postings: unknown[][] }> {
  const ofUnit = 'SELECT v.id FROM item_versions v JOIN units u ON u.id = v.unit_id WHERE u.name = ?1';
  const sets = await env.DB.prepare(`SELECT version_id, size, prefix, bigrams, hex(sketch) FROM near_sets WHERE version_id IN (${ofUnit}) ORDER BY version_id`).bind(unit).raw();
  const postings = await env.DB.prepare(`SELECT token, pos, size, unit_id, version_id FROM ${POSTINGS} WHERE version_id IN (${ofUnit}) ORDER BY 1, 2, 3, 4, 5`).bind(unit).raw();
  return { sets, postings };
}

const current = (key: string) => env.DB.prepare('SELECT current_version_id AS v FROM items WHERE key = ?').bind(key).first<number>('v');

/**
 * Whatever path changed the items: every index row is of a version of a current item with that
 * item's current description, one per item, and every current item with a comparable text is
 * indexed or queued.
 */
async function expectIndexFollowsTexts(): Promise<void> {
  const same = `SELECT a.id FROM item_versions a JOIN items i ON i.key = a.item_key JOIN item_versions c ON c.id = i.current_version_id
    WHERE c.description = a.description`;
  expect(await count(`SELECT count(*) AS n FROM near_sets WHERE version_id NOT IN (${same})`)).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id NOT IN (${same})`)).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM near_pending WHERE version_id NOT IN (${same})`)).toBe(0);
  const perItem = `SELECT a.item_key FROM item_versions a WHERE a.id IN (SELECT version_id FROM near_sets UNION ALL SELECT version_id FROM near_pending)`;
  expect(await count(`SELECT count(*) AS n FROM (${perItem} GROUP BY a.item_key HAVING count(*) > 1)`)).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM items i WHERE i.key NOT IN (${perItem})`)).toBe(0);
}

interface NearDetails { otherUnit: string; otherRow: number; otherFile: string; similarity: number }
const nearOf = (body: { report: { sheets: { items: { row: number; diagnostics: { code: string; details: NearDetails }[] }[] }[] } }) =>
  body.report.sheets[0]!.items.flatMap((it) => it.diagnostics.filter((d) => d.code === 'near-duplicate').map((d) => [it.row, d.details.otherUnit, d.details.otherRow, d.details.similarity]));

const texts = (unit: string, n: number) => Array.from({ length: n }, (_, i) => `${concrete(unit, i + 1)}，已于当月完成第${i + 1}轮案卷评查`);

describe('index rows stay with the version that first held a description', () => {
  it('a resubmission with unchanged descriptions writes nothing of the index: every row stays with its first version', async () => {
    const a = await issueToken('unit', '留甲乡');
    const mine = texts('留甲乡', 6);
    const grid = ledger('留甲乡', mine.map((description) => ({ description })));
    const first = await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, grid) }), 201);
    const keys: string[] = first.report.sheets[0].items.map((it: { key: string }) => it.key);
    const firstVersions = await Promise.all(keys.map(current));
    const before = await indexRows('留甲乡');
    expect(before.sets).toHaveLength(6);

    // Twice more, statuses changed, descriptions not.
    for (const status of ['整改中', '已完成']) {
      const again = ledger('留甲乡', mine.map((description) => ({ description, status, completedOn: status === '已完成' ? '2023-04-20' : '' })));
      await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, again) }), 201);
    }
    const now = await Promise.all(keys.map(current));
    for (let k = 0; k < keys.length; k++) expect(now[k]).not.toBe(firstVersions[k]);
    expect(await indexRows('留甲乡')).toEqual(before);
    expect(await count('SELECT count(*) AS n FROM near_pending')).toBe(0);
    await expectIndexFollowsTexts();
  });

  it('a copy in another unit names the current version: its row moved, its file renamed, its index rows kept', async () => {
    const county = await issueToken('county');
    await issueToken('unit', '留乙镇');
    await issueToken('unit', '留丙乡');
    const mine = texts('留乙镇', 4);
    const rows = mine.map((description, i) => ({ seq: i + 1, description }));
    const post = (unit: string, ledgerRows: Row[], file: string) =>
      api('POST', '/api/v1/submissions', { token: county, json: submission(unit, ledger(unit, ledgerRows), file) });
    await expectJson(await post('留乙镇', rows, '一月.xlsx'), 201);
    const before = await indexRows('留乙镇');
    // Rows reversed with their 序号 (the same items: 序号 1 is now row 6 …) and a new file name:
    // the descriptions are unchanged.
    await expectJson(await post('留乙镇', [...rows].reverse(), '二月.xlsx'), 201);
    expect(await indexRows('留乙镇')).toEqual(before);

    const copy = await expectJson(await post('留丙乡', [{ description: `${mine[0]!.slice(0, -1)}次` }], '丙.xlsx'), 201);
    expect(nearOf(copy).map(([, unit, row]) => [unit, row])).toEqual([['留乙镇', 6]]);
    const otherFile = copy.report.sheets[0].items[0].diagnostics.find((d: { code: string }) => d.code === 'near-duplicate').details.otherFile;
    expect(otherFile).toBe('二月.xlsx');
    // The pair stored names the item's current version.
    const pair = await env.DB.prepare(`SELECT d.other_version_id AS v FROM near_duplicates d JOIN item_versions v ON v.id = d.version_id
      JOIN units u ON u.id = v.unit_id WHERE u.name = '留丙乡'`).first<number>('v');
    const currentOfCopied = await env.DB.prepare(`SELECT i.current_version_id AS v FROM items i JOIN item_versions c ON c.id = i.current_version_id
      WHERE c.description = ?`).bind(mine[0]).first<number>('v');
    expect(pair).toBe(currentOfCopied);
    await expectIndexFollowsTexts();
  });

  it('a changed description moves its item to the new version; changed back, to a newer one; a withdrawal back to a kept text queues its first version', async () => {
    const county = await issueToken('county');
    await issueToken('unit', '留丁镇');
    const x = concrete('留丁镇', 1);
    const y = '2023年8月在滨江路沿线开展夜间巡查时油烟扰民投诉处置不及时，群众反映强烈';
    const post = (description: string) => api('POST', '/api/v1/submissions', { token: county, json: submission('留丁镇', ledger('留丁镇', [{ description }])) });
    const first = await expectJson(await post(x), 201);
    const key: string = first.report.sheets[0].items[0].key;
    const v1 = (await current(key))!;
    await expectJson(await post(x), 201);
    const v2 = (await current(key))!;
    const setOf = (v: number) => count('SELECT count(*) AS n FROM near_sets WHERE version_id = ?', v);
    expect([await setOf(v1), await setOf(v2)]).toEqual([1, 0]);

    const third = await expectJson(await post(y), 201);
    const v3 = (await current(key))!;
    expect([await setOf(v1), await setOf(v3)]).toEqual([0, 1]);
    await expectIndexFollowsTexts();

    // Withdrawn: v2 is current again, whose text v1 first held: v1 is queued, v3's rows are gone.
    await expectJson(await api('POST', `/api/v1/submissions/${third.submission.id}/withdraw`, { token: county, json: { reason: '报错了' } }), 200);
    expect(await current(key)).toBe(v2);
    expect(await count('SELECT count(*) AS n FROM near_pending WHERE version_id = ?', v1)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id = ?`, v3)).toBe(0);
    await expectIndexFollowsTexts();

    // Another unit's copy finds it as pending, and indexes it under v1; the pair names v2.
    await issueToken('unit', '留戊乡');
    const copy = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('留戊乡', ledger('留戊乡', [{ description: x }])) }), 201);
    expect(nearOf(copy).map(([, unit, , sim]) => [unit, sim])).toEqual([['留丁镇', 1]]);
    expect([await setOf(v1), await setOf(v2)]).toEqual([1, 0]);
    expect(await count('SELECT count(*) AS n FROM near_pending')).toBe(0);
    await expectIndexFollowsTexts();
  });

  it("a county aggregate sent again keeps each unit's rows; its one changed row re-indexes that item alone", async () => {
    const county = await issueToken('county');
    for (const u of ['留庚乡', '留辛镇']) await issueToken('unit', u);
    const row = (seq: number, unit: string, description: string) =>
      [seq, unit, '执法程序', description, '逐案评查2022年以来的全部案卷并组织培训', '张三', '李四', '2023年6月30日', '整改中'];
    const sheet = (descriptions: string[]) => ({ sheet: '汇总表', values: [
      ['全县综合行政执法不规范问题整改汇总表'],
      ['序号', '责任单位', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改状态'],
      ...descriptions.map((d, i) => row(i + 1, i % 2 === 0 ? '留庚乡' : '留辛镇', d)),
    ] });
    const texts4 = [concrete('留庚乡', 1), concrete('留辛镇', 2), concrete('留庚乡', 3), concrete('留辛镇', 4)];
    await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(undefined, sheet(texts4)) }), 201);
    const before = { a: await indexRows('留庚乡'), b: await indexRows('留辛镇') };
    await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(undefined, sheet(texts4)) }), 201);
    expect({ a: await indexRows('留庚乡'), b: await indexRows('留辛镇') }).toEqual(before);
    const changed = [...texts4];
    changed[3] = '2023年9月在河西片区开展夜间巡查时渣土车抽检记录缺失，涉及车辆15台';
    await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(undefined, sheet(changed)) }), 201);
    expect(await indexRows('留庚乡')).toEqual(before.a);
    const b = await indexRows('留辛镇');
    expect(b.sets).toHaveLength(2);
    expect(b.sets[0]).toEqual(before.b.sets[0]);
    expect(b.sets[1]![0]).toBeGreaterThan(before.b.sets[1]![0] as number);
    expect(await count('SELECT count(*) AS n FROM near_pending')).toBe(0);
    await expectIndexFollowsTexts();
  });

  it('a text too short to compare is indexed as nothing to post: never queued again while it stays', async () => {
    const a = await issueToken('unit', '留己镇');
    const grid = ledger('留己镇', [{ description: '短' }, { description: concrete('留己镇', 2) }]);
    for (let k = 0; k < 2; k++) await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, grid) }), 201);
    expect(await count('SELECT count(*) AS n FROM near_pending')).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM ${POSTINGS} p JOIN item_versions v ON v.id = p.version_id WHERE v.description = '短'`)).toBe(0);
    await expectIndexFollowsTexts();
  });
});
