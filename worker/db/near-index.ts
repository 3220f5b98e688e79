import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { nearMayBeSimilar } from '../../shared/near-signature.js';
import { jsonChunks } from './json-chunks.js';

/** One set to index: `ref` is its ord in the submission (new versions) or its version id (pending ones); its prefix as seqs, in order. */
export type IndexRow = [ref: number, size: number, prefix: number[]];

/** A stored current version offered as a candidate. */
export interface CandidateRow {
  id: number;
  unitId: number;
  unit: string;
  key: string;
  file: string;
  sheet: string;
  row: number;
  description: string;
}

interface CandidateColumns { id: number; unit_id: number; name: string; item_key: string; file: string; sheet: string; row: number; description: string }

const CANDIDATE_COLUMNS = `v.id, v.unit_id, u.name, v.item_key, s.file, v.sheet, v.row, v.description`;
const CANDIDATE_JOINS = `JOIN item_versions v ON v.id = i.current_version_id JOIN units u ON u.id = v.unit_id
  JOIN submissions s ON s.id = v.submission_id`;

// Current versions the index does not hold yet (stored before it, or by a path that does not index).
// CROSS JOIN keeps near_pending the outer loop: empty once indexed, so this costs nothing then
// (a plain JOIN let SQLite scan every item and look each up in near_pending).
const PENDING = `SELECT ${CANDIDATE_COLUMNS} FROM near_pending np CROSS JOIN items i ON i.current_version_id = np.version_id
  CROSS JOIN item_versions v ON v.id = i.current_version_id CROSS JOIN units u ON u.id = v.unit_id CROSS JOIN submissions s ON s.id = v.submission_id`;
// After a lower threshold re-queues everything: every current version.
const ALL_CURRENT = `SELECT ${CANDIDATE_COLUMNS} FROM items i ${CANDIDATE_JOINS}`;
const SEQS = 'SELECT bigram, seq FROM near_bigrams WHERE bigram IN (SELECT value FROM json_each(?1))';
const TOP_SEQ = 'SELECT COALESCE(MAX(seq), 0) AS top FROM near_bigrams';
// Whether any other unit than the submission's holds a current item: if none, nothing to probe.
const OTHERS = 'SELECT EXISTS (SELECT 1 FROM items WHERE unit_id NOT IN (SELECT value FROM json_each(?1))) AS others';

/**
 * One probing item: its number (`item`), size, unit, and its bigrams' seqs in the index order
 * (0 for a bigram not stored yet: in no stored set). Its lookups come from the plan of its size.
 */
export type ProbeItem = [item: number, n: number, unitId: number, seqs: number[]];

/** The lookups of the items' sizes (shared/near-signature.ts nearProbePlan): [n, at, pos, lo, hi]. */
export type ProbePlanRow = [n: number, at: number, pos: number, lo: number, hi: number];

// The probe's inputs as tables, read once: each item's stored bigrams with their positions (xs),
// and its lookups (q): its bigram at each position its size's plan asks, against stored sets
// holding it at `pos`, of sizes lo..hi. CASTs give integer affinity, so automatic indexes serve
// the joins on these columns.
const PROBE_INPUT = `
WITH plan AS MATERIALIZED (
  SELECT CAST(pl.value ->> 0 AS INTEGER) AS n, CAST(pl.value ->> 1 AS INTEGER) AS at, pl.value ->> 2 AS pos, pl.value ->> 3 AS lo, pl.value ->> 4 AS hi
  FROM json_each(?2) pl
), xs AS MATERIALIZED (
  SELECT CAST(j.value ->> 0 AS INTEGER) AS item, CAST(j.value ->> 1 AS INTEGER) AS n, CAST(j.value ->> 2 AS INTEGER) AS unit_id,
    CAST(t.value AS INTEGER) AS token, t.key + 1 AS at
  FROM json_each(?1) j, json_each(j.value -> 3) t WHERE t.value > 0
), q AS MATERIALIZED (
  SELECT xs.item, xs.n, xs.unit_id, xs.token, xs.at, CAST(plan.pos AS INTEGER) AS pos, plan.lo, plan.hi
  FROM xs CROSS JOIN plan ON plan.n = xs.n AND plan.at = xs.at
)`;

