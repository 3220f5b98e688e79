import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import type { DeadlineKind, Status } from '../../shared/index.js';

/** Current items counted by what their timeliness depends on (asOf aside). */
export interface DatedGroup {
  unitId: number;
  deadlineKind: DeadlineKind;
  due: string | null;
  status: Status;
  completedOn: string | null;
  n: number;
}

/** Current items counted by category, review state (and since when) and vagueness. */
export interface FacetGroup {
  unitId: number;
  category: string;
  reviewState: string;
  reviewSince: string;
  vague: boolean;
  n: number;
}

/**
 * Marks a unit's groups to be counted again: in the batch of every statement that writes what
 * items are grouped by (unit, category, deadline, status, completion, vagueness, review state),
 * so the summary never reads counts from before it (test/worker/unit-groups.test.ts holds every
 * module that writes items to one of these). One statement a batch, not a trigger per row.
 */
export const staleUnit = (db: D1Database, unitId: number): D1PreparedStatement =>
  db.prepare('INSERT OR IGNORE INTO unit_groups_stale (unit_id) VALUES (?1)').bind(unitId);

/** staleUnit for the unit of the item with this key. */
export const staleUnitOfItem = (db: D1Database, key: string): D1PreparedStatement =>
  db.prepare('INSERT OR IGNORE INTO unit_groups_stale (unit_id) SELECT unit_id FROM items WHERE key = ?1').bind(key);

/** staleUnit for the unit of the submission with this id. */
export const staleUnitOfSubmission = (db: D1Database, id: string): D1PreparedStatement =>
  db.prepare('INSERT OR IGNORE INTO unit_groups_stale (unit_id) SELECT unit_id FROM submissions WHERE id = ?1').bind(id);

/**
 * The distinct combinations of the groups' columns that `keep` keeps, in first-seen order: what the
 * core's rules decide once per combination (GET /items' asOf filters, the daily job), not per item.
 */
export function combinationsOf<G, K extends readonly unknown[]>(groups: readonly G[], combination: (g: G) => K, keep: (g: G) => boolean = () => true): K[] {
  const seen = new Set<string>();
  const out: K[] = [];
  for (const g of groups) {
    const c = combination(g);
    const id = JSON.stringify(c);
    if (seen.has(id)) continue;
    seen.add(id);
    if (keep(g)) out.push(c);
  }
  return out;
}

const DATED = 'deadline_kind, due, status, completed_on';
const FACETS = 'category, review_state, review_since, vague';

/**
 * One grouping of a unit's items as a JSON array of [...columns, n], in the columns' order: the
 * aggregate takes the ordered subquery's rows as they come (not json_group_array(… ORDER BY …),
 * which needs SQLite 3.44; the test compares the order with the GROUP BY's).
 */
const groupsOf = (columns: string) =>
  `(SELECT json_group_array(json_array(${columns}, n)) FROM (SELECT ${columns}, COUNT(*) AS n FROM items WHERE unit_id = s.unit_id GROUP BY ${columns} ORDER BY ${columns}))`;

/**
 * The statements that count the stale units' groups again (migration 0014; marked by staleUnit),
 * each a range of the covering indexes items_timeliness and items_facets, then clear the stale
 * list. A unit left with no items keeps no row.
 */
export const REFRESH_SQL = [
  'DELETE FROM unit_groups WHERE unit_id IN (SELECT unit_id FROM unit_groups_stale)',
  `INSERT INTO unit_groups (unit_id, dated, facets)
   SELECT s.unit_id, ${groupsOf(DATED)}, ${groupsOf(FACETS)} FROM unit_groups_stale s WHERE EXISTS (SELECT 1 FROM items WHERE unit_id = s.unit_id)`,
  'DELETE FROM unit_groups_stale',
];

export const READ_SQL = 'SELECT unit_id, dated, facets FROM unit_groups ORDER BY unit_id';

type Row = { unit_id: number; dated: string; facets: string };

/**
 * The current items grouped two ways, in the order grouping every current item gives them (by
 * unit, then the columns): a county of 100,000 items comes back as a few thousand groups, and the
 * core's rules run once per group (timeliness depends on asOf, so it cannot be counted in SQL
 * without restating it). One batch, so the groups read are those just counted.
 */
export async function itemGroups(db: D1Database): Promise<{ dated: DatedGroup[]; facets: FacetGroup[] }> {
  const { dated, facets } = await itemGroupsWith(db, []);
  return { dated, facets };
}

/** itemGroups, and `also`'s statements run in its batch after it, reading the same state (their results in `also`). */
export async function itemGroupsWith(db: D1Database, also: readonly D1PreparedStatement[]): Promise<{ dated: DatedGroup[]; facets: FacetGroup[]; also: unknown[] }> {
  const results = await db.batch([...[...REFRESH_SQL, READ_SQL].map((sql) => db.prepare(sql)), ...also]);
  const rows = (results[REFRESH_SQL.length] as unknown as { results: Row[] }).results;
  const dated: DatedGroup[] = [];
  const facets: FacetGroup[] = [];
  for (const { unit_id: unitId, dated: d, facets: f } of rows) {
    for (const [deadlineKind, due, status, completedOn, n] of JSON.parse(d) as [DeadlineKind, string | null, Status, string | null, number][]) {
      dated.push({ unitId, deadlineKind, due, status, completedOn, n });
    }
    for (const [category, reviewState, reviewSince, vague, n] of JSON.parse(f) as [string, string, string, number, number][]) {
      facets.push({ unitId, category, reviewState, reviewSince, vague: vague === 1, n });
    }
  }
  return { dated, facets, also: results.slice(REFRESH_SQL.length + 1) };
}
