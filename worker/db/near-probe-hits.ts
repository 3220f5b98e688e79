import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { nearOverlap, nearSizeRange } from '../../shared/near-signature.js';
import { CHUNK_BYTES, jsonChunks } from './json-chunks.js';
import type { ProbeItem, ProbePlanRow } from './near-probe.js';
import { SurvivorList } from '../near-survivor-list.js';

// A small submission's probe with its hits counted in the Worker (issue 13, "flat as the county
// grows"). On a county written from templates an item's rarest prefix bigrams still have postings
// in proportion to the county (63,000 read for a 60-row ledger in a county of 100,000), and
// counting them per (item, version) in SQL sorted every one: two thirds of the statement. Here
// each lookup hands over its versions as one list, walked along the key in its order, and the
// Worker counts them in a table of typed arrays (HitTable): no sort, no row per posting across D1.

// HITS: each lookup's versions as one list, every chunk's lists as one text, 'key:ids;…'
// (lookups without postings left out): D1 makes an object per row it hands over, and a 60-row
// ledger asks ~3,550 lookups whatever the county's size. A lookup is one range of each key: the
// lists (0017) of its token and stored position over its sizes, and the recent postings (0012,
// not merged yet) of other units than the item's. The lists hold every unit's ids: the item's
// own unit's are left out after the count (near-own.ts). The lookups are read out of their JSON
// once (materialized): the subquery's bounds are then plain values, where `q.value ->> 4` parsed
// the lookup's JSON again for every row it walked. Rows a posting (before 0017) made this
// statement 4 ms at 1,000 items and 11 ms at 100,000 in workerd; lists 6 ms at 100,000.
const HITS = `
WITH q AS MATERIALIZED (
  SELECT key, value ->> 0 AS token, value ->> 1 AS pos, value ->> 2 AS lo, value ->> 3 AS hi, value ->> 4 AS unit_id FROM json_each(?1)
)
SELECT group_concat(q.key || ':' || (SELECT group_concat(ids) FROM (
    SELECT l.ids FROM near_lists l
    WHERE l.token = q.token AND l.pos = q.pos AND l.size BETWEEN q.lo AND q.hi
    UNION ALL
    SELECT nr.version_id FROM near_postings_recent nr
    WHERE nr.token = q.token AND nr.pos = q.pos AND nr.size BETWEEN q.lo AND q.hi AND nr.unit_id <> q.unit_id)), ';') AS list
FROM q`;

type Lookup = [token: number, pos: number, lo: number, hi: number, unitId: number];

/** A HITS statement's row: its lookups' lists as one text. */
export type HitRow = { list: string | null };

/**
 * The statements reading every item's lookups, and how to turn their rows into the pairs kept
 * for the checks, the items' own units' versions (`own`, near-own.ts) left out.
 * `chunkBytes`: the lookups' JSON a statement takes at most (D1's limit; tests make it small).
 */
