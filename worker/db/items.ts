import type { D1Database, D1PreparedStatement, D1Result } from '@cloudflare/workers-types';
import type { DeadlineKind, ItemReport, Status } from '../../shared/index.js';
import type { DatedGroup } from './unit-groups.js';
import { jsonChunks } from './json-chunks.js';
import { CHANGED, changedSince } from './changed-since.js';
import { decodeItem, textsOf, VERSION_TEXTS } from './item-codec.js';
import { commentOf, latestCommentOf, type LatestComments } from './comments.js';
import { approvedExtensionOf, approvedOf, type ApprovedExtensions } from './extensions.js';

/**
 * The 交办 dates of assigned items among these keys, each only where the item is its unit's
 * (`unitOf`: the unit whose row names the key) — every unit's in one statement a chunk.
 */
export async function assignedDates(db: D1Database, keys: readonly string[], unitOf: (key: string) => number): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const chunk of jsonChunks(keys)) {
    const rows = await db
      .prepare('SELECT key, unit_id, assigned_on FROM items WHERE assigned_on IS NOT NULL AND key IN (SELECT value FROM json_each(?))')
      .bind(chunk)
      .raw<[string, number, string]>();
    for (const [key, unit, on] of rows) if (unitOf(key) === unit) found.set(key, on);
  }
  return found;
}

/** What timeliness and review status read of an item, current or as it stood on a date (db/as-of.ts). */
export interface ItemFacts {
  unitId: number;
  category: string;
  deadlineKind: DeadlineKind;
  due: string | null;
  status: Status;
  completedOn: string | null;
  vague: boolean;
  reviewState: string;
  reviewSince: string;
  /** The first 交办 date, once assigned. */
  assignedOn: string | null;
}

/** A current item, narrow (so 100,000 of them read fast): `id` is the item's. */
export interface ItemState extends ItemFacts {
  id: number;
}

export interface ItemFilter {
  unitId?: number | undefined;
  category?: string | undefined;
  reviewState?: string | undefined;
}

const FILTER = '(?1 IS NULL OR unit_id = ?1) AND (?2 IS NULL OR category = ?2) AND (?3 IS NULL OR review_state = ?3)';

/** An item's place in the lists of items (unit, then item id): a page starts after it. */
export type ItemPlace = readonly [unitId: number, id: number];

/** A place as GET /items gives it (`next`) and takes it back (`after`). */
export const placeText = (place: ItemPlace) => `${place[0]}.${place[1]}`;
export const placeOf = (text: string): ItemPlace => text.split('.').map(Number) as unknown as ItemPlace;

/** Whether an item of this unit and id comes after `place` in the lists. */
export const isAfter = (unitId: number, id: number, place: ItemPlace) => unitId > place[0] || (unitId === place[0] && id > place[1]);

export type ItemPage = { limit: number; offset: number; after?: ItemPlace | null };
type StateRaw = [number, number, string, DeadlineKind, string | null, Status, string | null, number, string, string, string | null];
const STATE_COLUMNS = 'id, unit_id, category, deadline_kind, due, status, completed_on, vague, review_state, review_since, assigned_on';

/**
 * What the rules that depend on asOf (timeliness, review overdue) read of an item, in the
 * combinations those rules kept (worker/items-match.ts): an item is selected when it has one of
 * each list given. A county's items share a few thousand such combinations, not 100,000.
 */
export interface ItemMatch {
  /** [deadline_kind, due, status, completed_on] */
  dated?: readonly (readonly [DeadlineKind, string | null, Status, string | null])[] | undefined;
  /** [review_state, review_since] */
  reviewed?: readonly (readonly [string, string])[] | undefined;
}

// ?8 and ?9: a match's lists as JSON. A row value IN a subquery compares with =, so the NULLs of
// due and completed_on compare as ''; the subquery is read once, into an index of its own.
const MATCHED = `AND (?8 IS NULL OR (deadline_kind, COALESCE(due, ''), status, COALESCE(completed_on, ''))
    IN (SELECT value ->> 0, COALESCE(value ->> 1, ''), value ->> 2, COALESCE(value ->> 3, '') FROM json_each(?8)))
  AND (?9 IS NULL OR (review_state, review_since) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?9)))`;

/**
 * The items a filter (and a match) selects, in unit then arrival order: a page of them if asked,
 * after `after` if given (?4–?7); with `unchangedSince` (?10), only those not changed since that
 * date (changed-since.ts), their state today being their state then.
 */
