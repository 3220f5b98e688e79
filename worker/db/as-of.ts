import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import type { Campaign, Deadline, DeadlineKind, Status } from '../../shared/index.js';
import { firmDeadline } from '../firm-deadline.js';
import { itemsInGroups, type ItemFacts } from './items.js';
import { itemGroups, type DatedGroup } from './unit-groups.js';
import { CHANGED } from './changed-since.js';

/** An item as it stood on a date: its version stored by then, its review state decided by then. */
export interface ItemAsOf extends ItemFacts {
  versionId: number;
  /** The item's id: lists go in unit then item order, as the current items do. */
  itemId: number;
  key: string;
  description: string;
}

/**
 * How a view reads the items as of a date. `present` when nothing is dated after asOf (no version
 * stored, no decision taken later): the `items` table's current state is then the state as of that
 * date. Else `changed` (today's state, the items changed since read through their versions and
 * events: CHANGED) while fewer versions and decisions came after asOf than versions before it, and
 * `rebuilt` (every item through its versions and events) when most came after, as on a date
 * before the campaign's first submissions, where reading the changes costs more than rebuilding.
 */
export type AsOfWay = 'present' | 'changed' | 'rebuilt';

export async function asOfWay(db: D1Database, asOf: string, known?: KnownWay): Promise<AsOfWay> {
  if (known?.asOf === asOf) return known.way;
  return wayOf(await asOfWayStatement(db, asOf).first<AsOfWayRow>(), asOf);
}

/** asOfWay's answer read elsewhere (in the token's round trip: routes/view-reads.ts), for its date. */
export interface KnownWay {
  asOf: string;
  way: AsOfWay;
}

/** The statement asOfWay runs; wayOf reads its row. */
export const asOfWayStatement = (db: D1Database, asOf: string): D1PreparedStatement =>
  // A withdrawal or an approved extension after asOf changed the current state too.
  db.prepare(
    `SELECT (SELECT MAX(submitted_on) FROM submissions WHERE withdrawn_at IS NULL) AS s, (SELECT MAX(decided_on) FROM reviews) AS r,
       (SELECT MAX(withdrawn_on) FROM submissions) AS w, (SELECT MAX(decided_on) FROM extensions WHERE state = 'approved') AS e,
       (SELECT COALESCE(SUM(item_count), 0) FROM submissions WHERE submitted_on > ?1 OR withdrawn_on > ?1)
         + (SELECT COUNT(*) FROM reviews WHERE decided_on > ?1) + (SELECT COUNT(*) FROM extensions WHERE decided_on > ?1) AS after,
       (SELECT COALESCE(SUM(item_count), 0) FROM submissions WHERE submitted_on <= ?1 AND withdrawn_at IS NULL) AS before`,
  ).bind(asOf);

export type AsOfWayRow = { s: string | null; r: string | null; w: string | null; e: string | null; after: number; before: number };

export function wayOf(row: AsOfWayRow | null, asOf: string): AsOfWay {
  if ([row?.s, row?.r, row?.w, row?.e].every((d) => (d ?? '') <= asOf)) return 'present';
  return row!.after < row!.before ? 'changed' : 'rebuilt';
}

/**
 * Each item's latest version stored by ?1 (a withdrawn submission never counts: SPEC 12.1), its
 * last review event decided by ?1 that a withdrawn version did not make (by decidedOn, then the
 * order recorded) and its first 交办 by ?1, which makes a relative deadline firm: of every item,
 * or (`changedOnly`) of the items CHANGED lists, each read through its own versions and events.
 */
