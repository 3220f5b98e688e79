import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { jsonChunks } from './json-chunks.js';

/** One set to index: `ref` is its ord in the submission (new versions) or its version id (pending ones). */
export type IndexRow = [ref: number, size: number, prefix: string[]];

/** One new item to probe for: its unit, its size, the sizes it may be similar to, its prefix. */
export type ProbeRow = [unitId: number, size: number, minSize: number, maxSize: number, prefix: string[]];

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

// Every stored version sharing enough prefix tokens with an item, of a possible size, of another
// unit, and current (an old version's postings stay, and drop out here).
const PROBE = `
WITH q AS (
  SELECT j.key AS item, j.value ->> 0 AS unit_id, j.value ->> 1 AS n, j.value ->> 2 AS lo, j.value ->> 3 AS hi, t.value AS token
  FROM json_each(?1) j, json_each(j.value -> 4) t
), hits AS (
  SELECT DISTINCT x.version_id FROM (
    SELECT q.item, np.version_id FROM q CROSS JOIN near_postings np ON np.token = q.token AND np.size BETWEEN q.lo AND q.hi
    WHERE np.unit_id <> q.unit_id
    GROUP BY q.item, np.version_id
    HAVING count(*) >= CASE WHEN max(q.n, np.size) > ?2 THEN 2 ELSE 1 END
  ) x
)
SELECT ${CANDIDATE_COLUMNS} FROM hits h JOIN items i ON i.current_version_id = h.version_id ${CANDIDATE_JOINS}`;

export interface IndexState {
  /** The lowest threshold stored prefixes were cut for (null before anything was indexed). */
  threshold: number | null;
  pending: CandidateRow[];
  /** The seq of each of the asked bigrams already stored. */
  seqs: Map<string, number>;
}

/** Reads in one batch what cutting prefixes needs: the threshold, the pending versions, the seqs of `bigrams`. */
export async function readIndexState(db: D1Database, bigrams: readonly string[]): Promise<IndexState> {
  const statements = [db.prepare('SELECT threshold FROM near_index WHERE id = 1'), db.prepare(PENDING)];
  for (const chunk of jsonChunks(bigrams)) statements.push(db.prepare(SEQS).bind(chunk));
  const [meta, pending, ...seqs] = await db.batch<Record<string, unknown>>(statements);
  return {
    threshold: (meta?.results[0]?.threshold as number | undefined) ?? null,
    pending: ((pending?.results ?? []) as unknown as CandidateColumns[]).map(candidate),
    seqs: seqsOf(seqs.flatMap((r) => r.results as unknown as { bigram: string; seq: number }[])),
  };
}

/** The seqs of more bigrams (a pending version's), and the candidates the postings offer for `probe`. */
export async function probeIndex(
  db: D1Database, probe: readonly ProbeRow[], single: number, moreBigrams: readonly string[],
): Promise<{ offered: CandidateRow[]; seqs: Map<string, number> }> {
  const statements: D1PreparedStatement[] = [];
  const probes = jsonChunks(probe);
  for (const chunk of probes) statements.push(db.prepare(PROBE).bind(chunk, single));
  for (const chunk of jsonChunks(moreBigrams)) statements.push(db.prepare(SEQS).bind(chunk));
  if (statements.length === 0) return { offered: [], seqs: new Map() };
  const results = await db.batch<Record<string, unknown>>(statements);
  return {
    offered: results.slice(0, probes.length).flatMap((r) => (r.results as unknown as CandidateColumns[]).map(candidate)),
    seqs: seqsOf(results.slice(probes.length).flatMap((r) => r.results as unknown as { bigram: string; seq: number }[])),
  };
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

/** A concurrent batch stored one of our new bigrams first: our prefixes assumed another order. */
export const BIGRAM_RACE = /UNIQUE constraint failed: near_bigrams\.bigram/;

// New bigrams take the next seqs in the order given (plain INSERT: if another batch stored one
// meanwhile, the whole batch fails and the submission is retried with the seqs re-read).
const ADD_BIGRAMS = `
INSERT INTO near_bigrams (bigram, seq)
SELECT j.value, (SELECT COALESCE(MAX(seq), 0) FROM near_bigrams) + j.key + 1 FROM json_each(?1) j`;
// CROSS JOIN keeps the JSON rows the outer loop, each finding its version by (submission_id, ord);
// a plain JOIN let SQLite loop over the submission's versions and rescan the JSON for each:
// quadratic, minutes for a 10,000-row submission.
const POSTINGS_OF_SUBMISSION = `
INSERT INTO near_postings (token, size, unit_id, version_id)
SELECT t.value, j.value ->> 1, v.unit_id, v.id
FROM json_each(?2) j CROSS JOIN item_versions v ON v.submission_id = ?1 AND v.ord = j.value ->> 0 CROSS JOIN json_each(j.value -> 2) t`;
// OR IGNORE: a version re-indexed after a lower threshold keeps the tokens it already had.
const POSTINGS_OF_VERSIONS = `
INSERT OR IGNORE INTO near_postings (token, size, unit_id, version_id)
SELECT t.value, j.value ->> 1, v.unit_id, v.id
FROM json_each(?1) j CROSS JOIN item_versions v ON v.id = j.value ->> 0 CROSS JOIN json_each(j.value -> 2) t`;

/**
 * The statements (for the submission's own batch) that store new bigrams (oldest first), index a
 * stored submission's versions and some pending ones, and record the threshold; `requeue` (a
 * threshold below the stored one) first puts every version back to pending.
 */
export function indexStatements(
  db: D1Database, threshold: number, requeue: boolean, newBigrams: readonly string[],
  submissions: readonly { id: string; rows: readonly IndexRow[] }[], pending: readonly IndexRow[], pendingIds: readonly number[],
): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  if (requeue) out.push(db.prepare('INSERT OR IGNORE INTO near_pending (version_id) SELECT id FROM item_versions'));
  out.push(db.prepare('INSERT INTO near_index (id, threshold) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET threshold = min(threshold, excluded.threshold)').bind(threshold));
  // One statement per chunk: each reads MAX(seq) after the previous one, so the order holds across chunks.
  for (const chunk of jsonChunks(newBigrams)) out.push(db.prepare(ADD_BIGRAMS).bind(chunk));
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
export const NEAR_INDEX_SQL = { PENDING, PROBE, POSTINGS_OF_SUBMISSION, POSTINGS_OF_VERSIONS } as const;
