import type { D1Database } from '@cloudflare/workers-types';
import { jsonChunks } from './json-chunks.js';
import { SEQS, seqsOf } from './near-index.js';
import { hitStatements, NEAR_HITS_SQL, type HitRow } from './near-probe-hits.js';
import { SurvivorList } from '../near-survivor-list.js';
import { SharedAsks, sharedPostings, sharedSurvivors, VersionTable, type SharedPostings } from '../near-shared-tally.js';
import { checkSurvivors, NEAR_SURVIVORS_SQL, type SurvivorOptions } from './near-survivors.js';
import { NEAR_OWN_SQL, ownStatement, ownTargets } from './near-own.js';

// The probe of the near-duplicate index (migration 0007, shared/near-signature.ts): which other
// units' current versions may be similar to a submission's items. Exact: never drops a pair the
// core would find. Every lookup reads both forms of postings: the lists (0017) and the recent
// postings not merged into them yet (0012, near-merge.ts).

/**
 * One probing item: its number (`item`), size, unit, and its bigrams' seqs in the index order
 * (0 for a bigram not stored yet: in no stored set). Its lookups come from the plan of its size.
 */
export type ProbeItem = [item: number, n: number, unitId: number, seqs: number[]];

/** The lookups of the items' sizes (shared/near-signature.ts nearProbePlan): [n, at, pos, lo, hi]. */
export type ProbePlanRow = [n: number, at: number, pos: number, lo: number, hi: number];

// The probe's inputs as tables, read once: each item's stored bigrams with their positions (xs),
// and its lookups (q): its bigram at each position its size's plan asks, against stored sets
// holding it at `pos`, of sizes lo..hi. CASTs give integer affinity, so automatic indexes serve
// the joins on these columns. (The bench's count of postings read, probeReads.)
const PROBE_INPUT = `
WITH plan AS MATERIALIZED (
  SELECT CAST(pl.value ->> 0 AS INTEGER) AS n, CAST(pl.value ->> 1 AS INTEGER) AS at, pl.value ->> 2 AS pos, pl.value ->> 3 AS lo, pl.value ->> 4 AS hi
  FROM json_each(?2) pl
), xs AS MATERIALIZED (
  SELECT CAST(j.value ->> 0 AS INTEGER) AS item, CAST(j.value ->> 1 AS INTEGER) AS n, CAST(j.value ->> 2 AS INTEGER) AS unit_id,
    CAST(t.value AS INTEGER) AS token, t.key + 1 AS at
  FROM json_each(?1) j, json_each(j.value -> 3) t WHERE t.value > 0
), q AS MATERIALIZED (
  SELECT xs.item, xs.n, xs.unit_id, xs.token, xs.at, CAST(plan.pos AS INTEGER) AS pos, plan.lo, plan.hi
  FROM xs CROSS JOIN plan ON plan.n = xs.n AND plan.at = xs.at
)`;

// A large submission (a unit's whole ledger, an aggregate) shares most lookups between its
// items: each distinct (token, position) is read once, over the sizes any of its items asks (the
// caller counts the hits per item), whatever the number of items and units. The lookups are read
// out of their JSON once (MATERIALIZED): taken from the JSON at each posting, SQLite parsed a
// lookup's array again for every posting it compared (40,000 lookups of the kept county of
// 100,000 in the sqlite3 CLI: 0.74 s against 2.79 s). A row per lookup, its postings as one text
// (near-shared-tally.ts sharedPostings reads it): for each list (0017) and recent posting in its
// range, `size:ids`, joined by ';' (its position is the lookup's). The recent postings carry
// their units but are read as the lists are: the items' own units' versions are left out after
// the count (near-own.ts).
const READ_SHARED = `
WITH q AS MATERIALIZED (
  SELECT key, value ->> 0 AS token, value ->> 1 AS pos, value ->> 2 AS lo, value ->> 3 AS hi FROM json_each(?1)
)
SELECT q.key, (SELECT group_concat(size || ':' || ids, ';') FROM (
    SELECT l.size, l.ids FROM near_lists l
    WHERE l.token = q.token AND l.pos = q.pos AND l.size BETWEEN q.lo AND q.hi
    UNION ALL
    SELECT nr.size, nr.version_id FROM near_postings_recent nr
    WHERE nr.token = q.token AND nr.pos = q.pos AND nr.size BETWEEN q.lo AND q.hi)) AS list
FROM q`;