const itemsAsOfSql = (changedOnly: boolean) => {
  const only = (column: string) => (changedOnly ? `AND ${column} IN (SELECT item_key FROM changed)` : '');
  return `
WITH ${changedOnly ? `${CHANGED},` : ''} cur AS (
  SELECT v.item_key, MAX(v.version) AS version, MIN(s.submitted_on) AS first_on
  FROM ${changedOnly ? 'changed c CROSS JOIN item_versions v ON v.item_key = c.item_key JOIN submissions s ON s.id = v.submission_id'
    // From the submissions stored by ?1: none stored then, nothing read.
    : 'submissions s CROSS JOIN item_versions v ON v.submission_id = s.id'}
  WHERE s.submitted_on <= ?1 AND s.withdrawn_at IS NULL AND (?2 IS NULL OR s.unit_id = ?2) GROUP BY v.item_key
), rv AS (
  SELECT r.item_key, r.to_state, r.decided_on,
    ROW_NUMBER() OVER (PARTITION BY r.item_key ORDER BY r.decided_on DESC, r.id DESC) AS n
  FROM reviews r WHERE r.decided_on <= ?1 ${only('r.item_key')}
    -- A withdrawn version revised nothing, and a withdrawal that left the state as it was changed
    -- nothing (not its since either, as db/withdraw.ts keeps it in the current state).
    AND NOT (r.decision = 'revise' AND EXISTS (SELECT 1 FROM item_versions wv JOIN submissions ws ON ws.id = wv.submission_id
      WHERE wv.id = r.version_id AND ws.withdrawn_at IS NOT NULL))
    AND NOT (r.decision = 'withdraw' AND r.from_state = r.to_state)
), asg AS (
  SELECT item_key, MIN(decided_on) AS assigned_on FROM reviews WHERE decision = 'assign' AND decided_on <= ?1 ${only('item_key')} GROUP BY item_key
), ext AS (
  SELECT item_key, requested_due,
    ROW_NUMBER() OVER (PARTITION BY item_key ORDER BY decided_on DESC, id DESC) AS n
  FROM extensions WHERE state = 'approved' AND decided_on <= ?1 ${only('item_key')}
)
SELECT v.id AS version_id, i.id AS item_id, v.unit_id, v.item_key AS key, v.description, v.category, v.deadline_kind, v.due, v.status, v.completed_on, v.vague,
  COALESCE(rv.to_state, 'pending') AS review_state, COALESCE(rv.decided_on, cur.first_on) AS review_since, asg.assigned_on,
  CASE WHEN v.deadline_kind = 'relative' THEN v.item ->> '$.deadline' END AS deadline, ext.requested_due AS extended
-- From cur (CROSS JOIN keeps that order): workerd's SQLite would rather scan every item for the ORDER BY.
FROM cur CROSS JOIN item_versions v ON v.item_key = cur.item_key AND v.version = cur.version
CROSS JOIN items i ON i.key = cur.item_key
LEFT JOIN rv ON rv.item_key = cur.item_key AND rv.n = 1
LEFT JOIN asg ON asg.item_key = cur.item_key
LEFT JOIN ext ON ext.item_key = cur.item_key AND ext.n = 1
ORDER BY i.unit_id, i.id`;
};

const REBUILT = itemsAsOfSql(false);
const CHANGED_AS_OF = itemsAsOfSql(true);

// Today's state of the items CHANGED does not list (of unit ?2, when given), as currentItemsAsOf reads it.
const UNCHANGED_NOW = `
WITH ${CHANGED}
SELECT i.current_version_id AS version_id, i.id AS item_id, i.unit_id, i.key, v.description, i.category, i.deadline_kind, i.due, i.status, i.completed_on,
  i.vague, i.review_state, i.review_since, i.assigned_on, NULL AS deadline, NULL AS extended
FROM items i JOIN item_versions v ON v.id = i.current_version_id
WHERE (?2 IS NULL OR i.unit_id = ?2) AND i.key NOT IN (SELECT item_key FROM changed) ORDER BY i.unit_id, i.id`;

/** A row of itemsAsOfSql or UNCHANGED_NOW (named columns: a batch's rows come as objects). */
export interface AsOfRow {
  version_id: number; item_id: number; unit_id: number; key: string; description: string; category: string; deadline_kind: DeadlineKind;
  due: string | null; status: Status; completed_on: string | null; vague: number; review_state: string; review_since: string;
  assigned_on: string | null; deadline: string | null; extended: string | null;
}

/** Rows as items, the relative deadlines made firm and approved extensions applied. */
export function itemsOf(rows: readonly AsOfRow[], campaign: Campaign): ItemAsOf[] {
  return rows.map((r) => {
    // A relative deadline as the campaign in force counts it: from its 交办 date once assigned by then.
    const firm = r.deadline ? (firmDeadline(JSON.parse(r.deadline) as Deadline, r.assigned_on, campaign).due ?? null) : r.due;
    // An extension approved by then moves a due date it lies after, as items.due does (db/extensions.ts).
    const later = r.extended !== null && (firm === null || firm < r.extended);
    return {
      versionId: r.version_id, itemId: r.item_id, unitId: r.unit_id, key: r.key, description: r.description, category: r.category,
      deadlineKind: later ? 'date' : r.deadline_kind, status: r.status, completedOn: r.completed_on, vague: r.vague === 1,
      reviewState: r.review_state, reviewSince: r.review_since, assignedOn: r.assigned_on, due: later ? r.extended : firm,
    };
  });
}

/** The items changed since asOf (CHANGED), as they stood on asOf: rows for itemsOf. */
export const changedAsOf = (db: D1Database, asOf: string, unitId?: number) => db.prepare(CHANGED_AS_OF).bind(asOf, unitId ?? null);

/** The items changed since asOf (of one unit, when given), as they stood on asOf, in unit then item order. */
export async function changedItemsAsOf(db: D1Database, asOf: string, campaign: Campaign, unitId?: number): Promise<ItemAsOf[]> {
  return itemsOf((await changedAsOf(db, asOf, unitId).all<AsOfRow>()).results, campaign);
}

/**
 * Every item (of one unit, when `unitId` is given) as it stood on asOf, in unit then arrival
 * order: the items changed since read through their versions and events, the others off today's
 * state, in one batch (so both read one state). Rebuilding every item took ~1.1 s of SQLite at
 * 100,000 items; the changed ones are those of the days since asOf.
 */
