import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';

// A submission's new postings go to near_postings_recent (0012): a small table, so they fill a
// few of its pages where, spread over near_postings' key, each landed on a page of its own. They
// move to near_postings in bulk, in key order (each page of the big table written once per merge,
// not once per submission): daily by the scheduled job, or by the batch that finds the table past
// its bound. The probe reads both tables in the same lookups (near-probe*.ts), so a
// merge changes no probe's answer; the batch's transaction keeps it whole for concurrent readers.

/**
 * The bound: recent postings spanning this many version ids (about 33 sixty-row submissions,
 * ~23,000 postings on the bench's county) and a submission's batch merges them. Measured by the
 * ids' span, two seeks of the version index, not by counting the rows: a count read every recent
 * posting in every batch (D1 bills rows read). Ids of versions without postings only make the
 * merge come sooner.
 */
export const RECENT_VERSIONS_MAX = 2_000;

// ?1: merge only at this span or past it (-1: whenever any is recent). OR IGNORE: a pending
// version indexed into near_postings meanwhile (a lower threshold's re-indexing, a concurrent
// batch) may hold the same posting already; one row is what the probe needs.
const OVER = '(SELECT max(version_id) FROM near_postings_recent) - (SELECT min(version_id) FROM near_postings_recent) >= ?1';
const MERGE = `
INSERT OR IGNORE INTO near_postings (token, pos, size, unit_id, version_id)
SELECT token, pos, size, unit_id, version_id FROM near_postings_recent WHERE ${OVER}
ORDER BY 1, 2, 3, 4, 5`;
const CLEAR = `DELETE FROM near_postings_recent WHERE ${OVER}`;

/** The two statements (for a batch: one transaction) that merge the recent postings if their version ids span `span` or more. */
export function mergeStatements(db: D1Database, span = RECENT_VERSIONS_MAX): D1PreparedStatement[] {
  return [db.prepare(MERGE).bind(span), db.prepare(CLEAR).bind(span)];
}

/** The scheduled job's part: every recent posting merged; how many moved. */
export async function mergeRecentPostings(db: D1Database): Promise<{ merged: number }> {
  const [moved] = await db.batch(mergeStatements(db, -1));
  return { merged: moved?.meta.changes ?? 0 };
}

/** The statements, for the test that holds their query plans. */
export const NEAR_MERGE_SQL = { MERGE, CLEAR } as const;