function selected(columns: string, page?: ItemPage, match?: ItemMatch, unchangedSince?: string): string {
  const after = page?.after ? 'AND (unit_id > ?6 OR (unit_id = ?6 AND id > ?7))' : '';
  return `${withChanged(unchangedSince)}
    SELECT ${columns} FROM items WHERE ${FILTER} ${after} ${match ? MATCHED : ''} ${unchanged(unchangedSince)} ORDER BY unit_id, id ${page ? 'LIMIT ?4 OFFSET ?5' : ''}`;
}

const withChanged = (since?: string) => (since ? `WITH ${changedSince('?10', 'NULL')}` : '');
const unchanged = (since?: string) => (since ? 'AND key NOT IN (SELECT item_key FROM changed)' : '');

function selectedArgs(filter: ItemFilter, page?: ItemPage, match?: ItemMatch, unchangedSince?: string): unknown[] {
  const after = page?.after ?? null;
  const args = [filter.unitId ?? null, filter.category ?? null, filter.reviewState ?? null, ...(page ? [page.limit, page.offset] : []), ...(after ? [after[0], after[1]] : [])];
  if (!match && !unchangedSince) return args;
  // D1 binds as many values as the statement's highest number: the slots before ?8 and ?10 too.
  const json = (list: readonly unknown[] | undefined) => (list ? JSON.stringify(list) : null);
  return [...args, ...Array<null>(7 - args.length).fill(null), json(match?.dated), json(match?.reviewed), ...(unchangedSince ? [unchangedSince] : [])];
}

const stateOf = ([id, unitId, category, deadlineKind, due, status, completedOn, vague, reviewState, reviewSince, assignedOn]: StateRaw): ItemState => ({
  id, unitId, category, deadlineKind, due, status, completedOn, vague: vague === 1, reviewState, reviewSince, assignedOn,
});

/**
 * Current items (their latest versions), narrow, in unit then arrival order; a page of them if
 * asked, after `after` if given; only those of a match's combinations if given.
 */
export async function currentItemStates(db: D1Database, filter: ItemFilter = {}, page?: ItemPage, match?: ItemMatch): Promise<ItemState[]> {
  const rows = await db.prepare(selected(STATE_COLUMNS, page, match)).bind(...selectedArgs(filter, page, match)).raw<StateRaw>();
  return rows.map(stateOf);
}

/**
 * currentItemStates of the items not changed since a past date (their state then, changed-since.ts),
 * each with its current version's id: what GET /items lists of them as of that date.
 */
export async function unchangedItemStates(db: D1Database, asOf: string, filter: ItemFilter, page: ItemPage, match?: ItemMatch): Promise<(ItemState & { versionId: number })[]> {
  const rows = await db.prepare(selected(`${STATE_COLUMNS}, current_version_id`, page, match, asOf)).bind(...selectedArgs(filter, page, match, asOf)).raw<[...StateRaw, number]>();
  return rows.map((r) => ({ ...stateOf(r.slice(0, 11) as StateRaw), versionId: r[11] }));
}

/** An item's state columns as a batch answers them (objects, not raw arrays): stateOf's. */
type StateRow = {
  id: number; unit_id: number; category: string; deadline_kind: DeadlineKind; due: string | null; status: Status; completed_on: string | null;
  vague: number; review_state: string; review_since: string; assigned_on: string | null;
};

const stateOfRow = (r: StateRow): ItemState => stateOf([
  r.id, r.unit_id, r.category, r.deadline_kind, r.due, r.status, r.completed_on, r.vague, r.review_state, r.review_since, r.assigned_on,
]);

/** What the office said of listed items: its latest comments and their approved extensions, by key. */
export interface PageRemarks {
  comments: LatestComments;
  approved: ApprovedExtensions;
}

/** The remarks' columns of an item (its key the SQL `key`): `remark` and `approved`, read by remarksOf. */
const remarkColumns = (key: string) => `${latestCommentOf(key)} AS remark, ${approvedExtensionOf(key)} AS approved`;

/** Rows' remark columns (remarkColumns) as remarks by key. */
function remarksOf(rows: readonly { key: string; remark: string | null; approved: string | null }[]): PageRemarks {
  const remarks: PageRemarks = { comments: new Map(), approved: new Map() };
  for (const r of rows) {
    if (r.remark !== null) remarks.comments.set(r.key, commentOf(r.remark));
    if (r.approved !== null) remarks.approved.set(r.key, approvedOf(r.approved));
  }
  return remarks;
}

