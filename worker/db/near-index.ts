import type { D1Database, D1PreparedStatement, D1Result } from '@cloudflare/workers-types';
import { jsonChunks } from './json-chunks.js';
import { mergeStatements } from './near-merge.js';

/**
 * One set to index: `ref` is its ord in the submission (new versions) or its version id (pending
 * targets); its prefix as seqs, in order; its whole set as seqs, in the same order (0010); its
 * sketch as unhex() takes it (0013, near-sketch.ts). A text too short to compare has size 0 and
 * empty sets: its near_sets row says it is indexed, with nothing to post (so never queued again).
 */
export type IndexRow = [ref: number, size: number, prefix: number[], bigrams: number[], sketch: string];

/**
 * A stored current version offered as a candidate: `id` is the current version (what a pair
 * names), `indexId` its item's target (0016), whose index rows stand for its description.
 */
export interface CandidateRow {
  id: number;
  indexId: number;
  unitId: number;
  unit: string;
  key: string;
  file: string;
  sheet: string;
  row: number;
  description: string;
}

interface CandidateColumns { id: number; index_id: number; unit_id: number; name: string; item_key: string; file: string; sheet: string; row: number; description: string }

/** The target of version `alias` (0016): the version whose index rows stand for its description. */
export const targetOf = (alias: string) => `COALESCE(${alias}.indexed_as, ${alias}.id)`;
const CANDIDATE_COLUMNS = `v.id, ${targetOf('v')} AS index_id, v.unit_id, u.name, v.item_key, s.file, v.sheet, v.row, v.description`;
// From a target `a` (a posting's or pending entry's version) to its item's current version `v`,
// if `a` is still that version's target.
const CURRENT_OF_TARGET = `CROSS JOIN items i ON i.key = a.item_key CROSS JOIN item_versions v ON v.id = i.current_version_id
  CROSS JOIN units u ON u.id = v.unit_id CROSS JOIN submissions s ON s.id = v.submission_id`;

// Current versions whose targets the index does not hold yet (stored before it, made current again
// by a withdrawal, or stored by a path that does not index).
// CROSS JOIN keeps near_pending the outer loop: empty once indexed, so this costs nothing then
// (a plain JOIN let SQLite scan every item and look each up in near_pending).
const PENDING = `SELECT ${CANDIDATE_COLUMNS} FROM near_pending np CROSS JOIN item_versions a ON a.id = np.version_id ${CURRENT_OF_TARGET}
  WHERE ${targetOf('v')} = a.id`;
// After a lower threshold re-queues everything: every current version (with its target).
const ALL_CURRENT = `SELECT ${CANDIDATE_COLUMNS} FROM items i JOIN item_versions v ON v.id = i.current_version_id JOIN units u ON u.id = v.unit_id
  JOIN submissions s ON s.id = v.submission_id`;
export const SEQS = 'SELECT bigram, seq FROM near_bigrams WHERE bigram IN (SELECT value FROM json_each(?1))';
const TOP_SEQ = 'SELECT COALESCE(MAX(seq), 0) AS top FROM near_bigrams';
// Versions indexed before 0010, whose whole sets a submission fills in (by the partial index).
const WHOLE_MISSING = `SELECT s.version_id AS id, v.description FROM near_sets s INDEXED BY near_sets_whole_missing
  CROSS JOIN item_versions v ON v.id = s.version_id WHERE s.bigrams IS NULL LIMIT ?1`;
/** Versions indexed before 0010 one submission gives their whole sets. */
export const WHOLE_PER_SUBMISSION = 2_000;
// Versions indexed before 0013 (with a whole set), whose sketches a submission fills in (by the
// partial index; those still without a whole set get both at once, above).
const SKETCH_MISSING = `SELECT version_id AS id, bigrams FROM near_sets INDEXED BY near_sets_sketch_missing
  WHERE sketch IS NULL AND bigrams IS NOT NULL LIMIT ?1`;
