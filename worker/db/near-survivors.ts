import type { D1Database, D1PreparedStatement, D1Result } from '@cloudflare/workers-types';
import { jsonChunks } from './json-chunks.js';
import { pairMayBeSimilar, setsMayBeSimilar } from '../near-pair-check.js';
import type { NearSetCache } from '../near-set-cache.js';
import type { ProbeItem } from './near-probe.js';
import { nearSketchMayBeSimilar, nearSketchOf } from '../../shared/near-signature.js';
import { readSketchList } from '../near-sketch.js';
import type { SurvivorList } from '../near-survivor-list.js';

// The probe's last step: the pairs its postings kept (an item, another unit's version), checked
// from the version's stored sets (near_sets: 0008's prefix, 0010's whole set), so the core is
// offered only versions it will find similar. Exact wherever a whole set is stored.

// The survivors' sizes and stored prefixes, by key (checkPairs then reads the whole sets of those
// passing, a quarter: reading them for every pair read and parsed 4× more).
const SURVIVOR_SETS = `
SELECT s.version_id, s.size AS m, s.prefix FROM json_each(?1) j CROSS JOIN near_sets s ON s.version_id = j.value`;

// The same with the whole sets (0010) in the same read: one round trip, more bytes. The way when
// the sets are kept (near-set-cache.ts): every set read is then kept, so a warm isolate reads none.
const SURVIVOR_SETS_WHOLE = `
SELECT s.version_id, s.size AS m, s.prefix, s.bigrams FROM json_each(?1) j CROSS JOIN near_sets s ON s.version_id = j.value`;

// The survivors' sizes and sketches (0013) by key, from the covering index (0013: ~30 bytes an
// entry, where near_sets' rows hold both sets), as one text 'id,size,hex;…' (hex '' for a row
// without a sketch). The pairs the sketches rule out need no set read (~95 % at 100,000 items on
// the bench's county). One row, not one per version: 3,500 random ids in the kept county, SQLite's
// time in workerd (medians of 7, load 1.7): 12 ms so, 36 ms as rows with the BLOB, 24 ms for the
// rows of whole sets read before 0013; the lookups alone 8 ms by the index, 14 ms by the table.
const SURVIVOR_SKETCHES = `
SELECT group_concat(s.version_id || ',' || s.size || ',' || hex(s.sketch), ';') AS list
FROM json_each(?1) j CROSS JOIN near_sets s INDEXED BY near_sets_sketch ON s.version_id = j.value`;

/**
 * The fewest versions to read for which their sketches are read first: below it one read of the
 * whole sets costs less than a round trip more. The probe alone, cold, medians of 11 (load
 * 1.8–2.7): 154 survivors (county of 1,000) 39 ms without the sketches against 43 with them, 491
 * (10,000) 66 against 85 ms; 3,530 (100,000) 141 against 110 ms.
 */
export const SKETCHES_FROM = 1_000;

/** Version ids a SURVIVOR_SKETCHES statement takes: its text then stays far under D1's 2 MB a value (~45 bytes an id). */
const SKETCH_IDS_BYTES = 200_000;

// The whole sets (0010) of the versions whose pairs passed the prefix's checks, by key.
const WHOLE_SETS = `
SELECT s.version_id, s.bigrams FROM json_each(?1) j CROSS JOIN near_sets s ON s.version_id = j.value`;

/**
 * A pair the probe kept: the item, the stored version, its size, its stored prefix (JSON, null if
 * its row is missing) and whole set (JSON; null if indexed before 0010; absent if not read yet).
 */
export interface PairRow { item: number; version_id: number; m: number; prefix: string | null; bigrams?: string | null }

/**
 * How survivors are checked: `wholeSets: false` stops at the prefix's checks (0008's way, bench);
 * `atOnce` reads whole sets with the prefixes; `cache` keeps whole sets between submissions (null:
 * none); `sketches: false` reads every survivor's set, none turned down by its sketch first (the
 * way before 0013, bench); `sketchFrom`: how many versions to read make it read their sketches
 * first (SKETCHES_FROM; tests set 0); `alongside`, statements read with the sets, for at most
 * `alongsideMax` versions read (ALONGSIDE_MAX; tests set 0).
 */
export interface SurvivorOptions { wholeSets?: boolean; atOnce?: boolean; cache?: NearSetCache | null; sketches?: boolean; sketchFrom?: number; alongside?: Alongside; alongsideMax?: number }

/**
 * More statements over the versions whose sets are read, sent in the same batch: the caller's
 * candidates' read (near-candidates.ts), so a cold probe's last round trip reads both. `take` gets
 * the versions asked and those statements' results.
 */
export interface Alongside {
  statements(ids: readonly number[]): D1PreparedStatement[];
  take(ids: readonly number[], results: readonly D1Result<unknown>[]): void;
}