// Per item and stored version (shared/near-signature.ts): the hits are their first common
// bigrams, kept if at least min(2, α) and if the bigrams after both last hits leave room for α
// (nearMayBeSimilar). In SQL, α ≤ x ⟺ ?3·(n + m) − ε ≤ x, with ?3 = t/(1 + t).
const MAY_BE_SIMILAR = `(hits >= 2 OR ?3 * (n + m) - 1e-9 <= 1) AND ?3 * (n + m) - 1e-9 <= hits + min(n - last_at, m - last_pos)`;

// Then the survivor's whole stored prefix (by the version index) against the item's whole set:
// its common bigrams there, plus those beyond the prefix, all after the last of them in the item,
// must reach α (nearPrefixMayBeSimilar).
const SURVIVORS = `
SELECT DISTINCT version_id FROM (
  SELECT h.version_id FROM hits h CROSS JOIN near_postings p ON p.version_id = h.version_id
    LEFT JOIN xs ON xs.item = h.item AND xs.token = p.token
  GROUP BY h.item, h.version_id
  HAVING ?3 * (h.n + h.m) - 1e-9 <= count(xs.at) + min(h.m - count(*), h.n - coalesce(max(xs.at), 0))
)`;

// A small submission: each lookup reads exactly its postings (token, position, size range: one
// range of the key), another unit's only (unit_id in the key: an own posting is rejected from its
// index entry). Postings are current versions' only (0007's triggers): no join.
const PROBE = `${PROBE_INPUT}, hits AS MATERIALIZED (
  SELECT q.item, np.version_id, np.size AS m, q.n AS n, count(*) AS hits, max(q.at) AS last_at, max(np.pos) AS last_pos
  FROM q CROSS JOIN near_postings np ON np.token = q.token AND np.pos = q.pos AND np.size BETWEEN q.lo AND q.hi
  WHERE np.unit_id <> q.unit_id
  GROUP BY q.item, np.version_id
  HAVING ${MAY_BE_SIMILAR}
)${SURVIVORS}`;

// A large submission (a unit's whole ledger, an aggregate) shares most lookups between its
// items: each distinct (token, position, unit) is read once, over the sizes any of its items asks
// (the caller counts the hits per item), so an own posting is rejected at most once, whatever
// the number of items.
const READ_SHARED = `
SELECT q.key, np.version_id, np.size, np.pos
FROM json_each(?1) q CROSS JOIN near_postings np
  ON np.token = q.value ->> 0 AND np.pos = q.value ->> 1 AND np.size BETWEEN q.value ->> 2 AND q.value ->> 3
WHERE np.unit_id <> q.value ->> 4`;

// The survivors of the shared lookups, checked as the small probe checks its own (SURVIVORS).
const CHECK_SURVIVORS = `
WITH xs AS MATERIALIZED (
  SELECT CAST(j.value ->> 0 AS INTEGER) AS item, CAST(t.value AS INTEGER) AS token, t.key + 1 AS at
  FROM json_each(?1) j, json_each(j.value -> 3) t WHERE t.value > 0
), hits AS MATERIALIZED (
  SELECT j.value ->> 0 AS item, j.value ->> 1 AS version_id, j.value ->> 2 AS n, j.value ->> 3 AS m FROM json_each(?2) j
)${SURVIVORS}`;

/** Above this many lookups a submission reads each shared lookup once (PROBE_SHARED). */
export const SHARED_LOOKUPS = 20_000;

// The survivors' places and descriptions, each by its id, if still current.
const CANDIDATES = `SELECT ${CANDIDATE_COLUMNS} FROM json_each(?1) j CROSS JOIN items i ON i.current_version_id = j.value
  CROSS JOIN item_versions v ON v.id = i.current_version_id CROSS JOIN units u ON u.id = v.unit_id CROSS JOIN submissions s ON s.id = v.submission_id`;

export interface IndexState {
  /** The lowest threshold stored prefixes were cut for (null before anything was indexed). */
  threshold: number | null;
  pending: CandidateRow[];
  /** The seq of each of the asked bigrams already stored. */
  seqs: Map<string, number>;
  /** The highest seq stored: new bigrams take the next ones. */
  top: number;
  /** Whether another unit than `units` holds a current item. */
  others: boolean;
}