/** Above this many lookups a submission reads each shared lookup once (probeShared). */
export const SHARED_LOOKUPS = 20_000;

/**
 * How a probe reads its postings: `hits`, each lookup's versions as one list, counted in the
 * Worker per item (near-probe-hits.ts; a small submission's way); `shared`, each distinct lookup
 * read once over all items (a large submission's way).
 */
export type ProbeWay = 'hits' | 'shared';

/**
 * The seqs of more bigrams (a pending version's), and the stored versions the probe keeps for
 * `threshold`. `lookups` (their count) picks the way unless `way` says; `plan` gives each
 * size's lookups; `wholeSets: false` checks pairs from their prefixes alone (0008's way, bench);
 * `cache` keeps the survivors' whole sets between submissions (near-set-cache.ts); `sharedRows`, the
 * lookups a shared read takes (SHARED_ROWS; tests make it small); `mark`, the
 * bench's trace, is awaited after each step (an I/O: workerd's clock then moves past the step).
 */
export async function probeIndex(
  db: D1Database, items: readonly ProbeItem[], plan: ReadonlyMap<number, readonly ProbePlanRow[]>, lookups: number, threshold: number,
  moreBigrams: readonly string[], options: { way?: ProbeWay; setsAtOnce?: boolean; sharedRows?: number; mark?: (step: string) => Promise<void> } & SurvivorOptions = {},
): Promise<{ kept: number[]; seqs: Map<string, number>; pairs: number }> {
  const way = options.way ?? (lookups > SHARED_LOOKUPS ? 'shared' : 'hits');
  const wholeSets = options.wholeSets ?? true;
  const survivorOptions: SurvivorOptions = { wholeSets, atOnce: options.setsAtOnce, cache: options.cache ?? null, sketches: options.sketches, sketchFrom: options.sketchFrom, alongside: options.alongside, alongsideMax: options.alongsideMax };
  const mark = options.mark ?? (async () => {});
  const seqStatements = jsonChunks(moreBigrams).map((chunk) => db.prepare(SEQS).bind(chunk));
  const hits = way === 'hits' ? hitStatements(db, items, plan, threshold) : null;
  const statements = hits?.statements ?? [];
  // The items' units' own targets, read beside the lookups (the small way's filter).
  const all = [...statements, ...seqStatements, ...(hits ? [ownStatement(db, items.map((it) => it[2]))] : [])];
  await mark('lookups built');
  const [results, kept] = await Promise.all([
    all.length ? db.batch<Record<string, unknown>>(all) : Promise.resolve([]),
    way === 'shared' ? probeShared(db, items, plan, threshold, survivorOptions, options.sharedRows) : Promise.resolve([]),
  ]);
  await mark('postings read');
  const rows = results.slice(0, statements.length).map((r) => r.results);
  const own = hits ? ownTargets(results.at(-1)!.results as unknown as { unit: number; ids: string | null }[]) : new Map<number, Set<number>>();
  const pairs = hits ? hits.pairs(rows as unknown as HitRow[][], own) : new SurvivorList();
  await mark('hits counted');
  const checked = hits ? await checkSurvivors(db, items, pairs, threshold, survivorOptions) : [];
  await mark('survivors checked');
  return {
    pairs: pairs.length,
    kept: [...new Set([...kept, ...checked])],
    seqs: seqsOf(results.slice(statements.length, statements.length + seqStatements.length).flatMap((r) => r.results as unknown as { bigram: string; seq: number }[])),
  };
}

/**
 * Lookups a READ_SHARED statement takes (each a few dozen bytes: well under D1's 2 MB a string).
 * 10,000: in a county written from one template each reads ~9 postings, whose text a statement's
 * answer holds until copied into columns.
 */
const SHARED_ROWS = 10_000;

/**
 * The large submission's probe: its distinct lookups read once each, the hits counted per item
 * and stored version in JS (near-shared-tally.ts), the survivors checked from their stored sets (near-survivors.ts).
 */