/** Versions indexed before 0013 one submission gives their sketches (each a whole set read: ~200 bytes). */
export const SKETCH_PER_SUBMISSION = 2_000;
// Whether any other unit than the submission's holds a current item: if none, nothing to probe.
const OTHERS = 'SELECT EXISTS (SELECT 1 FROM items WHERE unit_id NOT IN (SELECT value FROM json_each(?1))) AS others';

// The survivors (targets, by id): their items' current places and descriptions, if still their targets.
const CANDIDATES = `SELECT ${CANDIDATE_COLUMNS} FROM json_each(?1) j CROSS JOIN item_versions a ON a.id = j.value ${CURRENT_OF_TARGET}
  WHERE ${targetOf('v')} = a.id`;

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
  /** Indexed versions without their whole set (indexed before 0010): id, description. */
  unwhole: { id: number; description: string }[];
  /** Indexed versions with a whole set but no sketch (indexed before 0013): id, whole set (JSON). */
  unsketched: { id: number; bigrams: string }[];
}

/**
 * Reads in one batch what cutting prefixes needs: the threshold, the pending versions, the seqs
 * of `bigrams`; and whether other units than `units` hold items.
 */
export async function readIndexState(db: D1Database, bigrams: readonly string[], units: readonly number[]): Promise<IndexState> {
  const statements = [
    db.prepare('SELECT threshold FROM near_index WHERE id = 1'), db.prepare(TOP_SEQ), db.prepare(OTHERS).bind(JSON.stringify(units)), db.prepare(PENDING),
    db.prepare(WHOLE_MISSING).bind(WHOLE_PER_SUBMISSION), db.prepare(SKETCH_MISSING).bind(SKETCH_PER_SUBMISSION),
  ];
  for (const chunk of jsonChunks(bigrams)) statements.push(db.prepare(SEQS).bind(chunk));
  const [meta, top, others, pending, unwhole, unsketched, ...seqs] = await db.batch<Record<string, unknown>>(statements);
  return {
    unwhole: (unwhole?.results ?? []) as unknown as IndexState['unwhole'],
    unsketched: (unsketched?.results ?? []) as unknown as IndexState['unsketched'],
    others: others?.results[0]?.others === 1,
    threshold: (meta?.results[0]?.threshold as number | undefined) ?? null,
    top: (top?.results[0]?.top as number | undefined) ?? 0,
    pending: ((pending?.results ?? []) as unknown as CandidateColumns[]).map(candidate),
    seqs: seqsOf(seqs.flatMap((r) => r.results as unknown as { bigram: string; seq: number }[])),
  };
}

/** The candidates the probe kept, by their targets' ids (still targets only). */
export async function candidatesById(db: D1Database, ids: readonly number[]): Promise<CandidateRow[]> {
  const statements = candidateStatements(db, ids);
  return statements.length ? candidateRows(await db.batch(statements)) : [];
}

/** The statements reading candidates by their targets' ids, to run in a batch of one's own or beside others (near-survivors.ts). */
export function candidateStatements(db: D1Database, ids: readonly number[]): D1PreparedStatement[] {
  return jsonChunks(ids).map((c) => db.prepare(CANDIDATES).bind(c));
}

/** The candidates those statements found, in the order of the ids asked. */
export function candidateRows(results: readonly D1Result<unknown>[]): CandidateRow[] {
  return results.flatMap((r) => (r.results as CandidateColumns[]).map(candidate));
}

/** Every current version: the candidates while a lower threshold re-queues the whole index. */
export async function allCurrent(db: D1Database): Promise<CandidateRow[]> {
  const { results } = await db.prepare(ALL_CURRENT).all<CandidateColumns>();
  return results.map(candidate);
}

function candidate(r: CandidateColumns): CandidateRow {
  return { id: r.id, indexId: r.index_id, unitId: r.unit_id, unit: r.name, key: r.item_key, file: r.file, sheet: r.sheet, row: r.row, description: r.description };
}

