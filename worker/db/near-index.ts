import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { jsonChunks } from './json-chunks.js';

/** One set to index: `ref` is its ord in the submission (new versions) or its version id (pending ones). */
export type IndexRow = [ref: number, size: number, prefix: number, bigrams: string[]];

/** One new item to probe for: its unit, its size window and prefix length, its bigrams. */
export type ProbeRow = [unitId: number, size: number, minSize: number, maxSize: number, prefix: number, bigrams: string[]];

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

const CANDIDATE_COLUMNS = `v.id, v.unit_id, u.name, v.item_key, s.file, v.sheet, v.row, v.description`;
const CANDIDATE_JOINS = `JOIN item_versions v ON v.id = i.current_version_id JOIN units u ON u.id = v.unit_id
  JOIN submissions s ON s.id = v.submission_id`;

// The probe's prefix is cut under the order as stored now: bigrams never stored come first (in
// no stored set, they can sit anywhere in a common order), then seq descending. Every stored
// version sharing enough prefix tokens, of a possible size, of another unit, and current.
const PROBE = `
WITH q AS (
  SELECT j.key AS item, j.value ->> 0 AS unit_id, j.value ->> 1 AS n, j.value ->> 2 AS lo, j.value ->> 3 AS hi,
    j.value ->> 4 AS p, t.value AS token, t.key AS pos
  FROM json_each(?1) j, json_each(j.value -> 5) t
), ranked AS (
  SELECT q.*, row_number() OVER (PARTITION BY q.item ORDER BY b.seq IS NULL DESC, b.seq DESC, q.pos) AS rn
  FROM q LEFT JOIN near_bigrams b ON b.bigram = q.token
), hits AS (
  SELECT DISTINCT x.version_id FROM (
    SELECT r.item, np.version_id FROM ranked r CROSS JOIN near_postings np
      ON np.token = r.token AND np.size BETWEEN r.lo AND r.hi
    WHERE r.rn <= r.p AND np.unit_id <> r.unit_id
    GROUP BY r.item, np.version_id
    HAVING count(*) >= CASE WHEN max(r.n, np.size) > ?2 THEN 2 ELSE 1 END
  ) x
)
SELECT ${CANDIDATE_COLUMNS} FROM hits h JOIN items i ON i.current_version_id = h.version_id ${CANDIDATE_JOINS}`;

// Current versions the index does not hold yet (stored before it, or by a path that does not index).
const PENDING = `SELECT ${CANDIDATE_COLUMNS} FROM near_pending np JOIN items i ON i.current_version_id = np.version_id ${CANDIDATE_JOINS}`;
// After a lower threshold re-queues everything: every current version.
const ALL_CURRENT = `SELECT ${CANDIDATE_COLUMNS} FROM items i ${CANDIDATE_JOINS}`;

/**
 * Reads, in one batch (one consistent view): the lowest threshold the stored prefixes were cut
 * for (null before anything was indexed), the current versions the index does not hold, and
 * the versions its postings offer for `probe` (`single`: nearSingleTokenSize).
 */
export async function readCandidates(
  db: D1Database, probe: readonly ProbeRow[], single: number,
): Promise<{ threshold: number | null; pending: CandidateRow[]; offered: CandidateRow[] }> {
  const statements = [db.prepare('SELECT threshold FROM near_index WHERE id = 1'), db.prepare(PENDING)];
  for (const chunk of jsonChunks(probe)) statements.push(db.prepare(PROBE).bind(chunk, single));
  const [meta, pending, ...probed] = await db.batch<CandidateColumns & { threshold: number }>(statements);
  return {
    threshold: meta?.results[0]?.threshold ?? null,
    pending: (pending?.results ?? []).map(candidate),
    offered: probed.flatMap((r) => r.results.map(candidate)),
  };
}