/**
 * Reads in one batch what cutting prefixes needs: the threshold, the pending versions, the seqs
 * of `bigrams`; and whether other units than `units` hold items.
 */
export async function readIndexState(db: D1Database, bigrams: readonly string[], units: readonly number[]): Promise<IndexState> {
  const statements = [db.prepare('SELECT threshold FROM near_index WHERE id = 1'), db.prepare(TOP_SEQ), db.prepare(OTHERS).bind(JSON.stringify(units)), db.prepare(PENDING)];
  for (const chunk of jsonChunks(bigrams)) statements.push(db.prepare(SEQS).bind(chunk));
  const [meta, top, others, pending, ...seqs] = await db.batch<Record<string, unknown>>(statements);
  return {
    others: others?.results[0]?.others === 1,
    threshold: (meta?.results[0]?.threshold as number | undefined) ?? null,
    top: (top?.results[0]?.top as number | undefined) ?? 0,
    pending: ((pending?.results ?? []) as unknown as CandidateColumns[]).map(candidate),
    seqs: seqsOf(seqs.flatMap((r) => r.results as unknown as { bigram: string; seq: number }[])),
  };
}

/**
 * The seqs of more bigrams (a pending version's), and the stored versions the probe keeps for
 * `threshold`. `lookups` (their count) picks the way; `plan` gives each size's lookups.
 */
export async function probeIndex(
  db: D1Database, items: readonly ProbeItem[], plan: ReadonlyMap<number, readonly ProbePlanRow[]>, lookups: number, threshold: number,
  moreBigrams: readonly string[], shared = lookups > SHARED_LOOKUPS,
): Promise<{ kept: number[]; seqs: Map<string, number> }> {
  const ratio = threshold / (1 + threshold);
  const seqStatements = jsonChunks(moreBigrams).map((chunk) => db.prepare(SEQS).bind(chunk));
  const statements = shared ? [] : itemChunks(items, plan).map(([chunk, plans]) => db.prepare(PROBE).bind(chunk, plans, ratio));
  const all = [...statements, ...seqStatements];
  const [results, kept] = await Promise.all([
    all.length ? db.batch<Record<string, unknown>>(all) : Promise.resolve([]),
    shared ? probeShared(db, items, plan, threshold) : Promise.resolve([]),
  ]);
  return {
    kept: [...new Set([...kept, ...results.slice(0, statements.length).flatMap((r) => (r.results as { version_id: number }[]).map((x) => x.version_id))])],
    seqs: seqsOf(results.slice(statements.length).flatMap((r) => r.results as unknown as { bigram: string; seq: number }[])),
  };
}

/** Rows a READ_SHARED statement takes (each a few dozen bytes: well under D1's 2 MB a string). */
const SHARED_ROWS = 40_000;

/**
 * The large submission's probe: its distinct lookups read once each, the hits counted per item
 * and stored version in JS (nearMayBeSimilar), the survivors checked in SQL (CHECK_SURVIVORS).
 */
