import type { D1Database } from '@cloudflare/workers-types';
import type { Campaign } from '../../shared/index.js';
import { asOfWay, changedAsOf, type AsOfWay, itemsAsOfRebuilt, itemsOf, type AsOfRow, type ItemAsOf, type KnownWay } from './as-of.js';
import { CHANGED } from './changed-since.js';
import { listRounds, roundCounts, type RoundRow } from './rounds.js';
import { timeline, type Timeline } from './timeline.js';
import { itemGroups, itemGroupsWith, type DatedGroup, type FacetGroup } from './unit-groups.js';
import { listUnits, type UnitRow } from './units.js';

export type { DatedGroup, FacetGroup } from './unit-groups.js';

export interface SubmissionFacts {
  firstSubmittedOn: string;
  lastSubmittedAt: string;
  versions: number;
  /** The earliest fill date the unit wrote on a submitted ledger (填报时间). */
  fillDate: string | null;
  /** The unit's first submission by its own token (a county upload is never the unit's date). */
  ownFirstSubmittedOn: string | null;
}

export interface PairRow {
  similarity: number;
  a: { unitId: number; key: string; description: string };
  b: { unitId: number; key: string; description: string };
}

export interface CountyFacts {
  units: UnitRow[];
  submissions: Map<number, SubmissionFacts>;
  dated: DatedGroup[];
  facets: FacetGroup[];
  pairs: PairRow[];
  notices: Map<number, number>;
  /** Notices apart by kind: 工作提示 (notice) and 催办 (reminder). */
  noticesByKind: Map<number, { notice: number; reminder: number }>;
  interviews: Map<number, { count: number; people: number }>;
  timeline: Timeline;
  rounds: RoundRow[];
  roundCounts: { roundId: number; decision: string | null; items: number }[];
}

// A near-duplicate pair counts while both of its versions are their items' current ones.
const CURRENT_PAIRS = `
SELECT nd.similarity, a.unit_id AS a_unit, a.key AS a_key, va.description AS a_text,
  b.unit_id AS b_unit, b.key AS b_key, vb.description AS b_text
FROM near_duplicates nd
JOIN items a ON a.current_version_id = nd.version_id JOIN item_versions va ON va.id = nd.version_id
JOIN items b ON b.current_version_id = nd.other_version_id JOIN item_versions vb ON vb.id = nd.other_version_id
ORDER BY a.unit_id, a.id`;

type Rows<T> = { results: T[] };

/** Items counted into groups the two ways itemGroups groups them, items or groups added and taken out. */
class GroupCounts {
  private readonly dated = new Map<string, DatedGroup>();
  private readonly facets = new Map<string, FacetGroup>();

  addDated(g: Omit<DatedGroup, 'n'>, n: number): void {
    const id = `${g.unitId}|${g.deadlineKind}|${g.due}|${g.status}|${g.completedOn}`;
    const had = this.dated.get(id);
    if (had) had.n += n;
    else this.dated.set(id, { unitId: g.unitId, deadlineKind: g.deadlineKind, due: g.due, status: g.status, completedOn: g.completedOn, n });
  }

  addFacet(g: Omit<FacetGroup, 'n'>, n: number): void {
    const id = `${g.unitId}|${g.category}|${g.reviewState}|${g.reviewSince}|${g.vague}`;
    const had = this.facets.get(id);
    if (had) had.n += n;
    else this.facets.set(id, { unitId: g.unitId, category: g.category, reviewState: g.reviewState, reviewSince: g.reviewSince, vague: g.vague, n });
  }

  addItems(items: readonly ItemAsOf[]): this {
    for (const i of items) {
      this.addDated(i, 1);
      this.addFacet(i, 1);
    }
    return this;
  }

  /** The groups with items in them. */
  groups(): { dated: DatedGroup[]; facets: FacetGroup[] } {
    return { dated: [...this.dated.values()].filter((g) => g.n > 0), facets: [...this.facets.values()].filter((g) => g.n > 0) };
  }
}

/** The items as of a past date, grouped the same two ways as itemGroups (SPEC 12.2, point in time). */
export function groupItems(items: readonly ItemAsOf[]): { dated: DatedGroup[]; facets: FacetGroup[] } {
  return new GroupCounts().addItems(items).groups();
}

// Today's groups of the items changed since ?1 (changed-since.ts; ?2 no unit): taken out of
// today's kept groups, and those items as they stood on ?1 put in, give the groups of ?1.
const CHANGED_NOW_DATED = `WITH ${CHANGED}
SELECT unit_id, deadline_kind, due, status, completed_on, COUNT(*) AS n FROM items WHERE key IN (SELECT item_key FROM changed)
GROUP BY unit_id, deadline_kind, due, status, completed_on`;
const CHANGED_NOW_FACETS = `WITH ${CHANGED}
SELECT unit_id, category, review_state, review_since, vague, COUNT(*) AS n FROM items WHERE key IN (SELECT item_key FROM changed)
GROUP BY unit_id, category, review_state, review_since, vague`;

