/**
 * Every live posting of the near-duplicate index as a row (token, pos, size, unit_id,
 * version_id): the lists' ids (migration 0017) but the tombstoned ones, which the scheduled job
 * has not taken out yet, each with its version's unit, and the recent postings not merged into
 * the lists yet (0012, worker/db/near-merge.ts).
 */
export const POSTINGS = `(SELECT l.token, l.pos, l.size, v.unit_id, v.id AS version_id
  FROM near_lists l CROSS JOIN json_each('[' || l.ids || ']') x CROSS JOIN item_versions v ON v.id = x.value
  WHERE v.id NOT IN (SELECT version_id FROM near_dropped)
  UNION ALL SELECT token, pos, size, unit_id, version_id FROM near_postings_recent)`;

/** The same, merged ones only (the lists' live ids). */
export const LISTED = `(SELECT * FROM ${POSTINGS} p WHERE NOT EXISTS (SELECT 1 FROM near_postings_recent r WHERE r.version_id = p.version_id))`;

/** Every id the lists hold, tombstoned or not, a row each (a duplicate twice). */
export const LISTED_IDS = `(SELECT l.token, l.pos, l.size, x.value AS version_id FROM near_lists l CROSS JOIN json_each('[' || l.ids || ']') x)`;

/** Every posting before migration 0017, a row each in either table (0012's two tables). */
export const POSTINGS_BEFORE_0017 = '(SELECT * FROM near_postings UNION ALL SELECT * FROM near_postings_recent)';