/** A page of today's items (its item ids, `id`), the rows its view lists of them, and the remarks on them. */
export type ListedPage = PageRemarks & (
  | { view: 'brief'; states: ItemState[]; rows: BriefItemRow[] }
  | { view: 'full'; states: ItemState[]; rows: CurrentItemRow[] });

/**
 * A page of current items as currentItemStates reads it, each with what its view lists
 * (briefItemsByIds's rows, or currentItemsByIds's) and the remarks on it (the latest comment, an
 * approved extension) in the same statement: the page is chosen first, then only its rows are
 * joined to their versions and units and their remarks looked up. Before, the rows waited for
 * the page's ids and the remarks for the rows' keys: three round trips in turn, now one.
 * listedPageOf reads its result.
 */
export function listedPageStatement(db: D1Database, view: ListedPage['view'], filter: ItemFilter, page: ItemPage, match?: ItemMatch): D1PreparedStatement {
  return db.prepare(listedPageSql(view, page, match)).bind(...listedPageArgs(filter, page, match));
}

/** listedPageStatement's SQL (the test that holds its query plan reads it with listedPageArgs). */
export function listedPageSql(view: ListedPage['view'], page: ItemPage, match?: ItemMatch): string {
  const columns = view === 'brief'
    ? 'p.key, u.name AS unit, v.description, v.status AS version_status'
    : `p.key, u.name AS unit, v.version, v.submission_id, s.file, v.sheet, v.item, v.item_key, v.description, v.category AS version_category, ${VERSION_TEXTS} AS texts`;
  return `SELECT ${STATE_COLUMNS.split(', ').map((c) => `p.${c}`).join(', ')}, ${columns},
       ${remarkColumns('p.key')}
     FROM (${selected(`${STATE_COLUMNS}, key, current_version_id`, page, match)}) p
     JOIN item_versions v ON v.id = p.current_version_id JOIN units u ON u.id = p.unit_id
     ${view === 'full' ? 'JOIN submissions s ON s.id = v.submission_id' : ''}
     ORDER BY p.unit_id, p.id`;
}

/** listedPageStatement's arguments. */
export const listedPageArgs = (filter: ItemFilter, page: ItemPage, match?: ItemMatch) => selectedArgs(filter, page, match);

/** listedPageStatement's result. */
export function listedPageOf(view: ListedPage['view'], result: D1Result<unknown>): ListedPage {
  type Listed = StateRow & {
    key: string; unit: string; description: string; version_status: Status; remark: string | null; approved: string | null;
    version: number; submission_id: string; file: string; sheet: string; item: string; item_key: string; version_category: string; texts: string;
  };
  const rows = result.results as Listed[];
  const states = rows.map(stateOfRow);
  const remarks = remarksOf(rows);
  if (view === 'brief') return { view, states, ...remarks, rows: rows.map((r) => ({ id: r.id, key: r.key, unit: r.unit, description: r.description, status: r.version_status })) };
  return {
    view,
    states,
    ...remarks,
    rows: rows.map((r) => ({
      id: r.id, key: r.key, unit: r.unit, version: r.version, submissionId: r.submission_id, file: r.file, sheet: r.sheet,
      item: decodeItem(r.item, { key: r.item_key, description: r.description, category: r.version_category, sheet: r.sheet, file: r.file }, textsOf(r.texts)),
    })),
  };
}

/** countItems as a statement (its result's first row's `n`). */
export function countStatement(db: D1Database, filter: ItemFilter = {}, match?: ItemMatch, unchangedSince?: string): D1PreparedStatement {
  return db.prepare(`${withChanged(unchangedSince)} SELECT COUNT(*) AS n FROM items WHERE ${FILTER} ${match ? MATCHED : ''} ${unchanged(unchangedSince)}`)
    .bind(...selectedArgs(filter, undefined, match, unchangedSince));
}

export async function countItems(db: D1Database, filter: ItemFilter = {}, match?: ItemMatch, unchangedSince?: string): Promise<number> {
  return (await countStatement(db, filter, match, unchangedSince).first<number>('n')) ?? 0;
}

export interface CurrentItemRow {
  id: number;
  key: string;
  unit: string;
  version: number;
  submissionId: string;
  file: string;
  sheet: string;
  item: ItemReport;
}

/**
 * The current versions of these items, in the order given; or, with `byVersion`, these
 * versions (an item as it stood on a past date), `id` then being the version's. With each, the
 * remarks on its item (as listedPageStatement reads them): one round trip, not two in turn.
 */