/**
 * The most versions whose sets are read for which the Alongside statements come too. Beyond it
 * the caller reads only the versions kept, after, in a round trip of their own. A candidate's row
 * costs ~4.5 µs (SQLite 3.40 on the county of 100,000, warm) and most versions read are not kept:
 * 1,000 rows cost ~4.5 ms, what a deployed Worker's round trip to D1 costs from a few km away
 * (Smart Placement) to far less than one from a distant edge (20–40 ms); locally, where a round
 * trip costs ~1.5 ms, they cost ~3 ms more. A 60-row ledger reads ~100–370 sets at 1,000 items,
 * ~170–400 at 100,000 after the sketches and ~900 at 10,000 (no sketches there): the bench with
 * D1 20 ms away, 153 → 136 ms at 10,000 items (a round trip fewer), 29 → 31 ms locally (400 before).
 */
export const ALONGSIDE_MAX = 1000;

/** A probing item: its size and stored bigrams' seqs (0 where not stored yet), their positions and sketch once asked. */
type ItemSet = { n: number; seqs: readonly number[]; atOf?: Map<number, number>; sketch?: Int32Array };
type ItemSets = Map<number, ItemSet>;

/** Each probing item's size and seqs; its positions' map and sketch are made when a pair needs them (a map an item is ~1.5 KB). */
function itemSets(items: readonly ProbeItem[]): ItemSets {
  return new Map(items.map(([item, n, , seqs]) => [item, { n, seqs }]));
}

/** The item's stored bigrams' positions (seq → 1-based position). */
function atOf(it: ItemSet): Map<number, number> {
  return (it.atOf ??= new Map(it.seqs.flatMap((s, i) => (s > 0 ? [[s, i + 1] as const] : []))));
}

/**
 * The pairs whose versions' stored sketches (0013) leave room for a similar pair, read by key;
 * the others are turned down without reading their sets. An item's sketch holds its stored
 * bigrams only: one not stored yet is in no stored set, so leaving it out only loosens the bound.
 * A version without a sketch (indexed before 0013), or without its row, keeps its pairs.
 */
async function sketchFilter(db: D1Database, byItem: ItemSets, pairs: SurvivorList, ids: readonly number[], threshold: number): Promise<SurvivorList> {
  const results = await db.batch<{ list: string | null }>(jsonChunks(ids, SKETCH_IDS_BYTES).map((c) => db.prepare(SURVIVOR_SKETCHES).bind(c)));
  // Each version's size and sketch words at 4·slot of one array.
  const slot = new Map<number, number>();
  const sizes: number[] = [];
  const words = new Int32Array(4 * ids.length);
  for (const r of results) {
    const list = r.results[0]?.list;
    if (list) readSketchList(list, words.subarray(4 * sizes.length), (id, m) => slot.set(id, sizes.push(m) - 1));
  }
  // Pairs come item by item: each item's set looked up once a run.
  let item = -1;
  let it: ItemSet | undefined;
  return pairs.filter((i) => {
    const k = slot.get(pairs.version(i));
    if (k === undefined) return true;
    if (pairs.item(i) !== item) {
      item = pairs.item(i);
      it = byItem.get(item)!;
      it.sketch ??= nearSketchOf(it.seqs.filter((s) => s > 0));
    }
    return nearSketchMayBeSimilar(it!.n, it!.sketch!, 0, sizes[k]!, words, 4 * k, threshold);
  });
}

/**
 * Pairs kept by their hits, checked from their versions' stored sets (near_sets, read by key).
 * A version whose whole set the cache holds is checked exactly without a read; the others' sets
 * are read (whole at once when caching, and kept), then checked as checkPairs does.
 */