export async function itemsAsOf(db: D1Database, asOf: string, campaign: Campaign, unitId?: number, way: AsOfWay = 'changed'): Promise<ItemAsOf[]> {
  if (way === 'rebuilt') return itemsAsOfRebuilt(db, asOf, campaign, unitId);
  const [changed, unchanged] = (await db.batch([changedAsOf(db, asOf, unitId), db.prepare(UNCHANGED_NOW).bind(asOf, unitId ?? null)])) as unknown as { results: AsOfRow[] }[];
  return mergedInOrder(itemsOf(changed!.results, campaign), itemsOf(unchanged!.results, campaign));
}

/** itemsAsOf's answer with every item rebuilt from its versions and events: the rule the other is held to (tests, bench). */
export async function itemsAsOfRebuilt(db: D1Database, asOf: string, campaign: Campaign, unitId?: number): Promise<ItemAsOf[]> {
  return itemsOf((await db.prepare(REBUILT).bind(asOf, unitId ?? null).all<AsOfRow>()).results, campaign);
}

/** What datedItemsAsOf gives of an item. */
export type DatedItem = Pick<ItemAsOf, 'itemId' | 'unitId' | 'key' | 'description' | 'deadlineKind' | 'due' | 'status' | 'completedOn'>;

/**
 * The items whose dated facts (deadline, due date, status, completion) `keep` keeps, as they
 * stood on a date, in unit then item order. `present`: today's items of the groups kept (the core
 * decides groups; only their items are read). `changed`: those of them that did not change since
 * and the changed ones as they stood then. `rebuilt`: every item rebuilt and filtered. The
 * reminders' overdue items read ~13,000 of 100,000 items instead of all.
 */
export async function datedItemsAsOf(
  db: D1Database, asOf: string, campaign: Campaign, way: AsOfWay, keep: (d: Omit<DatedGroup, 'unitId' | 'n'>) => boolean,
): Promise<DatedItem[]> {
  const datedOf = ({ itemId, unitId, key, description, deadlineKind, due, status, completedOn }: DatedItem): DatedItem => ({ itemId, unitId, key, description, deadlineKind, due, status, completedOn });
  if (way === 'rebuilt') return (await itemsAsOfRebuilt(db, asOf, campaign)).filter(keep).map(datedOf);
  const [unchanged, changed] = await Promise.all([
    itemGroups(db).then(({ dated }) => itemsInGroups(db, dated.filter(keep), way === 'changed' ? asOf : undefined)),
    way === 'changed' ? changedAsOf(db, asOf).all<AsOfRow>().then((r) => itemsOf(r.results, campaign).filter(keep).map(datedOf)) : [],
  ]);
  const now = unchanged.map(({ id, ...rest }): DatedItem => ({ itemId: id, ...rest }));
  return mergedInOrder(changed, now);
}

/** Two lists in unit then item order, merged in that order. */
export function mergedInOrder<T extends Pick<ItemAsOf, 'unitId' | 'itemId'>>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && (x.unitId < y.unitId || (x.unitId === y.unitId && x.itemId < y.itemId)))) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/**
 * The current items (of one unit, when given) in the shape of itemsAsOf: what it returns for any
 * date nothing is dated after (the Workers tests hold the two to the same answer).
 */
export async function currentItemsAsOf(db: D1Database, unitId?: number): Promise<ItemAsOf[]> {
  const rows = await db
    .prepare(
      `SELECT i.current_version_id, i.id, i.unit_id, i.key, v.description, i.category, i.deadline_kind, i.due, i.status, i.completed_on, i.vague,
         i.review_state, i.review_since, i.assigned_on
       FROM items i JOIN item_versions v ON v.id = i.current_version_id WHERE ?1 IS NULL OR i.unit_id = ?1 ORDER BY i.unit_id, i.id`,
    )
    .bind(unitId ?? null)
    .raw<[number, number, number, string, string, string, DeadlineKind, string | null, Status, string | null, number, string, string, string | null]>();
  return rows.map(([versionId, itemId, unitId, key, description, category, deadlineKind, due, status, completedOn, vague, reviewState, reviewSince, assignedOn]) => ({
    versionId, itemId, unitId, key, description, category, deadlineKind, due, status, completedOn, vague: vague === 1, reviewState, reviewSince, assignedOn,
  }));
}

/**
 * Items (of one unit, when given) as they stood on asOf (SPEC 12.2): read off the current state
 * when nothing is dated after asOf, else as asOfWay says.
 * @example await itemsOn(db, '2023-05-29', campaign, unitId)
 */
export async function itemsOn(db: D1Database, asOf: string, campaign: Campaign, unitId?: number, known?: KnownWay): Promise<ItemAsOf[]> {
  const way = await asOfWay(db, asOf, known);
  return way === 'present' ? currentItemsAsOf(db, unitId) : itemsAsOf(db, asOf, campaign, unitId, way);
}
