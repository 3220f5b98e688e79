import type { D1Database } from '@cloudflare/workers-types';
import type { Campaign } from '../../shared/index.js';
import { currentIsAsOf, itemsAsOf, type ItemAsOf } from './as-of.js';
import { listRounds, roundCounts, type RoundRow } from './rounds.js';
import { timeline, type Timeline } from './timeline.js';
import { itemGroups, type DatedGroup, type FacetGroup } from './unit-groups.js';
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

/** The items as of a past date, grouped the same two ways as itemGroups (SPEC 12.2, point in time). */
export function groupItems(items: readonly ItemAsOf[]): { dated: DatedGroup[]; facets: FacetGroup[] } {
  const dated = new Map<string, DatedGroup>();
  const facets = new Map<string, FacetGroup>();
  for (const i of items) {
    const d = `${i.unitId}|${i.deadlineKind}|${i.due}|${i.status}|${i.completedOn}`;
    const g = dated.get(d);
    if (g) g.n++;
    else dated.set(d, { unitId: i.unitId, deadlineKind: i.deadlineKind, due: i.due, status: i.status, completedOn: i.completedOn, n: 1 });
    const f = `${i.unitId}|${i.category}|${i.reviewState}|${i.reviewSince}|${i.vague}`;
    const h = facets.get(f);
    if (h) h.n++;
    else facets.set(f, { unitId: i.unitId, category: i.category, reviewState: i.reviewState, reviewSince: i.reviewSince, vague: i.vague, n: 1 });
  }
  return { dated: [...dated.values()], facets: [...facets.values()] };
}

// Every near-duplicate pair with its versions, for a past date (kept while both are current then).
const ALL_PAIRS = `
SELECT nd.similarity, va.unit_id AS a_unit, va.item_key AS a_key, va.description AS a_text,
  vb.unit_id AS b_unit, vb.item_key AS b_key, vb.description AS b_text, nd.version_id AS a_version, nd.other_version_id AS b_version
FROM near_duplicates nd JOIN item_versions va ON va.id = nd.version_id JOIN item_versions vb ON vb.id = nd.other_version_id
ORDER BY va.unit_id, va.id`;

/**
 * Everything the county summary is computed from, as of a date: submissions stored, decisions
 * taken (decidedOn), notices sent and interviews held by then. When nothing is dated after
 * asOf the items' current state is read (each unit's groups, kept: unit-groups.ts; `groupsNow` is
 * for the bench's baseline); else each item's state on that date is rebuilt from its versions
 * and review events.
 */
export async function countyFacts(db: D1Database, asOf: string, campaign: Campaign, groupsNow: typeof itemGroups = itemGroups): Promise<CountyFacts> {
  const present = await currentIsAsOf(db, asOf);
  const past = present ? null : await itemsAsOf(db, asOf, campaign);
  const current = past ? new Set(past.map((i) => i.versionId)) : null;
  const [units, groups, batch, days, rounds, perRound] = await Promise.all([
    listUnits(db),
    past ? groupItems(past) : groupsNow(db),
    db.batch([
      db.prepare(
        `SELECT s.unit_id, MIN(s.submitted_on) AS first, MAX(s.submitted_at) AS last, COUNT(*) AS versions, MIN(s.fill_date) AS fill,
           MIN(CASE WHEN t.role = 'unit' THEN s.submitted_on END) AS own
         FROM submissions s JOIN tokens t ON t.id = s.token_id WHERE s.withdrawn_at IS NULL AND s.submitted_on <= ?1 GROUP BY s.unit_id`,
      ).bind(asOf),
      db.prepare(past ? ALL_PAIRS : CURRENT_PAIRS),
      // A robot notice whose delivery failed was not sent (yet): it counts once delivered.
      db.prepare("SELECT unit_id, kind, COUNT(*) AS n FROM notices WHERE sent_on <= ?1 AND delivery IS NOT 'failed' GROUP BY unit_id, kind").bind(asOf),
      db.prepare('SELECT unit_id, COUNT(*) AS n, SUM(people) AS people FROM interviews WHERE held_on <= ?1 GROUP BY unit_id').bind(asOf),
    ]),
    timeline(db, asOf),
    listRounds(db, asOf),
    roundCounts(db, asOf),
  ]);
  const [subs, pairs, notices, interviews] = batch as unknown as [
    Rows<{ unit_id: number; first: string; last: string; versions: number; fill: string | null; own: string | null }>,
    Rows<{ similarity: number; a_unit: number; a_key: string; a_text: string; b_unit: number; b_key: string; b_text: string; a_version?: number; b_version?: number }>,
    Rows<{ unit_id: number; kind: 'notice' | 'reminder'; n: number }>,
    Rows<{ unit_id: number; n: number; people: number }>,
  ];
  return {
    units,
    ...groups,
    submissions: new Map(subs.results.map((r) => [r.unit_id, { firstSubmittedOn: r.first, lastSubmittedAt: r.last, versions: r.versions, fillDate: r.fill, ownFirstSubmittedOn: r.own }])),
    pairs: pairs.results.filter((r) => !current || (current.has(r.a_version!) && current.has(r.b_version!))).map((r) => ({
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
