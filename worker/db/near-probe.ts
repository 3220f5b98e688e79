import type { D1Database } from '@cloudflare/workers-types';
import { jsonChunks } from './json-chunks.js';
import { SEQS, seqsOf } from './near-index.js';
import { hitStatements, NEAR_HITS_SQL, type HitRow } from './near-probe-hits.js';
import { SurvivorList } from '../near-survivor-list.js';
import { SharedAsks, sharedPostings, sharedSurvivors, SIZE_RADIX, VersionTable, type SharedPostings } from '../near-shared-tally.js';
import { checkPairs, checkSurvivors, NEAR_SURVIVORS_SQL, type PairRow, type SurvivorOptions } from './near-survivors.js';

// The probe of the near-duplicate index (migration 0007, shared/near-signature.ts): which other
// units' current versions may be similar to a submission's items. Exact: never drops a pair the
// core would find. Every lookup reads both tables of postings: near_postings and the recent ones
// not merged into it yet (0012, near-merge.ts).

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
// the joins on these columns.
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

// A small submission's probe before its hits were counted in the Worker (near-probe-hits.ts);
// kept as way `grouped` for the bench. Each lookup reads exactly its postings (token, position,
// size range: one range of the key), another unit's only (unit_id in the key: an own posting is
// rejected from its index entry). Postings are the items' targets' only (0007's triggers, 0016): no join. Most pairs are hit
// once (60,000 of 66,000 postings read in a county of 100,000): counting alone keeps the pairs hit
// at least twice (k = min(2, α) hits, α ≥ 2 but for sets of one bigram), each with its
// stored prefix (near_sets, 0008) for the Worker's checks (near-pair-check.ts); the survivors'
// whole sets (0010) are read after those checks (near-survivors.ts), a quarter of the pairs. The rows of
// a group share their item's n and their version's size. Grouped by version first: the sort
// compares fewer equal leading keys, and the prefixes are then read in key order.
const PROBE = `${PROBE_INPUT}, hit AS (
  SELECT q.item, q.n, np.version_id, np.size
  FROM q CROSS JOIN near_postings np ON np.token = q.token AND np.pos = q.pos AND np.size BETWEEN q.lo AND q.hi
  WHERE np.unit_id <> q.unit_id
  UNION ALL
  SELECT q.item, q.n, nr.version_id, nr.size
  FROM q CROSS JOIN near_postings_recent nr ON nr.token = q.token AND nr.pos = q.pos AND nr.size BETWEEN q.lo AND q.hi
  WHERE nr.unit_id <> q.unit_id
), pairs AS MATERIALIZED (
  SELECT item, version_id, size AS m FROM hit
  GROUP BY version_id, item
  HAVING count(*) >= 2 OR ?3 * (n + size) - 1e-9 <= 1
)
SELECT p.item, p.version_id, p.m, s.prefix FROM pairs p LEFT JOIN near_sets s ON s.version_id = p.version_id`;

// A large submission (a unit's whole ledger, an aggregate) shares most lookups between its
// items: each distinct (token, position, unit) is read once, over the sizes any of its items asks
// (the caller counts the hits per item), so an own posting is rejected at most once, whatever
// the number of items. The lookups are read out of their JSON once (MATERIALIZED): taken from
// the JSON at each posting, SQLite parsed a lookup's array again for every posting it compared
// (40,000 lookups of the kept county of 100,000 in the sqlite3 CLI: 0.74 s against 2.79 s). A row
// per lookup, its postings as one text (near-shared-tally.ts sharedPostings reads it), each
// posting one number, version_id · SIZE_RADIX + size (its position is the lookup's): a
// `version,size,pos` text built per posting cost a third of the statement (every lookup of that
// county, 935,000 postings, in local D1: 485–545 ms against 310–411 ms).
const READ_SHARED = `
WITH q AS MATERIALIZED (
  SELECT key, value ->> 0 AS token, value ->> 1 AS pos, value ->> 2 AS lo, value ->> 3 AS hi, value ->> 4 AS unit_id FROM json_each(?1)
)
SELECT q.key, (SELECT group_concat(version_id * ${SIZE_RADIX} + size) FROM (
    SELECT np.version_id, np.size FROM near_postings np
    WHERE np.token = q.token AND np.pos = q.pos AND np.size BETWEEN q.lo AND q.hi AND np.unit_id <> q.unit_id
    UNION ALL
    SELECT nr.version_id, nr.size FROM near_postings_recent nr
    WHERE nr.token = q.token AND nr.pos = q.pos AND nr.size BETWEEN q.lo AND q.hi AND nr.unit_id <> q.unit_id)) AS list
FROM q`;

/** Above this many lookups a submission reads each shared lookup once (probeShared). */
export const SHARED_LOOKUPS = 20_000;

/**
 * How a probe reads its postings: `hits`, each lookup's versions as one list, counted in the
 * Worker (near-probe-hits.ts; a small submission's way); `grouped`, counted per pair in SQL with
 * the survivors' prefixes (PROBE, the way before `hits`, kept for the bench); `shared`, each distinct
 * lookup read once over all items (a large submission's way); `hits-main`, `hits` on near_postings
 * alone (the bench's measure of what the recent table costs; misses the recent postings);
 * `hits-rows`, `hits` with a row per lookup (the way before its one text, bench).
 */