export async function checkSurvivors(
  db: D1Database, items: readonly ProbeItem[], survivors: SurvivorList, threshold: number,
  options: SurvivorOptions = {},
): Promise<number[]> {
  if (survivors.length === 0) return [];
  const wholeSets = options.wholeSets ?? true;
  const cache = wholeSets ? (options.cache ?? null) : null;
  const byItem = itemSets(items);
  const kept: number[] = [];
  // Pairs whose version's whole set the cache holds: checked exactly at once (its views are read
  // before any put below may overwrite them); the others wait for their sets' read, those their
  // sketches rule out turned down first.
  let waiting = !cache ? survivors : survivors.filter((i) => {
    const set = cache.get(survivors.version(i));
    if (!set) return true;
    const it = byItem.get(survivors.item(i))!;
    if (setsMayBeSimilar(it.n, atOf(it), set.length, set, threshold)) kept.push(survivors.version(i));
    return false;
  });
  let unread = waiting.versionIds();
  if (wholeSets && options.sketches !== false && unread.length && unread.length >= (options.sketchFrom ?? SKETCHES_FROM)) {
    waiting = await sketchFilter(db, byItem, waiting, unread, threshold);
    unread = waiting.versionIds();
  }
  const atOnce = wholeSets && (cache !== null || options.atOnce === true);
  const known = new Map<number, number[]>();
  const rows = new Map<number, { m: number; prefix: string; bigrams?: string | null }>();
  if (unread.length) {
    const read = atOnce ? SURVIVOR_SETS_WHOLE : SURVIVOR_SETS;
    // In id order: SQLite then walks near_sets' pages in order, one read each (3,355 sets at
    // 100,000 items, sqlite3 CLI alternated: 13–18 ms against 17–31 ms in the probe's order).
    const reads = jsonChunks(unread).map((c) => db.prepare(read).bind(c));
    const alongside = unread.length <= (options.alongsideMax ?? ALONGSIDE_MAX) ? options.alongside : undefined;
    const results = await db.batch<unknown>([...reads, ...(alongside?.statements(unread) ?? [])]);
    alongside?.take(unread, results.slice(reads.length));
    for (const r of results.slice(0, reads.length)) {
      for (const x of r.results as { version_id: number; m: number; prefix: string; bigrams?: string | null }[]) {
        if (typeof x.bigrams === 'string') known.set(x.version_id, JSON.parse(x.bigrams) as number[]);
        else rows.set(x.version_id, x);
      }
    }
  }
  const rest: PairRow[] = [];
  for (let i = 0; i < waiting.length; i++) {
    const item = waiting.item(i);
    const version = waiting.version(i);
    const set = known.get(version);
    if (set) {
      const it = byItem.get(item)!;
      if (setsMayBeSimilar(it.n, atOf(it), set.length, set, threshold)) kept.push(version);
      continue;
    }
    // No whole set: indexed before 0010 (its prefix's checks stand). A version without its row is
    // no longer its item's target (tombstoned, its ids still in the lists until the scheduled job
    // takes them out, 0017; or dropped since they were read): kept, as a superset (a row missing
    // for any other reason never costs a candidate); the candidates' read drops it.
    const s = rows.get(version);
    const m = waiting.m(i);
    rest.push({ item, version_id: version, m: s?.m ?? (m >= 0 ? m : 0), prefix: s?.prefix ?? null, ...(s && s.bigrams !== undefined ? { bigrams: s.bigrams } : {}) });
  }
  if (cache) for (const [id, set] of known) cache.put(id, set);
  return [...kept, ...(rest.length ? await checkPairs(db, byItem, rest, threshold, wholeSets) : [])];
}

/**
 * The stored versions of the pairs that pass the checks of near-pair-check.ts: the prefix's
 * checks (0008), then, for the survivors whose whole set is stored, the exact count of common
 * bigrams (read here unless the pair holds it). `wholeSets: false` stops after the prefix's
 * checks (0008's way, for the bench).
 */
export async function checkPairs(db: D1Database, items: readonly ProbeItem[] | ItemSets, pairs: readonly PairRow[], threshold: number, wholeSets: boolean): Promise<number[]> {
  const byItem = items instanceof Map ? items : itemSets(items);
  // A version is usually hit by several items: its sets parsed once.
  const prefixes = new Map<number, number[] | null>();
  const survivors = pairs.filter(({ item, version_id, m, prefix }) => {
    let seqs = prefixes.get(version_id);
    if (seqs === undefined) prefixes.set(version_id, (seqs = prefix === null ? null : (JSON.parse(prefix) as number[])));
    const it = byItem.get(item)!;
    return pairMayBeSimilar(it.n, atOf(it), m, seqs, threshold);
  });
  if (!wholeSets) return survivors.map((p) => p.version_id);
  const whole = new Map<number, string | null>(survivors.flatMap((p) => (p.bigrams === undefined ? [] : [[p.version_id, p.bigrams] as const])));
  const unread = [...new Set(survivors.filter((p) => !whole.has(p.version_id)).map((p) => p.version_id))];
  if (unread.length) {
    const results = await db.batch<{ version_id: number; bigrams: string | null }>(jsonChunks(unread).map((c) => db.prepare(WHOLE_SETS).bind(c)));
    for (const r of results) for (const x of r.results) whole.set(x.version_id, x.bigrams);
  }
  const sets = new Map<number, number[] | null>();
  return survivors.filter(({ item, version_id, m }) => {
    let all = sets.get(version_id);
    if (all === undefined) {
      const text = whole.get(version_id) ?? null;
      sets.set(version_id, (all = text === null ? null : (JSON.parse(text) as number[])));
    }
    const it = byItem.get(item)!;
    return all === null || setsMayBeSimilar(it.n, atOf(it), m, all, threshold); // no whole set: the prefix's checks stand
  }).map((p) => p.version_id);
}

/** The statements, for the test that holds their query plans. */
export const NEAR_SURVIVORS_SQL = { SURVIVOR_SETS, SURVIVOR_SETS_WHOLE, WHOLE_SETS, SURVIVOR_SKETCHES } as const;