export async function currentItemsByIds(db: D1Database, ids: readonly number[], byVersion = false): Promise<{ rows: CurrentItemRow[] } & PageRemarks> {
  if (ids.length === 0) return { rows: [], ...remarksOf([]) };
  const named = versionsNamed(byVersion);
  const rows = await db
    .prepare(
      `SELECT ${named.id}, i.key, u.name, v.version, v.submission_id, s.file, v.sheet, v.item,
         v.item_key, v.description, v.category, ${VERSION_TEXTS}, ${remarkColumns('i.key')}
       FROM ${named.from} JOIN submissions s ON s.id = v.submission_id
       WHERE ${named.id} IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify(ids))
    .raw<[number, string, string, number, string, string, string, string, string, string, string, string, string | null, string | null]>();
  return {
    rows: inOrder(ids, rows.map(([id, key, unit, version, submissionId, file, sheet, item, itemKey, description, category, texts]) => (
      { id, key, unit, version, submissionId, file, sheet, item: decodeItem(item, { key: itemKey, description, category, sheet, file }, textsOf(texts)) }
    ))),
    ...remarksOf(rows.map((r) => ({ key: r[1], remark: r[12], approved: r[13] }))),
  };
}

/**
 * The versions a list of ids names, as SQL (`i` the item, `v` the version, `u` the unit): the
 * items' current versions, or with `byVersion` (an item as it stood on a past date) those versions.
 */
function versionsNamed(byVersion: boolean): { id: string; from: string } {
  return {
    id: byVersion ? 'v.id' : 'i.id',
    from: `items i JOIN item_versions v ON ${byVersion ? 'v.item_key = i.key' : 'v.id = i.current_version_id'} JOIN units u ON u.id = i.unit_id`,
  };
}

/** Rows in the order of `ids` (an id no longer found is left out). */
function inOrder<T extends { id: number }>(ids: readonly number[], rows: readonly T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

export interface BriefItemRow {
  id: number;
  key: string;
  unit: string;
  description: string;
  status: Status;
}

/**
 * currentItemsByIds for the brief view: key, unit, description and status only, so no version's
 * item JSON is read or decoded (most of a page's time in a large county); the remarks with them.
 */
export async function briefItemsByIds(db: D1Database, ids: readonly number[], byVersion = false): Promise<{ rows: BriefItemRow[] } & PageRemarks> {
  if (ids.length === 0) return { rows: [], ...remarksOf([]) };
  const named = versionsNamed(byVersion);
  const rows = await db
    .prepare(`SELECT ${named.id}, i.key, u.name, v.description, v.status, ${remarkColumns('i.key')} FROM ${named.from} WHERE ${named.id} IN (SELECT value FROM json_each(?))`)
    .bind(JSON.stringify(ids))
    .raw<[number, string, string, string, Status, string | null, string | null]>();
  return {
    rows: inOrder(ids, rows.map(([id, key, unit, description, status]) => ({ id, key, unit, description, status }))),
    ...remarksOf(rows.map((r) => ({ key: r[1], remark: r[5], approved: r[6] }))),
  };
}

export interface ItemRow {
  key: string;
  unit_id: number;
  unit: string;
  current_version_id: number;
  versions: number;
  status: string;
  has_evidence: number;
  review_state: string;
  review_since: string;
  /** The first 交办 date, once assigned. */
  assigned_on: string | null;
}

/** An item's row (its unit's name beside it) by key, as a statement: history reads it in its batch. */
export function findItemStatement(db: D1Database, key: string): D1PreparedStatement {
  return db.prepare(
    `SELECT i.key, i.unit_id, u.name AS unit, i.current_version_id, i.versions, i.status, i.has_evidence, i.review_state, i.review_since, i.assigned_on
     FROM items i JOIN units u ON u.id = i.unit_id WHERE i.key = ?`,
  ).bind(key);
}

export function findItem(db: D1Database, key: string): Promise<ItemRow | null> {
  return findItemStatement(db, key).first<ItemRow>();
}

/**
 * An item every version of which was withdrawn: no current state, but its history stays
 * readable (its unit from its versions, its review state from its last event).
 */
export function findPastItem(db: D1Database, key: string): Promise<ItemRow | null> {
  return db
    .prepare(
      `SELECT v.item_key AS key, v.unit_id, u.name AS unit, 0 AS current_version_id, MAX(v.version) AS versions, v.status, v.has_evidence,
         COALESCE((SELECT r.to_state FROM reviews r WHERE r.item_key = v.item_key ORDER BY r.id DESC LIMIT 1), 'pending') AS review_state,
         COALESCE((SELECT r.decided_on FROM reviews r WHERE r.item_key = v.item_key ORDER BY r.id DESC LIMIT 1), MIN(s.submitted_on)) AS review_since
       FROM item_versions v JOIN units u ON u.id = v.unit_id JOIN submissions s ON s.id = v.submission_id
       WHERE v.item_key = ? GROUP BY v.item_key`,
    )
    .bind(key)
    .first<ItemRow>();
}

/** Every version of an item, oldest first, every review event and every timeliness change: three statements (historyOf reads their results). */
export function historyStatements(db: D1Database, key: string): D1PreparedStatement[] {
  return [
    db.prepare(
      `SELECT v.version, v.submission_id, s.submitted_at, s.file, v.sheet, v.item, s.withdrawn_at, s.withdrawn_by, s.withdraw_reason,
         v.item_key, v.description, v.category, ${VERSION_TEXTS} AS texts
       FROM item_versions v JOIN submissions s ON s.id = v.submission_id WHERE v.item_key = ? ORDER BY v.version`,
    ).bind(key),
    db.prepare(
      `SELECT r.decision, r.from_state, r.to_state, r.comment, r.actor, r.decided_at, r.decided_on, r.round_id, v.version FROM reviews r
       JOIN item_versions v ON v.id = r.version_id WHERE r.item_key = ? ORDER BY r.id`,
    ).bind(key),
    db.prepare('SELECT changed_on, from_state, to_state FROM timeliness_changes WHERE item_key = ? ORDER BY id').bind(key),
  ];
}

/** An item's history from historyStatements' results. */
export function historyOf([versions, reviews, changes]: readonly D1Result<unknown>[]) {
  type Stored = {
    version: number; submission_id: string; submitted_at: string; file: string; sheet: string; item: string;
    withdrawn_at: string | null; withdrawn_by: string | null; withdraw_reason: string | null;
    item_key: string; description: string; category: string; texts: string;
  };
  return {
    versions: (versions!.results as Stored[]).map(({ item_key, description, category, texts, ...v }) => ({
      ...v, item: decodeItem(v.item, { key: item_key, description, category, sheet: v.sheet, file: v.file }, textsOf(texts)),
    })),
    reviews: reviews!.results as {
      decision: string; from_state: string; to_state: string; comment: string; actor: string; decided_at: string; decided_on: string; round_id: number | null; version: number;
    }[],
    changes: changes!.results as { changed_on: string; from_state: string | null; to_state: string }[],
  };
}

export interface GroupedItem {
  id: number;
  unitId: number;
  key: string;
  description: string;
  deadlineKind: DeadlineKind;
  due: string | null;
  status: Status;
  completedOn: string | null;
}

/**
 * The current items that fall in these groups (exact matches, nulls included), in unit then
 * arrival order; with `unchangedSince`, only those not changed since that date (changed-since.ts).
 */
export async function itemsInGroups(db: D1Database, groups: readonly DatedGroup[], unchangedSince?: string): Promise<GroupedItem[]> {
  const out: GroupedItem[] = [];
  for (const chunk of jsonChunks(groups.map((g) => [g.unitId, g.deadlineKind, g.due, g.status, g.completedOn]))) {
    const rows = await db
      .prepare(
        `${unchangedSince ? `WITH ${CHANGED}` : ''}
         SELECT i.id, i.unit_id, i.key, v.description, i.deadline_kind, i.due, i.status, i.completed_on
         FROM json_each(?3) g
         JOIN items i ON i.unit_id = g.value ->> 0 AND i.deadline_kind = g.value ->> 1 AND i.due IS g.value ->> 2
           AND i.status = g.value ->> 3 AND i.completed_on IS g.value ->> 4
         JOIN item_versions v ON v.id = i.current_version_id
         ${unchangedSince ? 'WHERE i.key NOT IN (SELECT item_key FROM changed)' : ''}
         ORDER BY i.unit_id, i.id`,
      )
      .bind(unchangedSince ?? null, null, chunk)
      .raw<[number, number, string, string, DeadlineKind, string | null, Status, string | null]>();
    for (const [id, unitId, key, description, deadlineKind, due, status, completedOn] of rows) {
      out.push({ id, unitId, key, description, deadlineKind, due, status, completedOn });
    }
  }
  return out.sort((a, b) => a.unitId - b.unitId || a.id - b.id);
}