export type ProbeWay = 'hits' | 'grouped' | 'shared' | 'hits-main' | 'hits-rows';

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
  const survivorOptions: SurvivorOptions = { wholeSets, atOnce: options.setsAtOnce, cache: options.cache ?? null, sketches: options.sketches, sketchFrom: options.sketchFrom };
  const mark = options.mark ?? (async () => {});
  const ratio = threshold / (1 + threshold);
  const seqStatements = jsonChunks(moreBigrams).map((chunk) => db.prepare(SEQS).bind(chunk));
  const hits = way === 'hits' || way === 'hits-main' || way === 'hits-rows' ? hitStatements(db, items, plan, threshold, way === 'hits-main' ? 'main' : way === 'hits-rows' ? 'rows' : 'text') : null;
  const statements = hits?.statements ?? (way === 'grouped' ? itemChunks(items, plan).map(([chunk, plans]) => db.prepare(PROBE).bind(chunk, plans, ratio)) : []);
  const all = [...statements, ...seqStatements];
  await mark('lookups built');
  const [results, kept] = await Promise.all([
    all.length ? db.batch<Record<string, unknown>>(all) : Promise.resolve([]),
    way === 'shared' ? probeShared(db, items, plan, threshold, survivorOptions, options.sharedRows) : Promise.resolve([]),
  ]);
  await mark('postings read');
  const rows = results.slice(0, statements.length).map((r) => r.results);
  const pairs = hits ? hits.pairs(rows as unknown as HitRow[][]) : (rows.flat() as unknown as PairRow[]);
  await mark('hits counted');
  const checked = hits ? await checkSurvivors(db, items, SurvivorList.of(pairs), threshold, survivorOptions) : await checkPairs(db, items, pairs as PairRow[], threshold, wholeSets);
  await mark('survivors checked');
  return {
    pairs: pairs.length,
    kept: [...new Set([...kept, ...checked])],
    seqs: seqsOf(results.slice(statements.length).flatMap((r) => r.results as unknown as { bigram: string; seq: number }[])),
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
  // Distinct lookups by unit, then by token and position (one number: positions stay far below
  // 2^16); each lookup's token, position, sizes and unit, five numbers after the last's.
  const index = new Map<number, Map<number, number>>();
  const lookups: number[] = [];
  let maxAsks = 0;
  for (const [, n] of items) maxAsks += plan.get(n)?.length ?? 0;
  const asks = new SharedAsks(items.length, maxAsks);
  for (const [item, n, unitId, seqs] of items) {
    let byUnit = index.get(unitId);
    if (!byUnit) index.set(unitId, (byUnit = new Map()));
    for (const [, at, pos, lo, hi] of plan.get(n) ?? []) {
      const token = seqs[at - 1]!;
      if (token === 0) continue;
      const key = token * 65_536 + pos;
      let k = byUnit.get(key);
      if (k === undefined) {
        byUnit.set(key, (k = lookups.length / 5));
        lookups.push(token, pos, lo, hi, unitId);
      } else {
        if (lo < lookups[5 * k + 2]!) lookups[5 * k + 2] = lo;
        if (hi > lookups[5 * k + 3]!) lookups[5 * k + 3] = hi;
      }
      asks.ask(k, at, lo, hi);
    }
    asks.endItem(item, n);
  }
  index.clear();
  // The statement's numbers hold a size below SIZE_RADIX: every size it reads lies within a
  // lookup's lo..hi, and items' sizes stay far below it (a cell's 32,767 characters).
  for (let h = 3; h < lookups.length; h += 5) {
    if (lookups[h]! >= SIZE_RADIX) throw new Error(`near-duplicate probe: a stored size up to ${lookups[h]} does not fit SIZE_RADIX`);
  }
  const count = lookups.length / 5;
  // Each statement's rows made columns as they arrive, so their texts do not pile up.
  const versions = new VersionTable();
  const chunks: Promise<SharedPostings>[] = [];
  for (let from = 0; from < count; from += rows) {
    const span = Math.min(rows, count - from);
    const chunk = Array.from({ length: span }, (_, j) => lookups.slice(5 * (from + j), 5 * (from + j) + 5));
    const positions = Int32Array.from(chunk, (lookup) => lookup[1]!);
    chunks.push(db.prepare(READ_SHARED).bind(JSON.stringify(chunk)).raw<[number, string | null]>().then((rows) => sharedPostings(rows, from, span, versions, positions)));
  }
  lookups.length = 0;
  const survivors = sharedSurvivors(await Promise.all(chunks), rows, asks, versions, threshold);
  return checkSurvivors(db, items, survivors, threshold, options);
}

/** How many postings the lookups read one by one (the bench's count; the probe itself never counts). */
export async function probeReads(db: D1Database, items: readonly ProbeItem[], plan: ReadonlyMap<number, readonly ProbePlanRow[]>): Promise<number> {
  let n = 0;
  for (const [chunk, plans] of itemChunks(items, plan)) {
    for (const table of ['near_postings', 'near_postings_recent']) {
      n += (await db.prepare(`${PROBE_INPUT} SELECT count(*) AS n FROM q CROSS JOIN ${table} np ON np.token = q.token AND np.pos = q.pos
        AND np.size BETWEEN q.lo AND q.hi WHERE np.unit_id <> q.unit_id`).bind(chunk, plans).first<number>('n')) ?? 0;
    }
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
export const NEAR_PROBE_SQL = { PROBE, READ_SHARED, PROBE_INPUT, ...NEAR_SURVIVORS_SQL, ...NEAR_HITS_SQL } as const;