export const seqsOf = (rows: readonly { bigram: string; seq: number }[]) => new Map(rows.map((r) => [r.bigram, r.seq]));

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
// A submission's versions are indexed only as their own targets (0016): one whose description its
// item's current version holds is indexed as that version's target, whose rows stay.
const SELF_TARGET = 'v.indexed_as IS NULL';
// Each row's prefix is its seqs in order: a token's position is its index + 1. Read from the
// near_sets rows the same batch has just written (SETS_OF_SUBMISSION runs first), so the prefixes
// travel once, with the sets, and SQLite parses no JSON row of them: sent again as their own JSON,
// the postings statement took 254–347 ms against 194–225 ms this way (10,000 rows into 20,000
// indexed, sqlite3 3.40, interleaved). Inserted in key order, all of a submission's at once: each
// page is then written once (random order wrote twice the pages).
// Into near_postings_recent (0012): a small table, whose few pages take the submission's postings;
// merged into the lists in bulk (near-merge.ts).
const POSTINGS_OF_SUBMISSION = `
INSERT INTO near_postings_recent (token, pos, size, unit_id, version_id)
SELECT t.value, t.key + 1, s.size, v.unit_id, v.id
FROM item_versions v CROSS JOIN near_sets s ON s.version_id = v.id CROSS JOIN json_each(s.prefix) t
WHERE v.submission_id = ?1 AND ${SELF_TARGET}
ORDER BY 1, 2, 3, 4, 5`;
// A large submission's postings straight into the lists (0017), grouped by key: each list gets
// the submission's ids in one append.
const LISTS_OF_SUBMISSION = `
INSERT INTO near_lists (token, pos, size, ids)
SELECT t.value, t.key + 1, s.size, group_concat(v.id)
FROM item_versions v CROSS JOIN near_sets s ON s.version_id = v.id CROSS JOIN json_each(s.prefix) t
WHERE v.submission_id = ?1 AND ${SELF_TARGET}
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
ON CONFLICT (token, pos, size) DO UPDATE SET ids = ids || ',' || excluded.ids`;
/** Above this many indexed items a submission's postings go into the lists directly. */
export const DIRECT_ROWS = 1_000;
// Still a target only: the pending versions were read before the batch, and another batch may
// have replaced some since (this batch's own submissions replace theirs after these statements,
// and the items' triggers then tombstone what they wrote for a target that changes).
const STILL_TARGET = `EXISTS (SELECT 1 FROM items i CROSS JOIN item_versions c ON c.id = i.current_version_id
  WHERE i.key = v.item_key AND ${targetOf('c')} = v.id)`;
// One id a row, appended unless its list holds it already: a version re-indexed after a lower
// threshold keeps the ids it had, and one made current again may still have its ids there
// (tombstoned, not compacted yet; its tombstone goes below, so they are its own again).
const POSTINGS_OF_VERSIONS = `
INSERT INTO near_lists (token, pos, size, ids)
SELECT t.value, t.key + 1, j.value ->> 1, v.id
FROM json_each(?1) j CROSS JOIN item_versions v ON v.id = j.value ->> 0 CROSS JOIN json_each(j.value -> 2) t
WHERE ${STILL_TARGET}
ORDER BY 1, 2, 3
ON CONFLICT (token, pos, size) DO UPDATE SET ids = ids || ',' || excluded.ids WHERE instr(',' || ids || ',', ',' || excluded.ids || ',') = 0`;
const UNTOMBSTONE_VERSIONS = `
DELETE FROM near_dropped WHERE version_id IN (SELECT v.id FROM json_each(?1) j CROSS JOIN item_versions v ON v.id = j.value WHERE ${STILL_TARGET})`;