/** Every current version: the candidates while a lower threshold re-queues the whole index. */
export async function allCurrent(db: D1Database): Promise<CandidateRow[]> {
  const { results } = await db.prepare(ALL_CURRENT).all<CandidateColumns>();
  return results.map(candidate);
}

interface CandidateColumns { id: number; unit_id: number; name: string; item_key: string; file: string; sheet: string; row: number; description: string }

function candidate(r: CandidateColumns): CandidateRow {
  return { id: r.id, unitId: r.unit_id, unit: r.name, key: r.item_key, file: r.file, sheet: r.sheet, row: r.row, description: r.description };
}

// New bigrams get the next seqs, the most frequent of the batch first (lowest seq: last in the order).
const ASSIGN_SEQS = `
INSERT INTO near_bigrams (bigram, seq)
SELECT token, (SELECT COALESCE(MAX(seq), 0) FROM near_bigrams) + row_number() OVER (ORDER BY count(*) DESC, MIN(pos))
FROM (SELECT t.value AS token, j.key * 100000 + t.key AS pos FROM json_each(?1) j, json_each(j.value -> 3) t) x
WHERE NOT EXISTS (SELECT 1 FROM near_bigrams b WHERE b.bigram = x.token)
GROUP BY token`;

// Each set's prefix under the seq order; OR IGNORE: a re-indexed version keeps its shorter prefix.
const prefixes = (param: string) => `
SELECT j.value ->> 0 AS ref, j.value ->> 1 AS size, j.value ->> 2 AS p, t.value AS token,
  row_number() OVER (PARTITION BY j.key ORDER BY b.seq DESC) AS rn
FROM json_each(${param}) j, json_each(j.value -> 3) t JOIN near_bigrams b ON b.bigram = t.value`;
const POSTINGS_OF_SUBMISSION = `
INSERT OR IGNORE INTO near_postings (token, size, unit_id, version_id)
SELECT x.token, x.size, v.unit_id, v.id FROM (${prefixes('?2')}) x
JOIN item_versions v ON v.submission_id = ?1 AND v.ord = x.ref WHERE x.rn <= x.p`;
const POSTINGS_OF_VERSIONS = `
INSERT OR IGNORE INTO near_postings (token, size, unit_id, version_id)
SELECT x.token, x.size, v.unit_id, v.id FROM (${prefixes('?1')}) x
JOIN item_versions v ON v.id = x.ref WHERE x.rn <= x.p`;

/**
 * The statements (for the submission's own batch) that index a stored submission's versions and
 * some pending ones, and record the threshold; `requeue` (a threshold below the stored one)
 * first puts every version back to pending, since shorter prefixes no longer promise a match.
 */
export function indexStatements(
  db: D1Database, threshold: number, requeue: boolean,
  submissions: readonly { id: string; rows: readonly IndexRow[] }[], pending: readonly IndexRow[], pendingIds: readonly number[],
): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  if (requeue) out.push(db.prepare('INSERT OR IGNORE INTO near_pending (version_id) SELECT id FROM item_versions'));
  out.push(db.prepare('INSERT INTO near_index (id, threshold) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET threshold = min(threshold, excluded.threshold)').bind(threshold));
  const seqs = db.prepare(ASSIGN_SEQS);
  for (const s of submissions) {
    const post = db.prepare(POSTINGS_OF_SUBMISSION);
    for (const chunk of jsonChunks(s.rows)) out.push(seqs.bind(chunk), post.bind(s.id, chunk));
    out.push(db.prepare('DELETE FROM near_pending WHERE version_id IN (SELECT id FROM item_versions WHERE submission_id = ?1)').bind(s.id));
  }
  const post = db.prepare(POSTINGS_OF_VERSIONS);
  for (const chunk of jsonChunks(pending)) out.push(seqs.bind(chunk), post.bind(chunk));
  for (const chunk of jsonChunks(pendingIds)) out.push(db.prepare('DELETE FROM near_pending WHERE version_id IN (SELECT value FROM json_each(?1))').bind(chunk));
  return out;
}
