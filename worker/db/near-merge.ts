import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';

// A submission's new postings go to near_postings_recent (0012): a small table, so they fill a
// few of its pages where, spread over the lists' key, each landed on a page of its own. They move
// into near_lists (0017) in bulk, in key order, each list's new ids in one append (each page
// written once per merge, not once per submission): daily by the scheduled job, or by the batch
// that finds the table past its bound. The probe reads both in the same lookups (near-probe*.ts),
// so a merge changes no probe's answer; the batch's transaction keeps it whole for concurrent readers.

/**
 * The bound: recent postings spanning this many version ids (about 33 sixty-row submissions,
 * ~23,000 postings on the bench's county) and a submission's batch merges them. Measured by the
 * ids' span, two seeks of the version index, not by counting the rows: a count read every recent
 * posting in every batch (D1 bills rows read). Ids of versions without postings only make the
 * merge come sooner.
 */
export const RECENT_VERSIONS_MAX = 2_000;

// ?1: merge only at this span or past it (-1: whenever any is recent). Grouped along the recent
// table's key, so no sort. A pending version indexed into the lists meanwhile (a lower
// threshold's re-indexing, a concurrent batch) may then hold an id twice in a list: its lookup
// counts it twice, and the checks after the count (near-survivors.ts) still decide the pair.
const OVER = '(SELECT max(version_id) FROM near_postings_recent) - (SELECT min(version_id) FROM near_postings_recent) >= ?1';
const MERGE = `
INSERT INTO near_lists (token, pos, size, ids)
SELECT token, pos, size, group_concat(version_id) FROM near_postings_recent WHERE ${OVER}
GROUP BY token, pos, size ORDER BY 1, 2, 3
ON CONFLICT (token, pos, size) DO UPDATE SET ids = ids || ',' || excluded.ids`;
const CLEAR = `DELETE FROM near_postings_recent WHERE ${OVER}`;

/** The two statements (for a batch: one transaction) that merge the recent postings if their version ids span `span` or more. */
export function mergeStatements(db: D1Database, span = RECENT_VERSIONS_MAX): D1PreparedStatement[] {
  return [db.prepare(MERGE).bind(span), db.prepare(CLEAR).bind(span)];
}

// The tombstoned versions' ids taken out of the lists (0017): each key a tombstone's prefix
// holds, with the ids dropped from it, rewritten once; lists left empty deleted; the tombstones
// then go. Every occurrence of a dropped id goes (a merge's duplicate too). A version indexed
// again meanwhile has lost its tombstone (near-index.ts), so its ids stay.
const DROPPED_KEYS = `
SELECT t.value AS token, t.key + 1 AS pos, d.size AS size, group_concat(d.version_id) AS gone
FROM near_dropped d CROSS JOIN json_each(d.prefix) t GROUP BY 1, 2, 3`;
const COMPACT = `
UPDATE near_lists SET ids = (SELECT coalesce(group_concat(x.value), '') FROM json_each('[' || near_lists.ids || ']') x
  WHERE x.value NOT IN (SELECT value FROM json_each('[' || g.gone || ']')))
FROM (${DROPPED_KEYS}) g
WHERE near_lists.token = g.token AND near_lists.pos = g.pos AND near_lists.size = g.size`;
const DROP_EMPTY = `
DELETE FROM near_lists WHERE ids = '' AND (token, pos, size) IN (SELECT t.value, t.key + 1, d.size FROM near_dropped d CROSS JOIN json_each(d.prefix) t)`;
const FORGET = 'DELETE FROM near_dropped';

/** The statements (one batch) that take every tombstoned version's ids out of the lists. */
export function compactStatements(db: D1Database): D1PreparedStatement[] {
  return [db.prepare(COMPACT), db.prepare(DROP_EMPTY), db.prepare(FORGET)];
}

/** The scheduled job's part: every recent posting merged, every tombstoned id taken out; how many moved and how many versions went. */
export async function mergeRecentPostings(db: D1Database): Promise<{ merged: number; dropped: number }> {
  // The postings moved are the recent rows the merge's second statement deletes.
  const [, moved, , , forgotten] = await db.batch([...mergeStatements(db, -1), ...compactStatements(db)]);
  return { merged: moved?.meta.changes ?? 0, dropped: forgotten?.meta.changes ?? 0 };
}

/** The statements, for the test that holds their query plans. */
export const NEAR_MERGE_SQL = { MERGE, CLEAR, COMPACT, DROP_EMPTY } as const;