async function probeShared(db: D1Database, items: readonly ProbeItem[], plan: ReadonlyMap<number, readonly ProbePlanRow[]>, threshold: number): Promise<number[]> {
  // Distinct lookups by unit, then by token and position (one number: positions stay far below 2^16).
  const index = new Map<number, Map<number, number>>();
  const lookups: [token: number, pos: number, lo: number, hi: number, unitId: number][] = [];
  const askers: [item: number, at: number, lo: number, hi: number][][] = [];
  const sizeOf = new Map<number, number>();
  for (const [item, n, unitId, seqs] of items) {
    sizeOf.set(item, n);
    let byUnit = index.get(unitId);
    if (!byUnit) index.set(unitId, (byUnit = new Map()));
    for (const [, at, pos, lo, hi] of plan.get(n) ?? []) {
      const token = seqs[at - 1]!;
      if (token === 0) continue;
      const key = token * 65_536 + pos;
      let k = byUnit.get(key);
      if (k === undefined) {
        byUnit.set(key, (k = lookups.push([token, pos, lo, hi, unitId]) - 1));
        askers.push([]);
      } else {
        const l = lookups[k]!;
        if (lo < l[2]) l[2] = lo;
        if (hi > l[3]) l[3] = hi;
      }
      askers[k]!.push([item, at, lo, hi]);
    }
  }
  const chunks: Promise<[number, number, number, number][]>[] = [];
  for (let from = 0; from < lookups.length; from += SHARED_ROWS) {
    chunks.push(db.prepare(READ_SHARED).bind(JSON.stringify(lookups.slice(from, from + SHARED_ROWS))).raw<[number, number, number, number]>()
      .then((rows) => rows.map(([k, v, m, pos]) => [k + from, v, m, pos])));
  }
  // Per item, per stored version: hits, last position in the item, last in the stored set, its size.
  const tally = new Map<number, Map<number, [number, number, number, number]>>();
  for (const rows of await Promise.all(chunks)) {
    for (const [k, version, m, pos] of rows) {
      for (const [item, at, lo, hi] of askers[k]!) {
        if (m < lo || m > hi) continue;
        let mine = tally.get(item);
        if (!mine) tally.set(item, (mine = new Map()));
        const t = mine.get(version);
        if (!t) mine.set(version, [1, at, pos, m]);
        else {
          t[0]++;
          if (at > t[1]) t[1] = at;
          if (pos > t[2]) t[2] = pos;
        }
      }
    }
  }
  const survivors = new Map<number, [number, number, number, number][]>();
  for (const [item, mine] of tally) {
    const n = sizeOf.get(item)!;
    for (const [version, [hits, lastAt, lastPos, m]] of mine) {
      if (!nearMayBeSimilar(n, m, hits, lastAt, lastPos, threshold)) continue;
      let list = survivors.get(item);
      if (!list) survivors.set(item, (list = []));
      list.push([item, version, n, m]);
    }
  }
  if (survivors.size === 0) return [];
  const ratio = threshold / (1 + threshold);
  const checks = jsonChunks(items.filter((it) => survivors.has(it[0]))).map((chunk) => {
    const pairs = (JSON.parse(chunk) as ProbeItem[]).flatMap((it) => survivors.get(it[0])!);
    return db.prepare(CHECK_SURVIVORS).bind(chunk, JSON.stringify(pairs), ratio);
  });
  const results = await db.batch<{ version_id: number }>(checks);
  return results.flatMap((r) => r.results.map((x) => x.version_id));
}

/** How many postings the lookups read one by one (the bench's count; the probe itself never counts). */
export async function probeReads(db: D1Database, items: readonly ProbeItem[], plan: ReadonlyMap<number, readonly ProbePlanRow[]>): Promise<number> {
  let n = 0;
  for (const [chunk, plans] of itemChunks(items, plan)) {
    n += (await db.prepare(`${PROBE_INPUT} SELECT count(*) AS n FROM q CROSS JOIN near_postings np ON np.token = q.token AND np.pos = q.pos
      AND np.size BETWEEN q.lo AND q.hi WHERE np.unit_id <> q.unit_id`).bind(chunk, plans).first<number>('n')) ?? 0;
  }
  return n;
}

/** [items, plans of their sizes] JSON chunks, each string under D1's limit. */
function itemChunks(items: readonly ProbeItem[], plan: ReadonlyMap<number, readonly ProbePlanRow[]>): [string, string][] {
  return jsonChunks(items).map((chunk) => {
    const sizes = new Set((JSON.parse(chunk) as ProbeItem[]).map((it) => it[1]));
    return [chunk, JSON.stringify([...sizes].flatMap((n) => plan.get(n) ?? []))];
  });
}

/** The candidates the probe kept, by version id (still current ones only). */
export async function candidatesById(db: D1Database, ids: readonly number[]): Promise<CandidateRow[]> {
  const chunks = jsonChunks(ids);
  if (chunks.length === 0) return [];
  const results = await db.batch<CandidateColumns>(chunks.map((c) => db.prepare(CANDIDATES).bind(c)));
  return results.flatMap((r) => r.results.map(candidate));
}

/** Every current version: the candidates while a lower threshold re-queues the whole index. */
export async function allCurrent(db: D1Database): Promise<CandidateRow[]> {
  const { results } = await db.prepare(ALL_CURRENT).all<CandidateColumns>();
  return results.map(candidate);
}

function candidate(r: CandidateColumns): CandidateRow {
  return { id: r.id, unitId: r.unit_id, unit: r.name, key: r.item_key, file: r.file, sheet: r.sheet, row: r.row, description: r.description };
}

