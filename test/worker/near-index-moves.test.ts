import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks, nearBigrams, nearPrefixLength } from '../../shared/index.js';
import { compactText } from '../../shared/text.js';
import { submissionStatements, type NewVersion } from '../../worker/db/submissions.js';
import { nearCandidates } from '../../worker/near-candidates.js';
import { versionsOf } from '../../worker/submit.js';
import { api, concrete, expectJson, issueToken, ledger, submission, TODAY } from './helpers.js';
import { POSTINGS } from './near-postings.js';

// A resubmission and the index: every item gets a new version. Its index rows (postings, near_sets
// row) stay with the version that first held its description while that description stays (0016:
// its target); a changed description's are its new text's, for the new version.

interface Entry { version: number; target: number; postings: string; set: [number, number[], number[] | null] | null }

/** The index of a unit's current items, by item key: current version, target, postings (without the version id) and stored set. */
async function indexOf(unit: string): Promise<Map<string, Entry>> {
  const rows = await env.DB.prepare(
    `SELECT key, v, t, s.size, s.prefix, s.bigrams,
       (SELECT json_group_array(json_array(p.token, p.pos, p.size, p.unit_id)) FROM (SELECT * FROM ${POSTINGS} p WHERE p.version_id = t ORDER BY pos) p) AS postings
     FROM (SELECT i.key, c.id AS v, COALESCE(c.indexed_as, c.id) AS t FROM items i JOIN units u ON u.id = i.unit_id
       JOIN item_versions c ON c.id = i.current_version_id WHERE u.name = ?)
     LEFT JOIN near_sets s ON s.version_id = t`,
  ).bind(unit).raw<[string, number, number, number | null, string | null, string | null, string]>();
  return new Map(rows.map(([key, version, target, size, prefix, bigrams, postings]) => [key, {
    version, target, postings, set: size === null ? null : [size, JSON.parse(prefix!) as number[], bigrams === null ? null : JSON.parse(bigrams) as number[]],
  }]));
}

/** Without the current version ids: what must stay equal when only the versions change. */
const rowsOf = (index: Map<string, Entry>) => new Map([...index].map(([k, e]) => [k, { target: e.target, postings: e.postings, set: e.set }]));
/** Without any version id: what a re-indexed text must have again. */
const textRowsOf = (index: Map<string, Entry>) => new Map([...index].map(([k, e]) => [k, { postings: e.postings, set: e.set }]));

