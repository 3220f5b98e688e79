import { env } from 'cloudflare:workers';
import type { D1Database } from '@cloudflare/workers-types';
import { describe, expect, it } from 'vitest';
import { indexStatements, NEAR_INDEX_SQL, type IndexRow } from '../../worker/db/near-index.js';
import { NEAR_MERGE_SQL } from '../../worker/db/near-merge.js';
import { NEAR_PROBE_SQL } from '../../worker/db/near-probe.js';
import { INSERT_VERSIONS, type NewVersion } from '../../worker/db/submissions.js';
import { nearCandidates } from '../../worker/near-candidates.js';
import type { ItemReport } from '../../shared/index.js';

// The near-duplicate index's statements as SQLite (D1) plans them. Indexing a 10,000-row
// submission took minutes when the planner looped over the submission's versions and rescanned
// the JSON rows for each one (quadratic); a plan says so without timing anything.

/** The plan's lines (EXPLAIN QUERY PLAN's `detail` column), parameters bound to empty JSON. */
async function plan(sql: string, params: unknown[]): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return results.map((r) => r.detail);
}

describe('near-duplicate index query plans', () => {
  it("a submission's postings: read from its versions' near_sets rows, the versions by submission, each row by key, never a scan", async () => {
    const lines = await plan(NEAR_INDEX_SQL.POSTINGS_OF_SUBMISSION, ['s']);
    expect(lines[0]).toMatch(/^SEARCH v USING INDEX item_versions_submission \(submission_id=\?\)/);
    expect(lines.some((l) => /SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
    expect(lines.filter((l) => /^SCAN (v|s|item_versions|near_sets)\b/.test(l))).toEqual([]);
  });

  it("the versions a submission replaces: tombstoned (0017) and their near_sets rows deleted by key, found through the submission's versions and their items", async () => {
    const lines = await plan(NEAR_INDEX_SQL.TOMBSTONE_REPLACED, ['s']);
    expect(lines.some((l) => /SEARCH v USING (COVERING )?INDEX item_versions_submission \(submission_id=\?\)/.test(l))).toBe(true);
    expect(lines.some((l) => /SEARCH i USING INDEX sqlite_autoindex_items_1 \(key=\?\)/.test(l))).toBe(true);
    expect(lines.some((l) => /SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
    expect(lines.some((l) => /SEARCH r USING COVERING INDEX near_postings_recent_version \(version_id=\?\)/.test(l))).toBe(true);
    expect(lines.filter((l) => /^SCAN (near_lists|near_sets|near_dropped|r|s|i|v|c)\b/.test(l))).toEqual([]);
    const sets = await plan(NEAR_INDEX_SQL.DROP_REPLACED_SETS, ['s']);
    expect(sets[0]).toMatch(/^SEARCH near_sets USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(sets.filter((l) => /^SCAN (near_sets|i|v)\b/.test(l))).toEqual([]);
  });

  it("a large submission's postings into the lists (0017): read from its versions' near_sets rows, grouped by key, each list found by its key", async () => {
    const lines = await plan(NEAR_INDEX_SQL.LISTS_OF_SUBMISSION, ['s']);
    expect(lines.some((l) => /^SEARCH v USING INDEX item_versions_submission \(submission_id=\?\)/.test(l))).toBe(true);
    expect(lines.some((l) => /SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
    expect(lines.filter((l) => /^SCAN (v|s|item_versions|near_sets|near_lists)\b/.test(l))).toEqual([]);
  });

  it("a submission's versions: each JSON row read once (materialized), its version number from the (item_key, version) index, its target (0016) from its item's current version by keys", async () => {
    const lines = await plan(INSERT_VERSIONS, ['s', 1, '[]']);
    expect(lines).toContain('MATERIALIZE t');
    expect(lines.some((l) => /^SCAN t\b/.test(l))).toBe(true);
    expect(lines.some((l) => /SEARCH x USING COVERING INDEX sqlite_autoindex_item_versions_1 \(item_key=\?\)/.test(l))).toBe(true);
    expect(lines.some((l) => /SEARCH i USING INDEX sqlite_autoindex_items_1 \(key=\?\)/.test(l))).toBe(true);
    expect(lines.some((l) => /SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
    expect(lines.filter((l) => /^SCAN (x|i|c|item_versions)\b/.test(l))).toEqual([]);
  });

  it("the items' triggers (0016): a target compared, and a new one queued, by primary keys", async () => {
    const sql = (name: string) => env.DB.prepare('SELECT sql FROM sqlite_master WHERE name = ?').bind(name).first<string>('sql');
    const whenOf = async (name: string) => /WHEN ([\s\S]*?)\nBEGIN/.exec((await sql(name))!)![1]!.replace(/(OLD|NEW)\.current_version_id/g, '?1');
    const queue = /INSERT INTO near_pending[^;]*;/.exec((await sql('items_near_added'))!)![0].replace(/NEW\.current_version_id/g, '?1').slice(0, -1);
    for (const statement of [`SELECT ${await whenOf('items_near_replaced')}`, `SELECT ${await whenOf('items_near_added')}`, queue]) {
      const lines = await plan(statement, [1]);
      expect(lines.some((l) => /USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
      expect(lines.filter((l) => /^SCAN (?!CONSTANT ROW)/.test(l))).toEqual([]);
    }
  });

  it("pending versions' postings: each JSON row finds its version by id; their tombstones (0017) go by key", async () => {
    const lines = await plan(NEAR_INDEX_SQL.POSTINGS_OF_VERSIONS, ['[]']);
    expect(lines[0]).toMatch(/^SCAN j\b/);
    expect(lines.some((l) => /SEARCH v USING INTEGER PRIMARY KEY/.test(l))).toBe(true);
    const untomb = await plan(NEAR_INDEX_SQL.UNTOMBSTONE_VERSIONS, ['[]']);
    expect(untomb.some((l) => /SEARCH near_dropped USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
    expect(untomb.filter((l) => /^SCAN (near_dropped|v|i|c)\b/.test(l))).toEqual([]);
  });

  it('pending candidates: read from near_pending (empty once indexed), not by scanning every item', async () => {
    const lines = await plan(NEAR_INDEX_SQL.PENDING, []);
    expect(lines[0]).toMatch(/^SCAN np\b/);
    expect(lines.some((l) => /^SCAN i\b/.test(l))).toBe(false);
  });

  // The probes: the inputs (JSON) read once into tables, each item's bigram joined to its size's
  // plan by an index; never a scan of the postings, never the items.
  // Counting the hits per pair in SQL sorted every posting read (63,000 in a county of 100,000,
  // two thirds of the statement): each lookup now hands its versions over as one list, in the
  // key's order, and the Worker counts them (near-probe-hits.ts).
  it('the probe of a small submission, hits counted in the Worker: each lookup one range of the key, nothing sorted or grouped in SQL', async () => {
    const lines = await plan(NEAR_PROBE_SQL.HITS, ['[]']);
    // The lookups read out of their JSON once, then one range of the key each.
    expect(lines.slice(0, 3)).toEqual(['MATERIALIZE q', expect.stringMatching(/^SCAN json_each\b/), expect.stringMatching(/^SCAN q\b/)]);
    expect(lines.some((l) => /SEARCH l USING PRIMARY KEY \(token=\? AND pos=\? AND size>\? AND size<\?\)/.test(l))).toBe(true);
    // And the recent postings (0012) the same way.
    expect(lines.some((l) => /SEARCH nr USING PRIMARY KEY \(token=\? AND pos=\? AND size>\? AND size<\?\)/.test(l))).toBe(true);
    expect(lines.filter((l) => /TEMP B-TREE|^SCAN (l|nr)\b|\bitems\b|item_versions|near_sets/.test(l))).toEqual([]);
    // The survivors' sets: one row each, by key.
    expect(await plan(NEAR_PROBE_SQL.SURVIVOR_SETS, ['[]'])).toEqual([expect.stringMatching(/^SCAN j\b/), 'SEARCH s USING INTEGER PRIMARY KEY (rowid=?)']);
  });

  it("the stored prefixes (0008): each JSON row finds its version by (submission, ord) or by id", async () => {
    const mine = await plan(NEAR_INDEX_SQL.SETS_OF_SUBMISSION, ['s', '[]']);
    expect(mine[0]).toMatch(/^SCAN j\b/);
    expect(mine.some((l) => /SEARCH v USING (COVERING )?INDEX item_versions_submission \(submission_id=\? AND ord=\?\)/.test(l))).toBe(true);
    const pending = await plan(NEAR_INDEX_SQL.SETS_OF_VERSIONS, ['[]']);
    expect(pending[0]).toMatch(/^SCAN j\b/);
    expect(pending.some((l) => /SEARCH v USING INTEGER PRIMARY KEY/.test(l))).toBe(true);
  });

  it('the probe of a large one: each shared lookup read once, one range of the key; its survivors checked the same way', async () => {
    const read = await plan(NEAR_PROBE_SQL.READ_SHARED, ['[]']);
    // The lookups read out of their JSON once, then per lookup the lists (0017) and the recent
    // postings (0012), each one range of its key, joined into the lookup's one text.
    expect(read.filter((l) => !/^(COMPOUND QUERY|LEFT-MOST SUBQUERY|UNION ALL)$/.test(l))).toEqual([
      'MATERIALIZE q', expect.stringMatching(/^SCAN json_each\b/), expect.stringMatching(/^SCAN q\b/),
      expect.stringMatching(/^CORRELATED SCALAR SUBQUERY/), expect.stringMatching(/^CO-ROUTINE/),
      'SEARCH l USING PRIMARY KEY (token=? AND pos=? AND size>? AND size<?)',
      'SEARCH nr USING PRIMARY KEY (token=? AND pos=? AND size>? AND size<?)',
      expect.stringMatching(/^SCAN \(subquery/),
    ]);
    // The survivors' stored sets (0008/0010), each by its key: never the postings again; so the
    // whole sets of a small probe's survivors (0010).
    expect(await plan(NEAR_PROBE_SQL.WHOLE_SETS, ['[]'])).toEqual([expect.stringMatching(/^SCAN j\b/), 'SEARCH s USING INTEGER PRIMARY KEY (rowid=?)']);
    const check = await plan(NEAR_PROBE_SQL.SURVIVOR_SETS, ['[]']);
    expect(check).toEqual([expect.stringMatching(/^SCAN j\b/), 'SEARCH s USING INTEGER PRIMARY KEY (rowid=?)']);
  });

  it('versions indexed before 0010: found through the partial index of those without a whole set, given it by key', async () => {
    const missing = await plan(NEAR_INDEX_SQL.WHOLE_MISSING, [10]);
    expect(missing[0]).toMatch(/^SCAN s USING (COVERING )?INDEX near_sets_whole_missing/);
    expect(missing.some((l) => /SEARCH v USING INTEGER PRIMARY KEY/.test(l))).toBe(true);
    const fill = await plan(NEAR_INDEX_SQL.WHOLE_OF_VERSIONS, ['[]']);
    expect(fill.some((l) => /SCAN j\b/.test(l))).toBe(true);
    expect(fill.some((l) => /SEARCH near_sets USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
    expect(fill.filter((l) => /^SCAN near_sets\b/.test(l))).toEqual([]);
  });

  it("survivors' sketches (0013): each by key from the covering index, never the table's rows or a scan", async () => {
    expect(await plan(NEAR_PROBE_SQL.SURVIVOR_SKETCHES, ['[]'])).toEqual([expect.stringMatching(/^SCAN j\b/), 'SEARCH s USING COVERING INDEX near_sets_sketch (version_id=?)']);
  });

  it('versions indexed before 0013: found through the partial index of those without a sketch, given it by key', async () => {
    const missing = await plan(NEAR_INDEX_SQL.SKETCH_MISSING, [10]);
    expect(missing).toEqual([expect.stringMatching(/^SCAN near_sets USING INDEX near_sets_sketch_missing/)]);
    const fill = await plan(NEAR_INDEX_SQL.SKETCH_OF_VERSIONS, ['[]']);
    expect(fill.some((l) => /SCAN j\b/.test(l))).toBe(true);
    expect(fill.some((l) => /SEARCH near_sets USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
    expect(fill.filter((l) => /^SCAN near_sets\b/.test(l))).toEqual([]);
  });

  it('whether another unit holds items: the first item of another unit ends it, by an index of items', async () => {
    const lines = await plan(NEAR_INDEX_SQL.OTHERS, ['[]']);
    expect(lines.some((l) => /SCAN items USING COVERING INDEX/.test(l))).toBe(true);
  });

  it("the candidates the probe kept (targets, 0016): each found by id, then its item by key, then the item's current version", async () => {
    for (const sql of [NEAR_INDEX_SQL.CANDIDATES, NEAR_INDEX_SQL.PENDING]) {
      const lines = await plan(sql, sql === NEAR_INDEX_SQL.CANDIDATES ? ['[]'] : []);
      expect(lines[0]).toMatch(/^SCAN (j|np)\b/);
      expect(lines.some((l) => /SEARCH a USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
      expect(lines.some((l) => /SEARCH i USING INDEX sqlite_autoindex_items_1 \(key=\?\)/.test(l))).toBe(true);
      expect(lines.some((l) => /^SCAN (a|i|v|u|s)\b/.test(l))).toBe(false);
    }
  });

  it("tombstoning a target when its item's target changes (0017's triggers): its near_sets row, its recent postings and its tombstone, each by key", async () => {
    for (const name of ['items_near_replaced', 'items_near_dropped']) {
      const trigger = (await env.DB.prepare('SELECT sql FROM sqlite_master WHERE name = ?').bind(name).first<string>('sql'))!;
      const tombstone = /INSERT INTO near_dropped[^;]*;/.exec(trigger)![0].replace(/OLD\.current_version_id/g, '?1').slice(0, -1);
      const lines = await plan(tombstone, [1]);
      expect(lines.some((l) => /SEARCH o USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
      expect(lines.some((l) => /SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
      expect(lines.some((l) => /SEARCH near_postings_recent USING COVERING INDEX near_postings_recent_version \(version_id=\?\)/.test(l))).toBe(true);
      expect(lines.some((l) => /SEARCH near_dropped USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
      expect(lines.filter((l) => /^SCAN /.test(l))).toEqual([]);
    }
  });

  it("the scheduled job's compaction (0017): the tombstones read once, each list they name found by its key, never a scan of the lists", async () => {
    for (const sql of [NEAR_MERGE_SQL.COMPACT, NEAR_MERGE_SQL.DROP_EMPTY]) {
      const lines = await plan(sql, []);
      expect(lines.some((l) => /SEARCH near_lists USING PRIMARY KEY \(token=\? AND pos=\? AND size=\?\)/.test(l))).toBe(true);
      expect(lines.filter((l) => /^SCAN near_lists\b/.test(l))).toEqual([]);
    }
  });

  it("the probing units' own targets: their items through an index led by unit_id, each current version by key", async () => {
    const lines = await plan(NEAR_PROBE_SQL.OWN, ['[]']);
    expect(lines.some((l) => /SEARCH i USING (COVERING )?INDEX items_\w+ \(unit_id=\?\)/.test(l))).toBe(true);
    expect(lines.some((l) => /SEARCH v USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(l))).toBe(true);
    expect(lines.filter((l) => /^SCAN (i|v|items)\b/.test(l))).toEqual([]);
  });

  it("recent postings (0012): dropped by their version index; merged in their key's order (no sort); the bound from two seeks, no count of the rows", async () => {
    expect(await plan('DELETE FROM near_postings_recent WHERE version_id = ?1', [1]))
      .toEqual([expect.stringMatching(/SEARCH near_postings_recent USING COVERING INDEX near_postings_recent_version \(version_id=\?\)/)]);
    const merge = await plan(NEAR_MERGE_SQL.MERGE, [0]);
    expect(merge.some((l) => /^SCAN near_postings_recent\b/.test(l))).toBe(true);
    expect(merge.filter((l) => /TEMP B-TREE/.test(l))).toEqual([]);
    for (const sql of [NEAR_MERGE_SQL.MERGE, NEAR_MERGE_SQL.CLEAR]) {
      const lines = await plan(sql, [0]);
      expect(lines.filter((l) => /SEARCH near_postings_recent USING COVERING INDEX near_postings_recent_version/.test(l))).toHaveLength(2);
      // One scan: the rows moved (or deleted), none to count them.
      expect(lines.filter((l) => /^SCAN /.test(l))).toHaveLength(1);
    }
  });
});

describe("the rows the index's statements are given", () => {
  // SQLite parses a row's JSON again at each `->` of it: the postings' statements get each row's
  // ref, size and prefix alone, not its whole set and sketch (four fifths of its text).
  it("sets get the whole row; a submission's postings are read from its sets, written first; pending versions' postings get [ref, size, prefix]", () => {
    const bound: { sql: string; args: unknown[] }[] = [];
    const db = { prepare: (sql: string) => ({ bind: (...args: unknown[]) => (bound.push({ sql, args }), {}) }) } as unknown as D1Database;
    const row = (ref: number): IndexRow => [ref, 12, [9, 8, 7], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 11, 10], '00112233445566778899aabbccddeeff'];
    indexStatements(db, 0.8, false, { top: 0, bigrams: [] }, [{ id: 's1', rows: [row(1), row(2)] }], [row(70)], [70]);
    // The statements given JSON rows (not the merge of the recent postings, which reads a table).
    const rowsOf = (pattern: RegExp) => bound.filter((b) => pattern.test(b.sql) && b.sql.includes('json_each(?')).map((b) => JSON.parse(String(b.args.at(-1))) as unknown[][]);
    expect(rowsOf(/INSERT OR REPLACE INTO near_sets/)).toEqual([[row(1), row(2)], [row(70)]]);
    expect(rowsOf(/INSERT INTO near_lists/)).toEqual([[[70, 12, [9, 8, 7]]]]);
    const submissionSets = bound.findIndex((b) => /INSERT OR REPLACE INTO near_sets/.test(b.sql) && b.args[0] === 's1');
    const submissionPostings = bound.findIndex((b) => /INSERT INTO near_postings_recent/.test(b.sql) && /json_each\(s\.prefix\)/.test(b.sql));
    expect(bound[submissionPostings]?.args).toEqual(['s1']);
    expect(submissionSets).toBeGreaterThanOrEqual(0);
    expect(submissionPostings).toBeGreaterThan(submissionSets);
  });
});

describe("a submission's new bigrams", () => {
  it('are numbered most frequent first, first seen first among equal counts; each row cut in that order', async () => {
    const bound: { sql: string; args: unknown[] }[] = [];
    // An empty county: every read answers nothing.
    const statement = (sql: string) => ({ bind: (...args: unknown[]) => (bound.push({ sql, args }), statement(sql)), all: async () => ({ results: [] }) });
    const db = { prepare: statement, batch: async (list: unknown[]) => list.map(() => ({ results: [], meta: {} })) } as unknown as D1Database;
    const version = (ord: number, description: string) => ({ ord, sheetIndex: 0, sheet: 'S', vague: false, hasEvidence: false, item: { key: `k${ord}`, fields: { description } } as unknown as ItemReport }) as NewVersion;
    // 甲乙 and 乙丙 in all three, 丙丁 in two; the rest in one each, in the order first seen.
    const versions = [version(1, '甲乙丙丁戊己庚辛壬癸'), version(2, '甲乙丙丁子丑寅卯辰巳'), version(3, '午未甲乙丙申酉戌亥天')];
    const plan = await nearCandidates(db, versions, () => 1, 0.8, { probe: false });
    bound.length = 0;
    plan.statements([{ id: 's1', versions }]);
    const added = bound.find((b) => /INSERT INTO near_bigrams/.test(b.sql))!;
    const bigrams = JSON.parse(String(added.args[0])) as string[];
    expect(bigrams.slice(0, 3)).toEqual(['甲乙', '乙丙', '丙丁']);
    expect(bigrams.slice(3, 8)).toEqual(['丁戊', '戊己', '己庚', '庚辛', '辛壬']);
    expect(new Set(bigrams).size).toBe(bigrams.length);
    // Seqs follow that order (the first 1); a row lists its seqs newest (highest) first.
    const seq = new Map(bigrams.map((g, i) => [g, i + 1]));
    const sets = bound.find((b) => /INSERT OR REPLACE INTO near_sets/.test(b.sql))!;
    const [first] = JSON.parse(String(sets.args.at(-1))) as [number, number, number[], number[], string][];
    const expected = ['甲乙', '乙丙', '丙丁', '丁戊', '戊己', '己庚', '庚辛', '辛壬', '壬癸'].map((g) => seq.get(g)!).sort((a, b) => b - a);
    expect(first![3]).toEqual(expected);
    expect(first![2]).toEqual(expected.slice(0, first![2].length));
  });
});