const seqsOf = (rows: readonly { bigram: string; seq: number }[]) => new Map(rows.map((r) => [r.bigram, r.seq]));

/**
 * A concurrent batch stored bigrams first (one of ours, or others taking the seqs we counted on):
 * our prefixes assumed another order.
 */
export const BIGRAM_RACE = /UNIQUE constraint failed: near_bigrams\.(bigram|seq)/;

// New bigrams take the seqs after the highest one the plan read (?2), in the order given. Plain
// INSERT: if another batch stored bigrams meanwhile, it took those seqs (or one of our bigrams),
// the whole batch fails and the submission is retried with the seqs read again.
const ADD_BIGRAMS = `
INSERT INTO near_bigrams (bigram, seq)
SELECT j.value, ?2 + j.key + 1 FROM json_each(?1) j`;
// Each row's prefix is its seqs in order: a token's position is its index + 1. Inserted in key
// order: each page of the postings is then written once (random order wrote twice the pages).
// CROSS JOIN keeps the JSON rows the outer loop, each finding its version by (submission_id, ord);
// a plain JOIN let SQLite loop over the submission's versions and rescan the JSON for each:
// quadratic, minutes for a 10,000-row submission.
const POSTINGS_OF_SUBMISSION = `
INSERT INTO near_postings (token, pos, size, unit_id, version_id)
SELECT t.value, t.key + 1, j.value ->> 1, v.unit_id, v.id
FROM json_each(?2) j CROSS JOIN item_versions v ON v.submission_id = ?1 AND v.ord = j.value ->> 0 CROSS JOIN json_each(j.value -> 2) t
ORDER BY 1, 2, 3, 4, 5`;
// OR IGNORE: a version re-indexed after a lower threshold keeps the tokens it already had.
const POSTINGS_OF_VERSIONS = `
INSERT OR IGNORE INTO near_postings (token, pos, size, unit_id, version_id)
SELECT t.value, t.key + 1, j.value ->> 1, v.unit_id, v.id
FROM json_each(?1) j CROSS JOIN item_versions v ON v.id = j.value ->> 0 CROSS JOIN json_each(j.value -> 2) t
ORDER BY 1, 2, 3, 4, 5`;

/**
 * The statements (for the submission's own batch) that store new bigrams (oldest first), index a
 * stored submission's versions and some pending ones, and record the threshold; `requeue` (a
 * threshold below the stored one) first puts every version back to pending.
 */
export function indexStatements(
  db: D1Database, threshold: number, requeue: boolean, newBigrams: { top: number; bigrams: readonly string[] },
  submissions: readonly { id: string; rows: readonly IndexRow[] }[], pending: readonly IndexRow[], pendingIds: readonly number[],
): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  if (requeue) out.push(db.prepare('INSERT OR IGNORE INTO near_pending (version_id) SELECT current_version_id FROM items'));
  out.push(db.prepare('INSERT INTO near_index (id, threshold) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET threshold = min(threshold, excluded.threshold)').bind(threshold));
  let next = newBigrams.top;
  for (const chunk of jsonChunks(newBigrams.bigrams)) {
    out.push(db.prepare(ADD_BIGRAMS).bind(chunk, next));
    next += (JSON.parse(chunk) as unknown[]).length;
  }
  for (const s of submissions) {
    const post = db.prepare(POSTINGS_OF_SUBMISSION);
    for (const chunk of jsonChunks(s.rows)) out.push(post.bind(s.id, chunk));
    out.push(db.prepare('DELETE FROM near_pending WHERE version_id IN (SELECT id FROM item_versions WHERE submission_id = ?1)').bind(s.id));
  }
  const post = db.prepare(POSTINGS_OF_VERSIONS);
  for (const chunk of jsonChunks(pending)) out.push(post.bind(chunk));
  for (const chunk of jsonChunks(pendingIds)) out.push(db.prepare('DELETE FROM near_pending WHERE version_id IN (SELECT value FROM json_each(?1))').bind(chunk));
  return out;
}

/** The index's statements, for the test that holds their query plans (no quadratic joins). */
export const NEAR_INDEX_SQL = { PENDING, OTHERS, PROBE, READ_SHARED, CHECK_SURVIVORS, CANDIDATES, POSTINGS_OF_SUBMISSION, POSTINGS_OF_VERSIONS } as const;