/** Every indexed target's postings are exactly its stored prefix; none left for versions no item targets. */
async function expectConsistent(): Promise<void> {
  const mismatched = await env.DB.prepare(
    `SELECT s.version_id FROM near_sets s JOIN item_versions v ON v.id = s.version_id
     WHERE (SELECT count(*) FROM ${POSTINGS} p WHERE p.version_id = s.version_id) <> json_array_length(s.prefix)
        OR EXISTS (SELECT 1 FROM json_each(s.prefix) j WHERE NOT EXISTS (SELECT 1 FROM ${POSTINGS} p
          WHERE p.version_id = s.version_id AND p.token = j.value AND p.pos = j.key + 1 AND p.size = s.size AND p.unit_id = v.unit_id))`,
  ).raw();
  expect(mismatched).toEqual([]);
  const targets = 'SELECT COALESCE(c.indexed_as, c.id) FROM items i JOIN item_versions c ON c.id = i.current_version_id';
  expect(await env.DB.prepare(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id NOT IN (${targets})`).first<number>('n')).toBe(0);
  expect(await env.DB.prepare(`SELECT count(*) AS n FROM near_sets WHERE version_id NOT IN (${targets})`).first<number>('n')).toBe(0);
}

const nearOf = (body: { report: { sheets: { items: { row: number; diagnostics: { code: string; details: { otherUnit: string; otherRow: number; similarity: number } }[] }[] }[] } }) =>
  body.report.sheets[0]!.items.flatMap((it) => it.diagnostics.filter((d) => d.code === 'near-duplicate').map((d) => [it.row, d.details.otherUnit, d.details.otherRow, d.details.similarity]));

const texts = (unit: string, n: number) => Array.from({ length: n }, (_, i) => `${concrete(unit, i + 1)}，已于当月完成第${i + 1}轮案卷评查`);

describe('a resubmission and the near-duplicate index', () => {
  it('unchanged descriptions: the index stays as it was, with the first versions, and finds the same near-duplicates', async () => {
    const county = await issueToken('county');
    const a = await issueToken('unit', '移甲乡');
    const mine = texts('移甲乡', 8);
    // 移乙镇 copies three of 移甲乡's rows with one character changed.
    const copies = [0, 3, 6].map((i) => ({ description: `${mine[i]!.slice(0, -1)}次` }));
    const grid = ledger('移甲乡', mine.map((description) => ({ description })));
    await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, grid) }), 201);
    await issueToken('unit', '移乙镇');
    const firstCopy = nearOf(await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('移乙镇', ledger('移乙镇', copies)) }), 201));
    expect(firstCopy.map(([row]) => row)).toEqual([3, 4, 5]);
    const before = await indexOf('移甲乡');
    const bigrams = await env.DB.prepare('SELECT count(*) AS n FROM near_bigrams').first<number>('n');

    await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, grid) }), 201);
    const after = await indexOf('移甲乡');
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [key, e] of after) expect(e.version).not.toBe(before.get(key)!.version);
    for (const [key, e] of after) expect(e.target).toBe(before.get(key)!.version);
    expect(rowsOf(after)).toEqual(rowsOf(before));
    for (const e of after.values()) expect(e.set).not.toBeNull();
    expect(await env.DB.prepare('SELECT count(*) AS n FROM near_pending').first<number>('n')).toBe(0);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM near_bigrams').first<number>('n')).toBe(bigrams);
    await expectConsistent();

    // The copies, sent again, find 移甲乡's rows through the moved rows: the same pairs.
    const again = nearOf(await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('移乙镇', ledger('移乙镇', copies)) }), 201));
    expect(again).toEqual(firstCopy);
    await expectConsistent();
  });

  it('a changed description re-indexes just that item; the others keep their rows', async () => {
    const a = await issueToken('unit', '移丙乡');
    const mine = texts('移丙乡', 6);
    await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, ledger('移丙乡', mine.map((description) => ({ description })))) }), 201);
    const before = await indexOf('移丙乡');
    const changed = [...mine];
    changed[2] = '2023年7月在城区农贸市场开展联合执法时扣押物品未开具清单，涉及摊位9个';
    const body = await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, ledger('移丙乡', changed.map((description) => ({ description })))) }), 201);
    const key: string = body.report.sheets[0].items[2].key;
    const after = await indexOf('移丙乡');
    for (const [k, e] of rowsOf(after)) {
      if (k === key) {
        expect(e.target).toBe(after.get(k)!.version);
        expect(textRowsOf(after).get(k)).not.toEqual(textRowsOf(before).get(k));
      } else expect(e).toEqual(rowsOf(before).get(k));
    }
    // Its set is the new text's, cut at the index's threshold.
    const seqOf = new Map(await env.DB.prepare('SELECT bigram, seq FROM near_bigrams').raw<[string, number]>());
    const whole = nearBigrams(compactText(changed[2]))!.map((g) => seqOf.get(g)!).sort((x, y) => y - x);
    expect(after.get(key)!.set).toEqual([whole.length, whole.slice(0, nearPrefixLength(whole.length, 0.8)), whole]);
    await expectConsistent();
    // Another unit's copy of the new text finds it.
    const county = await issueToken('county');
    await issueToken('unit', '移丁镇');
    const copy = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('移丁镇', ledger('移丁镇', [{ description: changed[2] }])) }), 201);
    expect(nearOf(copy).map(([, unit, row, sim]) => [unit, row, sim])).toEqual([['移丙乡', 5, 1]]);
  });

  it("a lower threshold's requeue indexes the still-current versions only, not those the batch's own submission replaces", async () => {
    const unitId = (await env.DB.prepare("INSERT INTO units (name) VALUES ('移戊乡') RETURNING id").first<number>('id'))!;
    const tokenId = (await env.DB.prepare("INSERT INTO tokens (token_hash, role, label) VALUES ('move-county', 'county', 'move') RETURNING id").first<number>('id'))!;
    const versions = versionsOf(checkWorkbooks([{ file: 'm.xlsx', sheets: [ledger('移戊乡', texts('移戊乡', 5).map((description) => ({ description })))] }], { asOf: TODAY, unit: '移戊乡' }));
    /** Stores the versions as a new submission with the index cut at `threshold`. */
    const store = async (vs: NewVersion[], threshold: number) => {
      const plan = await nearCandidates(env.DB, vs, () => unitId, threshold);
      const s = { id: crypto.randomUUID(), unitId, tokenId, actor: 'm', idempotencyKey: null, bodyHash: '', source: 'json' as const, file: 'm.xlsx', submittedAt: `${TODAY}T00:00:00Z`, submittedOn: TODAY, fillDate: null, errors: 0, warnings: 0, report: '{}' };
      await env.DB.batch(submissionStatements(env.DB, s, vs, [], plan.statements([{ id: s.id, versions: vs }])));
    };
    await store(versions, 0.8);
    await expectConsistent();
    const first = await indexOf('移戊乡');
    // A campaign at 0.6 re-queues every current target, this unit's (about to be replaced) too.
    // Unchanged descriptions: the same targets, their prefixes cut again for 0.6.
    await store(versions, 0.6);
    const again = await indexOf('移戊乡');
    for (const [key, e] of again) {
      expect(e.target).toBe(first.get(key)!.target);
      expect(e.set![1]).toEqual(e.set![2]!.slice(0, nearPrefixLength(e.set![0], 0.6)));
    }
    await expectConsistent();
    // At 0.5, changed descriptions: the new versions get prefixes cut for 0.5, the replaced targets nothing.
    const changed = versionsOf(checkWorkbooks([{ file: 'm.xlsx', sheets: [ledger('移戊乡', texts('移戊乡', 5).map((description) => ({ description: `${description}并复查` })))] }], { asOf: TODAY, unit: '移戊乡' }));
    await store(changed, 0.5);
    const last = await indexOf('移戊乡');
    for (const [key, e] of last) {
      expect(e.target).toBe(e.version);
      expect(e.set![1]).toEqual(e.set![2]!.slice(0, nearPrefixLength(e.set![0], 0.5)));
      expect(await env.DB.prepare(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id = ?`).bind(first.get(key)!.target).first<number>('n')).toBe(0);
    }
    expect(await env.DB.prepare('SELECT count(*) AS n FROM near_pending').first<number>('n')).toBe(0);
    await expectConsistent();
  });
});