async function probeShared(
  db: D1Database, items: readonly ProbeItem[], plan: ReadonlyMap<number, readonly ProbePlanRow[]>, threshold: number, options: SurvivorOptions, rows = SHARED_ROWS,
): Promise<number[]> {
  // Distinct lookups by token and position (one number: positions stay far below 2^16), whatever
  // the unit asking; each lookup's token, position and sizes, four numbers after the last's.
  const index = new Map<number, number>();
  const lookups: number[] = [];
  let maxAsks = 0;
  for (const [, n] of items) maxAsks += plan.get(n)?.length ?? 0;
  const asks = new SharedAsks(items.length, maxAsks);
  for (const [item, n, , seqs] of items) {
    for (const [, at, pos, lo, hi] of plan.get(n) ?? []) {
      const token = seqs[at - 1]!;
      if (token === 0) continue;
      const key = token * 65_536 + pos;
      let k = index.get(key);
      if (k === undefined) {
        index.set(key, (k = lookups.length / 4));
        lookups.push(token, pos, lo, hi);
      } else {
        if (lo < lookups[4 * k + 2]!) lookups[4 * k + 2] = lo;
        if (hi > lookups[4 * k + 3]!) lookups[4 * k + 3] = hi;
      }
      asks.ask(k, at, lo, hi);
    }
    asks.endItem(item, n);
  }
  index.clear();
  const count = lookups.length / 4;
  // Each statement's rows made columns as they arrive, so their texts do not pile up.
  const versions = new VersionTable();
  const chunks: Promise<SharedPostings>[] = [];
  for (let from = 0; from < count; from += rows) {
    const span = Math.min(rows, count - from);
    const chunk = Array.from({ length: span }, (_, j) => lookups.slice(4 * (from + j), 4 * (from + j) + 4));
    const positions = Int32Array.from(chunk, (lookup) => lookup[1]!);
    chunks.push(db.prepare(READ_SHARED).bind(JSON.stringify(chunk)).raw<[number, string | null]>().then((rows) => sharedPostings(rows, from, span, versions, positions)));
  }
  lookups.length = 0;
  const own = ownStatement(db, items.map((it) => it[2])).all<{ unit: number; ids: string | null }>().then((r) => ownTargets(r.results));
  const survivors = sharedSurvivors(await Promise.all(chunks), rows, asks, versions, threshold);
  // The items' own units' versions out (the lists hold every unit's).
  const unitOf = new Map(items.map(([item, , unitId]) => [item, unitId]));
  const mine = await own;
  const others = survivors.filter((i) => !mine.get(unitOf.get(survivors.item(i))!)?.has(survivors.version(i)));
  return checkSurvivors(db, items, others, threshold, options);
}

/** How many postings the lookups read one by one (the bench's count; the probe itself never counts). */
export async function probeReads(db: D1Database, items: readonly ProbeItem[], plan: ReadonlyMap<number, readonly ProbePlanRow[]>): Promise<number> {
  let n = 0;
  for (const [chunk, plans] of itemChunks(items, plan)) {
    n += (await db.prepare(`${PROBE_INPUT} SELECT
      (SELECT coalesce(sum(length(l.ids) - length(replace(l.ids, ',', '')) + 1), 0) FROM q CROSS JOIN near_lists l ON l.token = q.token AND l.pos = q.pos AND l.size BETWEEN q.lo AND q.hi)
      + (SELECT count(*) FROM q CROSS JOIN near_postings_recent np ON np.token = q.token AND np.pos = q.pos AND np.size BETWEEN q.lo AND q.hi WHERE np.unit_id <> q.unit_id) AS n`)
      .bind(chunk, plans).first<number>('n')) ?? 0;
  }
  return n;
}

/** [items, plans of their sizes] JSON chunks, each string under D1's limit. */
function itemChunks(items: readonly ProbeItem[], plan: ReadonlyMap<number, readonly ProbePlanRow[]>): [string, string][] {
  return jsonChunks(items).map((chunk) => {
    const sizes = new Set((JSON.parse(chunk) as ProbeItem[]).map((it) => it[1]));
    return [chunk, JSON.stringify([...sizes].flatMap((n) => plan.get(n) ?? []))];
  });
}

/** The probe's statements, for the test that holds their query plans. */
export const NEAR_PROBE_SQL = { READ_SHARED, PROBE_INPUT, ...NEAR_SURVIVORS_SQL, ...NEAR_HITS_SQL, ...NEAR_OWN_SQL } as const;
