/**
 * Every posting of the near-duplicate index, in either table: near_postings and the recent ones
 * not merged into it yet (migration 0012, worker/db/near-merge.ts). Same columns, same order.
 */
export const POSTINGS = '(SELECT * FROM near_postings UNION ALL SELECT * FROM near_postings_recent)';