// A version indexed before 0010 given its whole set and sketch (unless a re-indexing wrote them meanwhile).
const WHOLE_OF_VERSIONS = `
UPDATE near_sets SET bigrams = j.value -> 1, sketch = unhex(j.value ->> 2) FROM json_each(?1) j
WHERE near_sets.version_id = j.value ->> 0 AND near_sets.bigrams IS NULL`;
// A version indexed before 0013 given its sketch (a version's whole set, so its sketch, never changes).
const SKETCH_OF_VERSIONS = `
UPDATE near_sets SET sketch = unhex(j.value ->> 1) FROM json_each(?1) j WHERE near_sets.version_id = j.value ->> 0 AND near_sets.sketch IS NULL`;

// Each indexed version's prefix (0008), whole set (0010) and sketch (0013) in one row, for the probe's checks of
// a pair (near-pair-check.ts). REPLACE: a version re-indexed after a lower threshold gets its
// longer prefix, the one its postings (old and new) now hold.
const SETS_OF_SUBMISSION = `
INSERT OR REPLACE INTO near_sets (version_id, size, prefix, bigrams, sketch)
SELECT v.id, j.value ->> 1, j.value -> 2, j.value -> 3, unhex(j.value ->> 4)
FROM json_each(?2) j CROSS JOIN item_versions v ON v.submission_id = ?1 AND v.ord = j.value ->> 0
WHERE ${SELF_TARGET}`;
const SETS_OF_VERSIONS = `
INSERT OR REPLACE INTO near_sets (version_id, size, prefix, bigrams, sketch)
SELECT v.id, j.value ->> 1, j.value -> 2, j.value -> 3, unhex(j.value ->> 4)
FROM json_each(?1) j CROSS JOIN item_versions v ON v.id = j.value ->> 0
WHERE ${STILL_TARGET}`;

// The targets a stored submission replaces (of each item whose description it changes: its new
// version is its own target, 0016) are tombstoned (0017) and lose their near_sets rows before the
// items' upsert makes the new versions current: one statement each. Their ids stay in the lists
// until the scheduled job takes them out (near-merge.ts); those still in the recent table are
// deleted there by the items' triggers, which tombstone nothing once the near_sets rows are gone.
// Before 0017 this deleted ~83,000 postings of a 10,000-row resubmission (with the sets' delete
// 208–281 ms); a tombstone is one row a version.
const REPLACED_TARGETS = `item_versions v CROSS JOIN items i ON i.key = v.item_key CROSS JOIN item_versions c ON c.id = i.current_version_id`;
const TOMBSTONE_REPLACED = `
INSERT OR IGNORE INTO near_dropped (version_id, size, prefix)
SELECT s.version_id, s.size, s.prefix
FROM ${REPLACED_TARGETS} CROSS JOIN near_sets s ON s.version_id = ${targetOf('c')}
WHERE v.submission_id = ?1 AND ${SELF_TARGET} AND NOT EXISTS (SELECT 1 FROM near_postings_recent r WHERE r.version_id = s.version_id)`;
const DROP_REPLACED_SETS = `
DELETE FROM near_sets WHERE version_id IN (
  SELECT ${targetOf('c')} FROM ${REPLACED_TARGETS} WHERE v.submission_id = ?1 AND ${SELF_TARGET})`;

/**
 * The statements that tombstone the versions submission `id` replaces and drop their near_sets rows: for its batch,
 * after its versions are inserted and before the items' upsert.
 */
export function replacedIndexStatements(db: D1Database, id: string): D1PreparedStatement[] {
  return [db.prepare(TOMBSTONE_REPLACED).bind(id), db.prepare(DROP_REPLACED_SETS).bind(id)];
}

// Every current target queued again (a threshold below the stored one).
const REQUEUE = `INSERT OR IGNORE INTO near_pending (version_id) SELECT ${targetOf('v')} FROM items i CROSS JOIN item_versions v ON v.id = i.current_version_id`;

/**
 * A row as the pending versions' postings statement reads it: ref, size and prefix. Without the
 * whole set and the sketch (four fifths of a row's JSON), which SQLite otherwise parses again at
 * each `->` of the row (a 10,000-row submission's postings, when they too were sent this way:
 * 170–293 ms against 298–409 ms, bench/README.md).
 */