export function hitStatements(
  db: D1Database, items: readonly ProbeItem[], plan: ReadonlyMap<number, readonly ProbePlanRow[]>, threshold: number, chunkBytes = CHUNK_BYTES,
): {
  statements: D1PreparedStatement[];
  pairs(rows: readonly HitRow[][], own: ReadonlyMap<number, ReadonlySet<number>>): SurvivorList;
} {
  const lookups: Lookup[] = [];
  // Where each item's lookups end in `lookups` (they are item after item).
  const ends: number[] = [];
  for (const [, n, unitId, seqs] of items) {
    for (const [, at, pos, lo, hi] of plan.get(n) ?? []) {
      const token = seqs[at - 1]!;
      if (token > 0) lookups.push([token, pos, lo, hi, unitId]);
    }
    ends.push(lookups.length);
  }
  const chunks = jsonChunks(lookups, chunkBytes);
  const sizes = chunks.map((c) => (JSON.parse(c) as unknown[]).length);
  return {
    statements: chunks.map((c) => db.prepare(HITS).bind(c)),
    pairs(results, own) {
      // Each lookup's list, over every chunk's lookups in order: the text holding it and where
      // it lies there (none: no posting).
      const texts: (string | undefined)[] = new Array(lookups.length);
      const from = new Int32Array(lookups.length);
      const to = new Int32Array(lookups.length);
      let base = 0;
      results.forEach((rows, c) => {
        for (const r of rows) if (r.list !== null) placeLists(r.list, base, texts, from, to);
        base += sizes[c]!;
      });
      // As columns (near-survivor-list.ts), where objects a pair were made, then copied into them.
      const out = new SurvivorList();
      let start = 0;
      items.forEach(([item, n, unitId], i) => {
        // k = min(2, α) hits: 2 but for sets so small a single common bigram could do (α ≤ 1).
        // No positional check (nearMayBeSimilar) after: each lookup lies within the pair's own
        // prefixes, so k hits always pass it (test/shared/near-signature.test.ts); turned on
        // here, it turned down none of 182 pairs (test/worker/near-probe-hits.test.ts's ledgers).
        const need = nearOverlap(n, nearSizeRange(n, threshold)[0], threshold) <= 1 ? 1 : 2;
        let chars = 0;
        for (let l = start; l < ends[i]!; l++) chars += to[l]! - from[l]!;
        table.reset(chars);
        // The unit's own versions, met in the lists, never join `out`.
        const mine = own.get(unitId);
        for (let l = start; l < ends[i]!; l++) {
          const text = texts[l];
          if (text !== undefined) table.count(text, from[l]!, to[l]!, need, item, out, mine);
        }
        start = ends[i]!;
      });
      return out;
    },
  };
}

/** Where each lookup's list lies in a HITS text ('key:ids;…'), its keys counted from `base`. */
function placeLists(list: string, base: number, texts: (string | undefined)[], from: Int32Array, to: Int32Array): void {
  let i = 0;
  while (i < list.length) {
    let key = 0;
    let c: number;
    while ((c = list.charCodeAt(i++)) !== 58) key = key * 10 + c - 48;
    const end = list.indexOf(';', i);
    const stop = end < 0 ? list.length : end;
    texts[base + key] = list;
    from[base + key] = i;
    to[base + key] = stop;
    i = stop + 1;
  }
}

/**
 * Hits per version for one item: an open-addressing table of typed arrays, kept between items
 * and submissions. Its Map<version, count> before cost ~7 ms at 100,000 items (63,000 postings,
 * one get and one set each; the same lists counted in Node, medians of 30): this ~2.5 ms.
 */
class HitTable {
  private keys = new Int32Array(0);
  private hits = new Uint8Array(0);
  private used = new Int32Array(0);
  private filled = 0;
  private mask = 0;

  /** Empties the table for an item whose lists hold `chars` characters (at most chars / 2 ids). */
  reset(chars: number): void {
    for (let k = 0; k < this.filled; k++) this.hits[this.used[k]!] = 0;
    this.filled = 0;
    let size = 64;
    while (size < chars) size *= 2; // at least twice the ids: short probes
    // Grown for an item of very common bigrams: not kept at that size for every later item.
    if (this.keys.length < size || (this.keys.length > 1 << 16 && this.keys.length > 4 * size)) {
      this.keys = new Int32Array(size);
      this.hits = new Uint8Array(size);
      this.used = new Int32Array(size);
    }
    this.mask = size - 1;
  }

  /** Counts each version id of a comma-separated list (group_concat's, digits only) at text[start..end); a version reaching `need` hits joins `out` once, unless `mine` holds it. */
  count(text: string, start: number, end: number, need: number, item: number, out: SurvivorList, mine: ReadonlySet<number> | undefined): void {
    const { keys, hits, used, mask } = this;
    let v = 0;
    for (let i = start; i <= end; i++) {
      const c = i < end ? text.charCodeAt(i) : 44;
      if (c !== 44) {
        v = v * 10 + c - 48;
        continue;
      }
      let h = (Math.imul(v, 0x9e3779b1) >>> 0) & mask;
      while (hits[h] !== 0 && keys[h] !== v) h = (h + 1) & mask;
      if (hits[h] === 0) {
        keys[h] = v;
        used[this.filled++] = h;
      }
      if (hits[h] !== 255 && ++hits[h]! === need && !mine?.has(v)) out.push(item, v, -1);
      v = 0;
    }
  }
}

const table = new HitTable();

/** The statement, for the test that holds its query plan. */
export const NEAR_HITS_SQL = { HITS } as const;