// Every near-duplicate pair with its versions, for a past date (kept while both are current then).
const ALL_PAIRS = `
SELECT nd.similarity, va.unit_id AS a_unit, va.item_key AS a_key, va.description AS a_text,
  vb.unit_id AS b_unit, vb.item_key AS b_key, vb.description AS b_text, nd.version_id AS a_version, nd.other_version_id AS b_version
FROM near_duplicates nd JOIN item_versions va ON va.id = nd.version_id JOIN item_versions vb ON vb.id = nd.other_version_id
ORDER BY va.unit_id, va.id`;

// ALL_PAIRS with each side's item's current version, and whether it changed since ?1 (CHANGED);
// only the pairs whose sides may both be current then: each side's version today's, or one of an
// item changed since (a county keeps many more pairs of versions long replaced).
const ALL_PAIRS_CHANGED = `WITH ${CHANGED}, cv AS MATERIALIZED (SELECT v.id FROM changed c CROSS JOIN item_versions v ON v.item_key = c.item_key)
SELECT nd.similarity, va.unit_id AS a_unit, va.item_key AS a_key, va.description AS a_text,
  vb.unit_id AS b_unit, vb.item_key AS b_key, vb.description AS b_text, nd.version_id AS a_version, nd.other_version_id AS b_version,
  ia.current_version_id AS a_now, ib.current_version_id AS b_now,
  va.item_key IN (SELECT item_key FROM changed) AS a_changed, vb.item_key IN (SELECT item_key FROM changed) AS b_changed
FROM near_duplicates nd JOIN item_versions va ON va.id = nd.version_id JOIN item_versions vb ON vb.id = nd.other_version_id
LEFT JOIN items ia ON ia.key = va.item_key LEFT JOIN items ib ON ib.key = vb.item_key
-- Each pair tested (the unary + keeps workerd's SQLite from walking every current version instead).
WHERE (+nd.version_id IN (SELECT current_version_id FROM items) OR +nd.version_id IN (SELECT id FROM cv))
  AND (+nd.other_version_id IN (SELECT current_version_id FROM items) OR +nd.other_version_id IN (SELECT id FROM cv))
ORDER BY va.unit_id, va.id`;

type PairSql = {
  similarity: number; a_unit: number; a_key: string; a_text: string; b_unit: number; b_key: string; b_text: string;
  a_version?: number; b_version?: number; a_now?: number | null; b_now?: number | null; a_changed?: number; b_changed?: number;
};

/**
 * The items' groups and near-duplicate pairs as of asOf. Today's when nothing is dated after
 * asOf (each unit's groups, kept: unit-groups.ts; `groupsNow` is for the bench's baseline).
 * Else today's groups with the items changed since taken out and put back as they stood then
 * (changed-since.ts), all read in one batch: the days since asOf cost what they changed, where
 * rebuilding all 100,000 items took ~1.9 s; rebuilt when most came after asOf (asOfWay), or
 * when `ways` asks (the tests and the bench hold the two to one answer).
 */
async function itemFacts(db: D1Database, asOf: string, campaign: Campaign, way: AsOfWay, ways: FactsWays): Promise<{ dated: DatedGroup[]; facets: FacetGroup[]; pairs: PairSql[] }> {
  if (way === 'present') {
    const [groups, pairs] = await Promise.all([(ways.groupsNow ?? itemGroups)(db), db.prepare(CURRENT_PAIRS).all<PairSql>()]);
    return { dated: groups.dated, facets: groups.facets, pairs: pairs.results };
  }
  if (way === 'rebuilt') {
    const past = await itemsAsOfRebuilt(db, asOf, campaign);
    const current = new Set(past.map((i) => i.versionId));
    const pairs = (await db.prepare(ALL_PAIRS).all<PairSql>()).results;
    return { ...groupItems(past), pairs: pairs.filter((r) => current.has(r.a_version!) && current.has(r.b_version!)) };
  }
  const also = [changedAsOf(db, asOf), db.prepare(CHANGED_NOW_DATED).bind(asOf, null), db.prepare(CHANGED_NOW_FACETS).bind(asOf, null), db.prepare(ALL_PAIRS_CHANGED).bind(asOf, null)];
  const now = await itemGroupsWith(db, also);
  const [then, nowDated, nowFacets, pairs] = (now.also as { results: unknown[] }[]).map((r) => r.results) as [AsOfRow[], ChangedGroupRow[], ChangedGroupRow[], PairSql[]];
  const counts = new GroupCounts();
  for (const g of now.dated) counts.addDated(g, g.n);
  for (const g of now.facets) counts.addFacet(g, g.n);
  for (const r of nowDated) counts.addDated({ unitId: r.unit_id, deadlineKind: r.deadline_kind, due: r.due, status: r.status, completedOn: r.completed_on }, -r.n);
  for (const r of nowFacets) counts.addFacet({ unitId: r.unit_id, category: r.category, reviewState: r.review_state, reviewSince: r.review_since, vague: r.vague === 1 }, -r.n);
  const changedThen = itemsOf(then, campaign);
  counts.addItems(changedThen);
  // A pair's side is current on asOf: the item's version then (changed since) or now (not changed).
  const versionThen = new Map(changedThen.map((i) => [i.key, i.versionId]));
  const current = (key: string, version: number, changed: number, now: number | null | undefined) => (changed ? versionThen.get(key) === version : now === version);
  return { ...counts.groups(), pairs: pairs.filter((r) => current(r.a_key, r.a_version!, r.a_changed!, r.a_now) && current(r.b_key, r.b_version!, r.b_changed!, r.b_now)) };
}