const postingRow = ([ref, size, prefix]: IndexRow): [number, number, number[]] => [ref, size, prefix];

/**
 * The statements (for the submission's own batch) that store new bigrams (oldest first), index a
 * stored submission's versions and some pending ones, give versions indexed before 0010 their
 * whole sets (`whole`: id, seqs, sketch) and those indexed before 0013 their sketches
 * (`sketches`: id, sketch), and record the threshold; `requeue` (a threshold below the stored
 * one) first puts every version back to pending.
 */
export function indexStatements(
  db: D1Database, threshold: number, requeue: boolean, newBigrams: { top: number; bigrams: readonly string[] },
  submissions: readonly { id: string; rows: readonly IndexRow[] }[], pending: readonly IndexRow[], pendingIds: readonly number[],
  whole: readonly [id: number, bigrams: number[], sketch: string][] = [],
  options: { recent?: boolean; sketches?: readonly [id: number, sketch: string][] } = {},
): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  // Re-indexing every version: the recent postings merged first, so each version's old ids are in
  // the lists, where the append leaves them as they are.
  if (requeue) out.push(db.prepare(REQUEUE), ...mergeStatements(db, -1));
  out.push(db.prepare('INSERT INTO near_index (id, threshold) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET threshold = min(threshold, excluded.threshold)').bind(threshold));
  let next = newBigrams.top;
  for (const chunk of jsonChunks(newBigrams.bigrams)) {
    out.push(db.prepare(ADD_BIGRAMS).bind(chunk, next));
    next += (JSON.parse(chunk) as unknown[]).length;
  }
  const recent = options.recent ?? true;
  for (const s of submissions) {
    // A large submission's postings, in key order, touch most pages of the lists anyway: they
    // go there directly (through the recent table they were written twice, then deleted).
    const direct = !recent || s.rows.length > DIRECT_ROWS;
    const sets = db.prepare(SETS_OF_SUBMISSION);
    for (const chunk of jsonChunks(s.rows)) out.push(sets.bind(s.id, chunk));
    // After the sets: the postings are read from them.
    if (s.rows.length) out.push(db.prepare(direct ? LISTS_OF_SUBMISSION : POSTINGS_OF_SUBMISSION).bind(s.id));
  }
  const post = db.prepare(POSTINGS_OF_VERSIONS);
  const sets = db.prepare(SETS_OF_VERSIONS);
  for (const chunk of jsonChunks(pending.map(postingRow))) out.push(post.bind(chunk));
  for (const chunk of jsonChunks(pending)) out.push(sets.bind(chunk));
  for (const chunk of jsonChunks(pendingIds)) {
    out.push(db.prepare(UNTOMBSTONE_VERSIONS).bind(chunk), db.prepare('DELETE FROM near_pending WHERE version_id IN (SELECT value FROM json_each(?1))').bind(chunk));
  }
  for (const chunk of jsonChunks(whole)) out.push(db.prepare(WHOLE_OF_VERSIONS).bind(chunk));
  for (const chunk of jsonChunks(options.sketches ?? [])) out.push(db.prepare(SKETCH_OF_VERSIONS).bind(chunk));
  // Past its bound, the recent postings (this batch's too) move into the lists.
  if (recent && submissions.some((s) => s.rows.length <= DIRECT_ROWS)) out.push(...mergeStatements(db));
  return out;
}

/** The index's statements, for the test that holds their query plans (no quadratic joins). */
export const NEAR_INDEX_SQL = { PENDING, OTHERS, CANDIDATES, POSTINGS_OF_SUBMISSION, LISTS_OF_SUBMISSION, POSTINGS_OF_VERSIONS, UNTOMBSTONE_VERSIONS, SETS_OF_SUBMISSION, SETS_OF_VERSIONS, WHOLE_MISSING, WHOLE_OF_VERSIONS, SKETCH_MISSING, SKETCH_OF_VERSIONS, TOMBSTONE_REPLACED, DROP_REPLACED_SETS } as const;
