import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';

// A submission's new postings go to near_postings_recent (0012): a small table, so they fill a
// few of its pages where, spread over near_postings' key, each landed on a page of its own. They
// move to near_postings in bulk, in key order (each page of the big table written once per merge,
// not once per submission): daily by the scheduled job, or by the batch that finds the table past
// RECENT_POSTINGS_MAX. The probe reads both tables in the same lookups (near-probe*.ts), so a
// merge changes no probe's answer; the batch's transaction keeps it whole for concurrent readers.

/** Past this many recent postings (about 25 sixty-row submissions) a submission's batch merges them. */
export const RECENT_POSTINGS_MAX = 20_000;

// ?1: merge only past this many (-1: always). OR IGNORE: a pending version indexed into
// near_postings meanwhile (a lower threshold's re-indexing, a concurrent batch) may hold the
// same posting already; one row is what the probe needs.
const OVER = '(SELECT count(*) FROM near_postings_recent) > ?1';
const MERGE = `
INSERT OR IGNORE INTO near_postings (token, pos, size, unit_id, version_id)
SELECT token, pos, size, unit_id, version_id FROM near_postings_recent WHERE ${OVER}
ORDER BY 1, 2, 3, 4, 5`;
const CLEAR = `DELETE FROM near_postings_recent WHERE ${OVER}`;

/** The two statements (for a batch: one transaction) that merge the recent postings if past `max`. */
export function mergeStatements(db: D1Database, max = RECENT_POSTINGS_MAX): D1PreparedStatement[] {
  return [db.prepare(MERGE).bind(max), db.prepare(CLEAR).bind(max)];
}

/** The scheduled job's part: every recent posting merged; how many moved. */
export async function mergeRecentPostings(db: D1Database): Promise<{ merged: number }> {
  const [moved] = await db.batch(mergeStatements(db, -1));
  return { merged: moved?.meta.changes ?? 0 };
}

/** The statements, for the test that holds their query plans. */
export const NEAR_MERGE_SQL = { MERGE, CLEAR } as const;