/** A grouped row of CHANGED_NOW_DATED / CHANGED_NOW_FACETS (each has the columns of its grouping). */
type ChangedGroupRow = {
  unit_id: number; deadline_kind: DatedGroup['deadlineKind']; due: string | null; status: DatedGroup['status']; completed_on: string | null;
  category: string; review_state: string; review_since: string; vague: number; n: number;
};

/** Other ways countyFacts reads the items, for the bench's baselines and the tests. */
export interface FactsWays {
  /** Today's groups read another way. */
  groupsNow?: ((db: D1Database) => Promise<{ dated: DatedGroup[]; facets: FacetGroup[] }>) | undefined;
  /** A past date's items read this way, whatever asOfWay says. */
  way?: 'changed' | 'rebuilt' | undefined;
  /** asOfWay's answer, read already (routes/view-reads.ts). */
  known?: KnownWay | undefined;
}

/**
 * Everything the county summary is computed from, as of a date: submissions stored, decisions
 * taken (decidedOn), notices sent and interviews held by then; the items as they stood then
 * (itemFacts).
 */
export async function countyFacts(db: D1Database, asOf: string, campaign: Campaign, ways: FactsWays = {}): Promise<CountyFacts> {
  const found = await asOfWay(db, asOf, ways.known);
  const way = found !== 'present' && ways.way ? ways.way : found;
  const [units, items, batch, days, rounds, perRound] = await Promise.all([
    listUnits(db),
    itemFacts(db, asOf, campaign, way, ways),
    db.batch([
      db.prepare(
        `SELECT s.unit_id, MIN(s.submitted_on) AS first, MAX(s.submitted_at) AS last, COUNT(*) AS versions, MIN(s.fill_date) AS fill,
           MIN(CASE WHEN t.role = 'unit' THEN s.submitted_on END) AS own
         FROM submissions s JOIN tokens t ON t.id = s.token_id WHERE s.withdrawn_at IS NULL AND s.submitted_on <= ?1 GROUP BY s.unit_id`,
      ).bind(asOf),
      // A robot notice whose delivery failed was not sent (yet): it counts once delivered.
      db.prepare("SELECT unit_id, kind, COUNT(*) AS n FROM notices WHERE sent_on <= ?1 AND delivery IS NOT 'failed' GROUP BY unit_id, kind").bind(asOf),
      db.prepare('SELECT unit_id, COUNT(*) AS n, SUM(people) AS people FROM interviews WHERE held_on <= ?1 GROUP BY unit_id').bind(asOf),
    ]),
    timeline(db, asOf),
    listRounds(db, asOf),
    roundCounts(db, asOf),
  ]);
  const [subs, notices, interviews] = batch as unknown as [
    Rows<{ unit_id: number; first: string; last: string; versions: number; fill: string | null; own: string | null }>,
    Rows<{ unit_id: number; kind: 'notice' | 'reminder'; n: number }>,
    Rows<{ unit_id: number; n: number; people: number }>,
  ];
  return {
    units,
    dated: items.dated,
    facets: items.facets,
    submissions: new Map(subs.results.map((r) => [r.unit_id, { firstSubmittedOn: r.first, lastSubmittedAt: r.last, versions: r.versions, fillDate: r.fill, ownFirstSubmittedOn: r.own }])),
    pairs: items.pairs.map((r) => ({
      similarity: r.similarity,
      a: { unitId: r.a_unit, key: r.a_key, description: r.a_text },
      b: { unitId: r.b_unit, key: r.b_key, description: r.b_text },
    })),
    notices: new Map(notices.results.map((r) => [r.unit_id, notices.results.filter((o) => o.unit_id === r.unit_id).reduce((n, o) => n + o.n, 0)])),
    noticesByKind: new Map(notices.results.map((r) => [r.unit_id, {
      notice: notices.results.find((o) => o.unit_id === r.unit_id && o.kind === 'notice')?.n ?? 0,
      reminder: notices.results.find((o) => o.unit_id === r.unit_id && o.kind === 'reminder')?.n ?? 0,
    }])),
    interviews: new Map(interviews.results.map((r) => [r.unit_id, { count: r.n, people: r.people }])),
    timeline: days,
    rounds,
    roundCounts: perRound,
  };
}
